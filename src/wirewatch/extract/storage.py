"""Reading and writing the analysis tables (one transaction per document)."""

from __future__ import annotations

from sqlalchemy import and_, delete, insert, select, text, update

from ..store import Store, dialects
from ..store.schema import analysis_state, documents, event_mentions, figures, mentions, quotes
from .resolve import Mention
from .resolve_index import RESOLVED

_TABLES = {"entities": mentions, "quotes": quotes, "figures": figures, "events": event_mentions}


def pending_documents(store: Store, stages: tuple[str, ...], force: bool) -> list[dict]:
    """Documents on which some of ``stages`` has not run for their current content."""
    with store.engine.connect() as conn:
        docs = conn.execute(select(documents.c.id, documents.c.content_hash, documents.c.source).order_by(documents.c.id)).mappings().all()
        done = conn.execute(select(analysis_state)).mappings().all()
    state = {(r["document_id"], r["stage"]): r["content_hash"] for r in done}
    return [dict(d) for d in docs if force or any(state.get((d["id"], s)) != d["content_hash"] for s in stages)]


def write_document_results(store: Store, info: dict, stages: tuple[str, ...], results: dict[str, list]) -> None:
    """Replace one document's rows for ``stages`` and mark them done, in one transaction."""
    doc_id = info["id"]
    with store.engine.begin() as conn:
        # PostgreSQL: concurrent runs replace a document's results in turn, never while entities are linked
        dialects.lock_in_transaction(conn, "analysis-results", shared=True)
        dialects.lock_in_transaction(conn, f"analysis:{doc_id}")
        for stage in stages:
            table = _TABLES[stage]
            conn.execute(delete(table).where(table.c.document_id == doc_id))
            rows = _rows(stage, doc_id, results)
            if rows:
                conn.execute(insert(table), rows)
                if stage in ("quotes", "figures"):  # when it was said or claimed: the entry's time
                    conn.execute(text(f"UPDATE {table.name} SET published_at = (SELECT published_at FROM entries "
                                      f"WHERE entries.id = {table.name}.entry_id) WHERE document_id = :d"), {"d": doc_id})
            conn.execute(delete(analysis_state).where(and_(analysis_state.c.document_id == doc_id, analysis_state.c.stage == stage)))
            conn.execute(insert(analysis_state).values(document_id=doc_id, stage=stage, content_hash=info["content_hash"]))
        # the document's links are gone and its old mentions counted in the stored entities: a full resolution is due
        conn.execute(update(analysis_state).where(and_(analysis_state.c.document_id == doc_id, analysis_state.c.stage == RESOLVED))
                     .values(content_hash=""))


def _rows(stage: str, doc_id: str, results: dict[str, list]) -> list[dict]:
    if stage == "entities":
        return [{
            "id": f"{doc_id}@m{m.start}-{m.end}", "document_id": doc_id, "entry_id": m.entry_id, "start": m.start,
            "end": m.end, "text": m.text, "name": m.name, "label": m.label, "role": m.role, "country": m.country,
            "is_role": m.is_role, "holder": m.holder, "acts": m.acts, "entity_id": None,
        } for m in results["mentions"]]
    if stage == "quotes":
        return [{
            "id": f"{doc_id}@q{q.start}-{q.end}", "document_id": doc_id, "entry_id": q.entry_id, "start": q.start,
            "end": q.end, "text": q.text, "speaker": q.speaker, "speaker_text": q.speaker, "speaker_entity_id": None,
            "cue": q.cue, "direct": q.direct,
        } for q in results["quotes"]]
    if stage == "events":
        return [{
            "id": f"{doc_id}@e{e.start}-{e.end}", "document_id": doc_id, "entry_id": e.entry_id, "start": e.start,
            "end": e.end, "trigger": e.trigger, "sentence": e.sentence, "type": e.type, "mode": e.mode,
            "context": e.context, "source_text": e.source, "target_text": e.target, "location": e.location,
            "negated": e.negated, "hypothetical": e.hypothetical, "claimed_by": e.claimed_by, "date": e.date,
            "date_precision": e.date_precision, "confidence": e.confidence,
            "source_entity_id": None, "target_entity_id": None, "event_id": None,
        } for e in results["event_mentions"]]
    return [{
        "id": f"{doc_id}@f{f.start}-{f.end}", "document_id": doc_id, "entry_id": f.entry_id, "start": f.start,
        "end": f.end, "text": f.text, "value": f.value, "unit": f.unit, "qualifier": f.qualifier, "about": f.about,
        "claimed_by": f.claimed_by, "claimed_by_text": f.claimed_by, "claimed_by_entity_id": None,
        "claimant_kind": f.claimant_kind, "measure": f.measure.noun, "subject": f.measure.subject,
        "place": f.measure.place, "is_change": f.measure.change,
    } for f in results["figures"]]


def load_mentions(store: Store) -> list[Mention]:
    """Every stored mention, as compact :class:`~.resolve.Mention` rows with the columns resolution
    reads, in document and text order; repeated strings (documents, names, labels, roles,
    countries) are shared rather than held once per mention."""
    shared: dict[str, str] = {}
    columns = [mentions.c[name] for name in Mention.COLUMNS]
    query = select(*columns).order_by(mentions.c.document_id, mentions.c.start, mentions.c.end, mentions.c.id)
    out = []
    with store.engine.connect() as conn:
        for mid, doc, start, name, label, role, country, is_role, holder, acts in conn.execute(query):
            out.append(Mention(mid, shared.setdefault(doc, doc), start, shared.setdefault(name, name), shared.setdefault(label, label),
                               role and shared.setdefault(role, role), country and shared.setdefault(country, country),
                               bool(is_role), holder, bool(acts)))
    return out
