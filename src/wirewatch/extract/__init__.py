"""Analysis stages over stored entries: ``entities``, ``quotes``, ``figures``, ``events``.

Each entry is parsed once per run (spaCy, loaded once per process) and every
requested stage reads that parse. Work is incremental: a stage runs on a
document only when the document changed since the stage last ran on it
(``analysis_state``), unless forced. Per-document results are written in one
transaction; canonical entities are then resolved over the whole corpus
(:mod:`.resolve`) and speakers and claimants are linked to them, or, when the
documents analysed since the last resolution are new and few, those documents
are linked to the stored entities (:mod:`.resolve_local`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..engine import Engine
from ..errors import Code, WirewatchError
from ..limits import ANALYSIS_CHARS, max_analysis_chars
from ..nlp import parse, parse_cached
from ..store import Store, dialects
from ..models import Stamp
from .events import find_events
from .figures import find_figures
from .known_names import add_known_names, people_named, restore_model_entities
from .lexicon_plover import load_lexicon
from .mentions import find_mentions, link_counterparts, link_descriptions, link_state_descriptions, mark_surnames
from .quotes import find_quotes
from .resolve_local import link_new_documents, resolution_pending
from .resolve_paged import resolve_store
from .speakers import Context
from .storage import pending_documents, write_document_results

STAGES = ("entities", "quotes", "figures", "events")
BATCH_DOCUMENTS = 32
#: Entries longer than this are parsed in pieces (spaCy needs about 1 GB per 100,000 characters of one text).
PIECE_CHARS = 20_000


def analyze(store: Store, stages: Iterable[str] = STAGES, force: bool = False, progress: Callable[[int, int, str], None] | None = None,
            engine: Engine | None = None) -> dict[str, int]:
    """Run ``stages`` on documents that need them; return counts of what was found.

    ``engine`` runs the per-document parse and extraction (:mod:`wirewatch.engine`:
    in process, a process pool or a Dask cluster); results are written here, one
    transaction per document."""
    wanted = tuple(stages)
    unknown = [s for s in wanted if s not in STAGES]
    if unknown:
        raise WirewatchError(Code.BAD_STAGE, f"unknown stage {unknown[0]!r}; choose from {', '.join(STAGES)}")
    todo = pending_documents(store, wanted, force)
    counts: dict = {"documents": 0, "mentions": 0, "quotes": 0, "figures": 0, "event_mentions": 0}
    problems: list[str] = []
    warnings: list[str] = []
    if not todo and not force and not resolution_pending(store):
        return counts | {"entities": store.count_rows("entities")}
    engine = engine or Engine()
    size = BATCH_DOCUMENTS if engine.workers == 1 else max(1, min(BATCH_DOCUMENTS // 2, -(-len(todo) // engine.workers)))
    batches = (_with_entries(store, todo[i : i + size]) for i in range(0, len(todo), size))
    done = 0
    for analyzed in engine.map(analyze_batch, batches):
        for doc_info, results in analyzed:
            done += 1
            if results is None:
                results = {"mentions": [], "quotes": [], "figures": [], "event_mentions": []}
                warnings.append(f"{Code.TOO_LONG_TO_ANALYSE.value} {doc_info['id']}: warning: over the {max_analysis_chars()}-character analysis limit; "
                                f"stored and searchable, but no entities, quotes, figures or events are extracted; raise {ANALYSIS_CHARS.env} "
                                "and run `wirewatch analyze --stage entities` (and the other stages) to analyse it")
            try:
                if isinstance(results, str):
                    raise _Failed(results)
                write_document_results(store, doc_info, wanted, results)
            except Exception as exc:  # noqa: BLE001 - one document's failure must not stop the corpus
                problems.append(f"{Code.ANALYSIS.value} {doc_info['id']}: analysis failed ({_reason(exc)}); "
                                "the document keeps its previous results")
                continue
            counts["documents"] += 1
            for key, stage in (("mentions", "entities"), ("quotes", "quotes"), ("figures", "figures"), ("event_mentions", "events")):
                if stage in wanted:
                    counts[key] += len(results[key])
        if progress:
            progress(done, len(todo), "analyzing")
    with dialects.corpus_lock(store.engine, "entities"):  # PostgreSQL: concurrent runs resolve one after the other
        linked = None if force else link_new_documents(store)
        counts["entities"] = linked if linked is not None else resolve_store(store)
        counts["resolution"] = "full" if linked is None else "local"
    if problems:
        counts["problems"] = problems
    if warnings:
        counts["warnings"] = warnings
    return counts


def _with_entries(store: Store, batch: list[dict]) -> list[tuple[dict, list[dict]]]:
    """A batch of documents, each with its stored entries that are not withdrawn (what a worker needs; no store access there)."""
    return [(info, [e for e in store.iter_entries(document_id=info["id"]) if not e["withdrawn_at"]]) for info in batch]


def analyze_batch(batch: list[tuple[dict, list[dict]]]) -> list[tuple[dict, dict[str, list] | str]]:
    """Parse and analyse a batch of documents (all entries in one ``nlp.pipe``): the per-document
    work every engine runs. A document that fails gets its error as a string instead of results;
    a document over the analysis size limit gets ``None`` (stored, not analysed)."""
    cap = max_analysis_chars()
    out: list[tuple[dict, dict[str, list] | str | None]] = []
    todo = []
    for info, entries in batch:
        if sum(len(_block(entry)) for entry in entries) > cap:  # checked before cutting: a huge text is never copied
            out.append((info, None))
        else:
            todo.append((info, [piece for entry in entries for piece in pieces_of(entry)]))
    try:
        docs = iter(list(parse_cached(_block(piece) for _, pieces in todo for piece in pieces)))
    except Exception:  # noqa: BLE001 - one document's text broke the parser: parse each alone below
        docs = None
    for info, pieces in todo:
        try:
            parsed = [(piece, next(docs)) for piece in pieces] if docs is not None else list(zip(pieces, parse_cached(_block(p) for p in pieces)))
            out.append((info, _analyze_document(info, parsed)))
        except Exception as exc:  # noqa: BLE001 - reported by the writer as WW022
            out.append((info, _reason(exc)))
    return out


def pieces_of(entry: dict) -> list[dict]:
    """An entry cut, for parsing, into pieces of at most ``PIECE_CHARS`` at paragraph (else sentence,
    else space) boundaries; each piece is the entry row with its own text and offset. A normal entry
    is one piece, itself. Parsing pieces keeps a worker's memory bounded on huge entries."""
    block = _block(entry)
    if len(block) <= PIECE_CHARS:
        return [entry]
    pieces, start = [], 0
    while start < len(block):
        end = min(len(block), start + PIECE_CHARS)
        if end < len(block):
            window = block[start:end]
            for boundary in ("\n\n", ". ", " "):  # the last paragraph break, else sentence end, else space
                at = window.rfind(boundary)
                if at > PIECE_CHARS // 4:
                    end = start + at + len(boundary)
                    break
        text = block[start:end]
        pieces.append(entry | {"headline": None, "text": text, "char_start": entry["char_start"] + start, "is_lead": entry["is_lead"] and start == 0})
        start = end
    return pieces


class _Failed(Exception):
    """A document's analysis failed in a worker; the message is the worker's reason."""


def _reason(exc: Exception) -> str:
    if isinstance(exc, _Failed):
        return str(exc)
    first = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"{type(exc).__name__}: {first}"


def _block(entry: dict) -> str:
    """An entry as it stands in the document text: headline, blank line, text."""
    return "\n\n".join(p for p in (entry["headline"], entry["text"]) if p)


def _analyze_document(info: dict, entries: list) -> dict[str, list]:
    context = Context()
    found = _mentions_of(entries)
    parsed = [(entry, doc, mentions) for (entry, doc), mentions in zip(entries, found)]
    context.mentions = [m for ms in found for m in ms]
    context.mentions = _linked(context.mentions)
    context.index()
    kept = {id(m) for m in context.mentions}
    parsed = [(entry, doc, [m for m in ms if id(m) in kept]) for entry, doc, ms in parsed]
    results: dict[str, list] = {"mentions": [m for _, _, ms in parsed for m in ms], "quotes": [], "figures": [], "event_mentions": []}
    lexicon = load_lexicon()
    for entry, doc, _ in parsed:
        if entry["is_promo"]:
            continue
        body_start = len(entry["headline"]) + 2 if entry["headline"] and entry["text"] else 0
        context.speakers = []
        quotes = find_quotes(doc, entry["id"], entry["char_start"], body_start, context)
        results["quotes"].extend(quotes)
        results["figures"].extend(find_figures(doc, entry["id"], entry["char_start"], body_start, quotes, context.attributions, info["source"]))
        stamp = Stamp(entry["published_at"], entry["date_precision"], entry["time_of_day"])
        results["event_mentions"].extend(find_events(doc, entry["id"], entry["char_start"], body_start, context, quotes, stamp, info["source"], lexicon))
    return results


def _mentions_of(entries: list) -> list[list]:
    """Each parsed entry's mentions, with the names the model missed where the document names
    the person elsewhere (:mod:`.known_names`)."""
    for _, doc in entries:
        restore_model_entities(doc)
    found = [find_mentions(doc, entry["id"], entry["char_start"]) for entry, doc in entries]
    changed = add_known_names([doc for _, doc in entries], people_named(m for ms in found for m in ms))
    return [find_mentions(doc, entry["id"], entry["char_start"]) if again else ms
            for (entry, doc), ms, again in zip(entries, found, changed)]


def _linked(mentions: list) -> list:
    """A document's mentions after the document-level passes (surnames, descriptions, counterparts,
    described states); bare role words nobody could be found for are dropped."""
    mark_surnames(mentions)
    link_descriptions(mentions)
    link_counterparts(mentions)
    link_state_descriptions(mentions)
    return [m for m in mentions if not (m.label == "PERSON" and m.description)]


def code_text(text: str, stamp: Stamp | None = None, outlet: str | None = None) -> list:
    """PLOVER event mentions of a piece of text on its own (no store): for benchmarks and tests."""
    doc = next(parse([text]))
    context = Context()
    context.mentions = _linked(_mentions_of([({"id": "text#0", "char_start": 0}, doc)])[0])
    context.index()
    quotes = find_quotes(doc, "text#0", 0, 0, context)
    return find_events(doc, "text#0", 0, 0, context, quotes, stamp or Stamp.unknown(), outlet, load_lexicon())
