"""Tables of the store (SQLAlchemy Core). Changes go through an Alembic migration."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, ForeignKey, Index, Integer, MetaData, Table, Text

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", Text, primary_key=True),
    Column("source", Text),
    Column("title", Text),
    Column("url", Text),
    Column("published_at", Text, doc="UTC ISO 8601 at date_precision, or NULL"),
    Column("date_precision", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("removed", Text, nullable=False, doc="JSON list of {text, reason}"),
    Column("content_hash", Text, nullable=False),
    Column("format", Text, nullable=False),
    Column("origin", Text, nullable=False),
    Column("encoding", Text, nullable=False),
    Column("ingested_at", Text, nullable=False),
    Column("version", Integer, nullable=False, server_default="1", doc="1 for the first save, +1 per changed save (migration 0010)"),
    Column("scraped_at", Text, doc="when the saved page was fetched, if known"),
)

entries = Table(
    "entries",
    metadata,
    Column("id", Text, primary_key=True),
    Column("document_id", Text, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("headline", Text),
    Column("published_at", Text),
    Column("date_precision", Text, nullable=False),
    Column("time_of_day", Text),
    Column("is_lead", Boolean, nullable=False),
    Column("is_promo", Boolean, nullable=False),
    Column("is_key", Boolean, nullable=False),
    Column("marker", Text),
    Column("char_start", Integer, nullable=False),
    Column("char_end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("added_at", Text, doc="when the entry was first stored (migration 0010)"),
    Column("version", Integer, nullable=False, server_default="1", doc="the document version that last changed the entry"),
    Column("withdrawn_at", Text, doc="set when a later version of the document no longer has the entry"),
)

Index("ix_entries_document", entries.c.document_id, entries.c.idx)
Index("ix_entries_published", entries.c.published_at)
Index("ix_documents_published", documents.c.published_at)

analysis_state = Table(
    "analysis_state",
    metadata,
    Column("document_id", Text, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("stage", Text, primary_key=True),
    Column("content_hash", Text, nullable=False, doc="the document version the stage last ran on"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Text, primary_key=True),
    Column("document_id", Text, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("entry_id", Text, nullable=False),
    Column("start", Integer, nullable=False, doc="offset in documents.text"),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False, doc="surface form"),
    Column("name", Text, nullable=False, doc="surface form without titles and articles"),
    Column("label", Text, nullable=False, doc="PERSON, ORG or PLACE after corrections"),
    Column("role", Text, doc="a role description this mention holds, e.g. 'nato chief'"),
    Column("country", Text, doc="affiliation the text states"),
    Column("is_role", Boolean, nullable=False, doc="a role description standing for its holder"),
    Column("holder", Integer, doc="for a title before a name: the name mention's start"),
    Column("acts", Boolean, nullable=False, doc="subject or possessor of its clause"),
    Column("entity_id", Text),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("country", Text),
    Column("aliases", Text, nullable=False, doc="JSON list of other names"),
    Column("mentions", Integer, nullable=False),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Text, primary_key=True),
    Column("document_id", Text, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("entry_id", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("speaker", Text, doc="canonical name when resolved, else as written"),
    Column("speaker_text", Text, doc="the speaker as the text gives it (pronouns resolved)"),
    Column("speaker_entity_id", Text),
    Column("cue", Text),
    Column("direct", Boolean, nullable=False),
    Column("published_at", Text, doc="the entry's time: when it was said, as far as the text tells"),
)

figures = Table(
    "figures",
    metadata,
    Column("id", Text, primary_key=True),
    Column("document_id", Text, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("entry_id", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", Float),
    Column("unit", Text),
    Column("qualifier", Text),
    Column("about", Text),
    Column("claimed_by", Text),
    Column("claimed_by_text", Text),
    Column("claimed_by_entity_id", Text),
    Column("claimant_kind", Text, nullable=False, doc="speaker, organisation or outlet"),
    Column("published_at", Text, doc="the entry's time"),
    Column("measure", Text, doc="class of the counted noun: troops, people, aircraft ..."),
    Column("subject", Text, doc="the country whose counted things they are"),
    Column("place", Text, doc="the country where they are"),
    Column("is_change", Boolean, doc="a change (new, additional, in recent days), not a level"),
)

Index("ix_mentions_document", mentions.c.document_id)
Index("ix_quotes_entry", quotes.c.entry_id)
Index("ix_figures_entry", figures.c.entry_id)
Index("ix_quotes_document", quotes.c.document_id)  # migration 0011
Index("ix_figures_document", figures.c.document_id)

event_mentions = Table(
    "event_mentions",
    metadata,
    Column("id", Text, primary_key=True),
    Column("document_id", Text, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("entry_id", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("trigger", Text, nullable=False),
    Column("sentence", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("mode", Text),
    Column("context", Text),
    Column("source_text", Text),
    Column("target_text", Text),
    Column("location", Text),
    Column("negated", Boolean, nullable=False),
    Column("hypothetical", Boolean, nullable=False),
    Column("claimed_by", Text),
    Column("date", Text),
    Column("date_precision", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("source_entity_id", Text),
    Column("target_entity_id", Text),
    Column("event_id", Text),
)

events = Table(
    "events",
    metadata,
    Column("id", Text, primary_key=True),
    Column("entry_id", Text, nullable=False, doc="the earliest mention's entry"),
    Column("date", Text),
    Column("date_precision", Text, nullable=False),
    Column("type", Text, nullable=False),
    Column("mode", Text),
    Column("context", Text),
    Column("source_actor", Text),
    Column("source_entity_id", Text),
    Column("source_country", Text),
    Column("target_actor", Text),
    Column("target_entity_id", Text),
    Column("target_country", Text),
    Column("location", Text),
    Column("sentence", Text, nullable=False),
    Column("negated", Boolean, nullable=False),
    Column("hypothetical", Boolean, nullable=False),
    Column("score", Float, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("mentions", Integer, nullable=False),
)

Index("ix_event_mentions_document", event_mentions.c.document_id)
Index("ix_events_date", events.c.date)

stories = Table(
    "stories",
    metadata,
    Column("id", Text, primary_key=True),
    Column("headline", Text, doc="chosen from the members' headlines"),
    Column("summary", Text, nullable=False, doc="sentences from the members, never written anew"),
    Column("first_published_at", Text),
    Column("last_published_at", Text),
    Column("sources", Text, nullable=False, doc="JSON list of outlets"),
    Column("size", Integer, nullable=False),
    Column("vector", Text, nullable=False, doc="JSON summed member features (clustering state)"),
    Column("updated_at", Text, doc="when the stage last wrote the story (the live timeline's cursor)"),
)

story_entries = Table(
    "story_entries",
    metadata,
    Column("entry_id", Text, primary_key=True),
    Column("story_id", Text, nullable=False),
    Column("document_id", Text, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("source", Text),
    Column("published_at", Text),
    Column("score", Float, nullable=False, doc="similarity that put the entry in its story"),
    Column("copy_of", Text, doc="the entry this one is a near-copy of"),
    Column("features", Text, nullable=False, doc="JSON feature bag (clustering state)"),
    Column("signature", Text, doc="JSON MinHash values (near-copy state)"),
)

story_links = Table(
    "story_links",
    metadata,
    Column("story_id", Text, primary_key=True),
    Column("related_id", Text, primary_key=True),
    Column("score", Float, nullable=False),
)

term_stats = Table(
    "term_stats",
    metadata,
    Column("term", Text, primary_key=True),
    Column("df", Integer, nullable=False),
)

Index("ix_story_entries_story", story_entries.c.story_id)
Index("ix_stories_last", stories.c.last_published_at)
Index("ix_stories_first", stories.c.first_published_at)

# Reading indexes (migration 0005): filters by entity, entry and date.
Index("ix_mentions_entry", mentions.c.entry_id)
Index("ix_mentions_entity", mentions.c.entity_id)
Index("ix_event_mentions_entry", event_mentions.c.entry_id)
Index("ix_event_mentions_date", event_mentions.c.date)
Index("ix_quotes_speaker", quotes.c.speaker_entity_id)
Index("ix_figures_claimant", figures.c.claimed_by_entity_id)
Index("ix_events_source", events.c.source_entity_id)
Index("ix_events_target", events.c.target_entity_id)
Index("ix_story_links_related", story_links.c.related_id)
Index("ix_entities_mentions", entities.c.mentions)

story_entities = Table(
    "story_entities",
    metadata,
    Column("entity_id", Text, primary_key=True),
    Column("story_id", Text, primary_key=True),
    Column("mentions", Integer, nullable=False, doc="mentions of the entity in the story's entries"),
    Column("first_published_at", Text, doc="the story's, copied for ordering"),
)
Index("ix_story_entities_time", story_entities.c.entity_id, story_entities.c.first_published_at, story_entities.c.story_id)
Index("ix_story_entities_story", story_entities.c.story_id)
Index("ix_events_source_date", events.c.source_entity_id, events.c.date, events.c.id)
Index("ix_events_target_date", events.c.target_entity_id, events.c.date, events.c.id)
Index("ix_quotes_speaker_time", quotes.c.speaker_entity_id, quotes.c.published_at, quotes.c.id)
Index("ix_figures_claimant_time", figures.c.claimed_by_entity_id, figures.c.published_at, figures.c.id)
Index("ix_figures_measure", figures.c.measure, figures.c.subject, figures.c.place)

# Versions, history and alerts (migration 0010).
document_versions = Table(
    "document_versions",
    metadata,
    Column("document_id", Text, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("content_hash", Text, nullable=False),
    Column("origin", Text, nullable=False),
    Column("scraped_at", Text),
    Column("ingested_at", Text, nullable=False),
    Column("added", Integer, nullable=False),
    Column("edited", Integer, nullable=False),
    Column("withdrawn", Integer, nullable=False),
)
Index("ix_document_versions_hash", document_versions.c.document_id, document_versions.c.content_hash)

entry_history = Table(
    "entry_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entry_id", Text, nullable=False),
    Column("document_id", Text, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False, doc="the document version this text belonged to"),
    Column("headline", Text),
    Column("text", Text, nullable=False),
    Column("published_at", Text),
    Column("replaced_at", Text, nullable=False, doc="when a later version replaced it"),
)
Index("ix_entry_history_entry", entry_history.c.entry_id)
Index("ix_documents_url", documents.c.url)
Index("ix_stories_updated", stories.c.updated_at)

alerts = Table(
    "alerts",
    metadata,
    Column("rule", Text, primary_key=True),
    Column("fact", Text, primary_key=True, doc="what fired the rule: an event, figure, story or period key"),
    Column("fired_at", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("payload", Text, nullable=False, doc="JSON of the alert as delivered"),
)

# Input files already read (migration 0012): a later batch skips a file whose state is the same.
input_files = Table(
    "input_files",
    metadata,
    Column("path", Text, primary_key=True, doc="absolute path of the input file"),
    Column("signature", Text, nullable=False, doc="JSON: size and modification time of the file and its sidecar, batch options, processing version"),
    Column("documents", Text, nullable=False, doc="JSON list of [id read, id stored, content hash] of the documents it gave"),
    Column("recorded_at", Text, nullable=False),
)

# What the last full entity resolution found corpus-wide (migration 0013), so that a few new documents
# can be linked to the stored entities without resolving the corpus again (:mod:`wirewatch.extract.resolve_local`).
resolution_keys = Table(
    "resolution_keys",
    metadata,
    Column("key", Text, primary_key=True, doc="a name's comparison key (spelling-insensitive)"),
    Column("type", Text, nullable=False, doc="PERSON, ORG or PLACE, as voted over the corpus"),
    Column("entity_id", Text, doc="the entity the name refers to corpus-wide"),
    Column("surname", Text, doc="for a person's full name: its last word"),
)
Index("ix_resolution_keys_surname", resolution_keys.c.surname)

resolution_roles = Table(
    "resolution_roles",
    metadata,
    Column("kind", Text, nullable=False, doc="'holder': a person named with the role; 'organisation': a named organisation of that kind"),
    Column("role", Text, nullable=False, doc="'nato chief', 'foreign minister'; for organisations the kind noun: 'alliance'"),
    Column("country", Text, doc="the country stated beside the holder's name"),
    Column("entity_id", Text, nullable=False),
)
Index("ix_resolution_roles_role", resolution_roles.c.kind, resolution_roles.c.role)

resolution_state = Table(
    "resolution_state",
    metadata,
    Column("id", Integer, primary_key=True, doc="always 1: one row"),
    Column("version", Text, nullable=False, doc="the resolution rules' version the index was made with"),
    Column("full_mentions", Integer, nullable=False, doc="mentions the last full resolution read"),
    Column("local_mentions", Integer, nullable=False, doc="mentions linked locally since"),
    Column("resolved_at", Text, nullable=False, doc="when the last full resolution ran"),
)

relinked_entries = Table(
    "relinked_entries",
    metadata,
    Column("entry_id", Text, primary_key=True, doc="an entry some of whose mentions changed entity since the stories stage last indexed it"),
)
