"""The day-by-day timeline: each day's developments (stories), ranked by what makes them matter.

Consumes stories and their member entries (and the quotes, figures and event
dates of those entries); produces days, newest information ranked first within
each day: a story ranks by the outlets and documents that reported it, its
updates, how often the corpus refers to its day (event dates), and what it
quotes and claims — never by where it stood on a page. Undated stories come
last, under "date unknown".

With ``dates`` and ``sentences`` it solves the timeline-summarisation task
instead (:mod:`.tls`): exactly that many dates, each with up to that many
sentences taken verbatim from the entries.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from .errors import Code, WirewatchError
from .extract.lexicon import FRACTIONS
from .query import entity_ids
from .store import Store
from .store.schema import entries, event_mentions, figures, quotes, stories, story_entities, story_entries, story_links
from .stories.summary import sentences as split_sentences
from .tls import Article, summarize_timeline


@dataclass
class TimelineStory:
    """One development on the timeline, with everyone who reported it."""

    id: str
    headline: str | None
    summary: str
    sources: list[str]
    documents: int
    entries: int
    first_published_at: str | None
    score: float
    quotes: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    related: list[str] = field(default_factory=list)


@dataclass
class TimelineDay:
    day: str | None
    stories: list[TimelineStory]

    def to_dict(self) -> dict:
        """Plain JSON data (shallow: the rows inside are already plain), far cheaper than ``dataclasses.asdict``."""
        return {"day": self.day, "stories": [dict(vars(story)) for story in self.stories]}


def build_timeline(store: Store, start: str | None = None, end: str | None = None, entity: str | None = None,
                   source: str | None = None, per_day: int | None = None, max_days: int | None = None) -> list[TimelineDay]:
    """Days (oldest first, undated last), each with its stories ranked by importance.

    ``max_days``: only the first that many days from ``start`` (a page of the timeline;
    the undated day counts as one, last)."""
    if max_days is not None:
        days = story_days(store, start, end, limit=max_days)[:max_days]
        if not days:
            return []
        dated = [d for d in days if d is not None]
        if dated:
            start, end = dated[0], dated[-1]
        chosen = _filtered_stories(store, start, end, entity, source) if dated else []
        if None in days:
            chosen += [s for s in _filtered_stories(store, None, None, entity, source, undated=True)]
    else:
        chosen = _filtered_stories(store, start, end, entity, source)
    if not chosen:
        return []
    ids = [s["id"] for s in chosen]
    members = _members(store, ids)
    references = _day_references(store, {(s["first_published_at"] or "")[:10] for s in chosen})
    details = _details(store, members)
    related = _related(store, ids)
    by_day: dict[str | None, list[TimelineStory]] = defaultdict(list)
    for row in chosen:
        entry_ids = [m["entry_id"] for m in members[row["id"]]]
        day = (row["first_published_at"] or "")[:10] or None
        found = details.get(row["id"], {"quotes": [], "figures": [], "events": 0})
        documents = len({m["document_id"] for m in members[row["id"]]})
        sources = json.loads(row["sources"])
        score = (3.0 * max(len(sources), 1 if documents else 0) + 2.0 * documents + len(entry_ids)
                 + 0.5 * found["events"] + 0.5 * len(found["quotes"]) + 0.5 * len(found["figures"])
                 + 0.25 * references.get(day, 0))
        by_day[day].append(TimelineStory(
            row["id"], row["headline"], row["summary"], sources, documents, len(entry_ids), row["first_published_at"],
            round(score, 2), _best(found["quotes"], "speaker"), _best(found["figures"], "claimed_by"), related.get(row["id"], [])))
    days = []
    for day in sorted(by_day, key=lambda d: (d is None, d or "")):
        ranked = sorted(by_day[day], key=lambda s: (-s.score, s.first_published_at or "", s.id))
        days.append(TimelineDay(day, ranked[:per_day] if per_day else ranked))
    return days


def summarize(store: Store, n_dates: int, n_sentences: int, start: str | None = None, end: str | None = None,
              entity: str | None = None, source: str | None = None) -> list[tuple[str, list[str]]]:
    """The timeline-summarisation task over the (filtered) dated entries: exactly ``n_dates`` dates
    (fewer only when fewer days have news), each with up to ``n_sentences`` verbatim sentences."""
    if n_dates < 1 or n_sentences < 1:
        raise WirewatchError(Code.BAD_OPTION, "--dates and --sentences must both be 1 or more")
    wanted = None
    if entity or source:
        wanted = {m["entry_id"] for rows in _members(store, [s["id"] for s in _filtered_stories(store, start, end, entity, source)]).values() for m in rows}
    articles = []
    with store.engine.connect() as conn:
        query = select(entries.c.id, entries.c.headline, entries.c.text, entries.c.published_at).where(
            entries.c.published_at.is_not(None), entries.c.is_promo.is_(False))
        for row in conn.execute(query):
            if wanted is not None and row.id not in wanted:
                continue
            day = date.fromisoformat(row.published_at[:10])
            articles.append(Article(row.id, day, split_sentences(row.text)))
    return [(d.isoformat(), chosen) for d, chosen in summarize_timeline(
        articles, n_dates, n_sentences, _day(start, "--from"), _day(end, "--to"))]


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise WirewatchError(Code.BAD_DATE, f"{option} {value!r} is not a date; use YYYY-MM-DD") from None


def story_days(store: Store, start: str | None = None, end: str | None = None, limit: int | None = None) -> list[str | None]:
    """The days that have stories, from ``start`` to ``end``, oldest first; ``None`` (undated) last
    (``limit``: at most that many dated days)."""
    first, last = _day(start, "--from"), _day(end, "--to")
    day = func.substr(stories.c.first_published_at, 1, 10)
    query = select(day).distinct().where(stories.c.first_published_at.is_not(None)).order_by(day)
    if first:
        query = query.where(stories.c.first_published_at >= first.isoformat())
    if last:
        query = query.where(stories.c.first_published_at < last.isoformat() + "~")  # "~" sorts after any time of that day
    if limit is not None:
        query = query.limit(limit)
    with store.engine.connect() as conn:
        found: list[str | None] = list(conn.execute(query).scalars())
        if limit is None or len(found) < limit:
            if conn.execute(select(stories.c.id).where(stories.c.first_published_at.is_(None)).limit(1)).first():
                found.append(None)
    return found


def _filtered_stories(store: Store, start: str | None, end: str | None, entity: str | None, source: str | None,
                      undated: bool = False) -> list[dict]:
    first, last = _day(start, "--from"), _day(end, "--to")
    query = select(stories)
    if undated:
        query = query.where(stories.c.first_published_at.is_(None))
    if first:
        query = query.where(stories.c.first_published_at >= first.isoformat())
    if last:
        query = query.where(stories.c.first_published_at < last.isoformat() + "~")
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
        if source:
            wanted = source.casefold()
            rows = [r for r in rows if any(s.casefold() == wanted for s in json.loads(r["sources"]))]
        if entity:
            ids = entity_ids(store, entity)
            if not ids:
                raise WirewatchError(Code.NOT_FOUND_IN_STORE, f"no entity named {entity!r}; see `wirewatch export` entities.jsonl for names")
            hits = {r.story_id for r in conn.execute(select(story_entities.c.story_id).where(story_entities.c.entity_id.in_(ids)))}
            rows = [r for r in rows if r["id"] in hits]
    return rows


def _members(store: Store, story_ids: list[str]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {s: [] for s in story_ids}
    with store.engine.connect() as conn:
        for i in range(0, len(story_ids), 500):
            chunk = story_ids[i:i + 500]
            query = (select(story_entries.c.story_id, story_entries.c.entry_id, story_entries.c.document_id)
                     .where(story_entries.c.story_id.in_(chunk))  # in publication order, undated last, on every backend
                     .order_by(story_entries.c.published_at.is_(None), story_entries.c.published_at, story_entries.c.entry_id))
            for row in conn.execute(query).mappings():
                grouped[row["story_id"]].append(dict(row))
    return grouped


def _day_references(store: Store, days: set[str]) -> Counter:
    """How many event mentions across the corpus are dated to each of ``days`` (a day the news keeps referring to)."""
    wanted = sorted(d for d in days if d)
    if not wanted:
        return Counter()
    with store.engine.connect() as conn:
        day = func.substr(event_mentions.c.date, 1, 10)  # one expression in SELECT and GROUP BY (PostgreSQL compares them)
        rows = conn.execute(select(day, func.count())
                            .where(event_mentions.c.date >= wanted[0], event_mentions.c.date < wanted[-1] + "~")
                            .group_by(day))
        return Counter({day: count for day, count in rows if day in days})


def _details(store: Store, members: dict[str, list[dict]]) -> dict[str, dict]:
    """Quotes (direct, with a speaker first), figures and event counts of each story's entries."""
    story_of = {m["entry_id"]: story for story, rows in members.items() for m in rows}
    found: dict[str, dict] = defaultdict(lambda: {"quotes": [], "figures": [], "events": 0})
    entry_ids = list(story_of)
    with store.engine.connect() as conn:
        for i in range(0, len(entry_ids), 500):
            chunk = entry_ids[i:i + 500]
            for row in conn.execute(select(quotes.c.entry_id, quotes.c.start, quotes.c.text, quotes.c.speaker)
                                    .where(quotes.c.entry_id.in_(chunk), quotes.c.direct.is_(True))).mappings():
                found[story_of[row["entry_id"]]]["quotes"].append(dict(row))
            for row in conn.execute(select(figures.c.entry_id, figures.c.start, figures.c.text, figures.c.claimed_by, figures.c.about)
                                    .where(figures.c.entry_id.in_(chunk))).mappings():
                found[story_of[row["entry_id"]]]["figures"].append(dict(row))
            for row in conn.execute(select(event_mentions.c.entry_id, func.count()).where(event_mentions.c.entry_id.in_(chunk))
                                    .group_by(event_mentions.c.entry_id)):
                found[story_of[row[0]]]["events"] += row[1]
    order = {m["entry_id"]: i for rows in members.values() for i, m in enumerate(rows)}
    for details in found.values():  # members' order, then place in the entry: the same on every backend
        for kind in ("quotes", "figures"):
            details[kind].sort(key=lambda item: (order[item["entry_id"]], item["start"]))
            for item in details[kind]:
                del item["start"]
    return found


def what_it_counts(text: str, about: str | None) -> str:
    """What a figure counts, as it reads after the figure: ``troops`` after ``more than 40,000``,
    ``of shells`` after ``dozens``, ``of Russia’s land combat forces`` after ``nearly 60%``; empty if unknown."""
    if not about:
        return ""
    last = text.split()[-1].lower() if text.split() else ""
    share = last.split("-")[-1] in FRACTIONS  # "about a third", "two-thirds"
    part = (last in ("dozens", "hundreds", "thousands", "millions", "scores", "tens") or share or last.endswith("%")
            or text.lower().endswith(("per cent", "percent")) or "’s " in about or "'s " in about)
    return f"of {about}" if part else about


def figure_phrase(text: str, about: str | None) -> str:
    """A figure with what it counts: ``more than 40,000 troops``, ``dozens of shells``."""
    counted = what_it_counts(text, about)
    return f"{text} {counted}" if counted else text


#: Words from which a quote is a statement rather than a phrase picked out.
_STATEMENT_WORDS = 6


def _best(items: list[dict], who: str, size: int = 2) -> list[dict]:
    """The first ``size`` items that name who said or claimed them, else the first ones; no repeats.
    A quote of a few words (a scare quote: ``“pretext”``) comes after the statements."""
    seen, chosen = set(), []
    for item in sorted(items, key=lambda i: (i.get(who) is None, len(i["text"].split()) < _STATEMENT_WORDS)):
        key = " ".join(item["text"].lower().replace("per cent", "percent").split())[:80]  # "0 per cent" = "0 percent"
        if key not in seen:
            seen.add(key)
            chosen.append(item)
    return chosen[:size]


def _related(store: Store, story_ids: list[str]) -> dict[str, list[str]]:
    wanted = set(story_ids)
    linked: dict[str, list[str]] = defaultdict(list)
    with store.engine.connect() as conn:
        for i in range(0, len(story_ids), 500):
            chunk = story_ids[i:i + 500]
            query = select(story_links).where(story_links.c.story_id.in_(chunk) | story_links.c.related_id.in_(chunk))
            for row in conn.execute(query.order_by(story_links.c.score.desc(), story_links.c.story_id, story_links.c.related_id)):
                if row.story_id in wanted and row.related_id not in linked[row.story_id]:
                    linked[row.story_id].append(row.related_id)
                if row.related_id in wanted and row.story_id not in linked[row.related_id]:
                    linked[row.related_id].append(row.story_id)
    return linked
