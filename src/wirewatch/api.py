"""The library's public functions. The CLI (and later the HTTP API) only call these.

>>> from wirewatch import api
>>> report = api.ingest(["examples/corpus"], db="wirewatch.db")   # doctest: +SKIP
>>> report.exit_code                                                 # doctest: +SKIP
0
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

from .engine import Engine, make_engine
from .errors import Code, Problem, WirewatchError
from .extract import analyze as analyze_entries
from .export import export_store
from .ingest import Options, discover, read_input
from .ingest import manifest
from .limits import query_seconds
from .models import RawDocument
from .pipeline import ANALYSIS_STAGES, grouped, process, stage_names
from .store import DEFAULT_DB, Store
from . import trends as trend_tools
from .timeparse import parse_date, parse_timestamp
from .trends import TrendReport
from . import claims as claim_tools
from . import claim_charts
from . import query
from . import timeline as timeline_tools
from .query import Filters, Page

Status = Literal["new", "updated", "unchanged"]
Progress = Callable[[int, int, str], None]


@dataclass
class IngestReport:
    """What happened to each input of a batch."""

    saved: dict[str, Status] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    inputs: int = 0
    #: Files not read again: unchanged since they were last read (:mod:`wirewatch.ingest.manifest`).
    skipped: int = 0

    def count(self, status: Status) -> int:
        return sum(1 for s in self.saved.values() if s == status)

    @property
    def failed(self) -> int:
        return sum(1 for p in self.problems if p.fatal)

    @property
    def exit_code(self) -> int:
        """0 all succeeded, 1 some failed, 2 nothing could be processed."""
        if not self.saved:
            return 2
        return 1 if self.failed else 0

    def summary(self) -> str:
        return (f"{len(self.saved)} documents: {self.count('new')} new, {self.count('updated')} updated, "
                f"{self.count('unchanged')} unchanged; {self.failed} failed")


@dataclass
class RunReport:
    ingest: IngestReport
    stages: dict[str, dict] = field(default_factory=dict)
    days: list[dict] = field(default_factory=list)
    #: Wall-clock seconds of ingest, each analysis stage group and the day summary.
    seconds: dict[str, float] = field(default_factory=dict)


def _options(source: str | None, date: str | None, scraped_at: str | None = None) -> Options:
    if date is not None and parse_date(date) is None:
        raise WirewatchError(Code.BAD_DATE, f"--date {date!r} is not a date; use YYYY-MM-DD")
    if scraped_at is not None and parse_timestamp(scraped_at).precision != "minute":
        raise WirewatchError(Code.BAD_DATE, f"--scraped-at {scraped_at!r} is not a moment; use ISO 8601 such as 2022-02-24T14:00:00Z")
    return Options(source=source, date=date, scraped_at=scraped_at)


def ingest(
    paths: list[str],
    db: str | Path = DEFAULT_DB,
    source: str | None = None,
    date: str | None = None,
    progress: Progress | None = None,
    store: Store | None = None,
    scraped_at: str | None = None,
    rescan: bool = False,
) -> IngestReport:
    """Read, clean, segment and store every input; bad inputs are reported, the rest go on.

    An input whose document (same id, else same URL) is stored already with other content becomes
    its next version (``updated``); ``scraped_at`` dates relative ages when the input does not.
    A file unchanged since it was last read (:mod:`wirewatch.ingest.manifest`) is not read again
    and its documents count as ``unchanged``; ``rescan`` reads every file."""
    options = _options(source, date, scraped_at)
    report = IngestReport()
    items = list(discover(paths))
    inputs = [i for i in items if not isinstance(i, Problem)]
    report.problems.extend(i for i in items if isinstance(i, Problem))
    report.inputs = len(items)
    if not items:
        report.problems.append(Problem(Code.NO_INPUT, ", ".join(paths) or "(no paths)", "no input files found (looked for .txt .html .jsonl .rss .atom .xml ...)"))
    owned = store is None
    store = store or Store(db)
    seen: dict[str, str] = {}
    try:
        done = 0
        for start in range(0, len(inputs), manifest.CHUNK):
            chunk = inputs[start:start + manifest.CHUNK]
            states = [manifest.state_of(item, options) for item in chunk]  # taken before reading
            known = {} if rescan else manifest.unchanged_many(store, [s for s in states if s is not None])
            for item, state in zip(chunk, states):
                where = "<stdin>" if item == "-" else str(item)
                given = known.get(state.path) if state is not None else None
                if given is None or not _skip_unchanged(given, where, report, seen):
                    _read_one(item, where, options, state, store, report, seen)
                done += 1
                if progress:
                    progress(done, len(inputs), where)
    finally:
        if owned:
            store.close()
    return report


def _skip_unchanged(given: list[manifest.Given], where: str, report: IngestReport, seen: dict[str, str]) -> bool:
    """Count a file's documents as unchanged without reading it, unless one of its ids was read in this batch already.

    Records are checked a chunk of files at a time, before any of them is read: what reading a file can change
    (a new version, a new document) never invalidates another file's record except through an id read in this
    batch, which ``seen`` catches."""
    if any(read in seen for read, _, _ in given):  # a repeated id: read it, to report the clash
        return False
    for read, stored, _ in given:
        seen[read] = where
        report.saved[stored] = "unchanged"
    report.skipped += 1
    return True


def _read_one(item: Path | str, where: str, options: Options, state: manifest.FileState | None,
              store: Store, report: IngestReport, seen: dict[str, str]) -> None:
    """Read one input and store its documents; record the file when all of them were stored."""
    given: list[manifest.Given] = []
    clean = True
    try:
        for produced in read_input(item, options):
            if isinstance(produced, Problem):
                report.problems.append(produced)
                clean = False
            else:
                read = produced.id
                if _ingest_one(produced, store, report, seen):
                    given.append((read, produced.id, produced.content_hash))
                else:
                    clean = False
    except WirewatchError as exc:
        report.problems.append(exc.problem())
        clean = False
    if clean and state is not None:
        manifest.record(store, state, given)


def _ingest_one(raw: RawDocument, store: Store, report: IngestReport, seen: dict[str, str]) -> bool:
    """Store one raw document (``raw.id`` becomes the id it is stored under); False if it was refused."""
    report.warnings.extend(raw.warnings)
    if raw.id in seen:
        report.problems.append(Problem(Code.DUPLICATE_ID, raw.origin, f"document id {raw.id!r} already read from {seen[raw.id]} in this batch; rename the file or give the records distinct ids"))
        return False
    seen[raw.id] = raw.origin
    raw.id, known = store.version_target(raw.id, raw.url, raw.content_hash)
    if known:
        report.saved[raw.id] = "unchanged"
        return True
    try:
        document = process(raw)
    except WirewatchError as exc:
        report.problems.append(exc.problem())
        return False
    report.saved[raw.id] = store.save(document)
    return True


def run(
    paths: list[str],
    db: str | Path = DEFAULT_DB,
    source: str | None = None,
    date: str | None = None,
    progress: Progress | None = None,
    scraped_at: str | None = None,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    rescan: bool = False,
) -> RunReport:
    """The main job: ingest, then every registered analysis stage, then the day summary.

    ``workers``/``engine``/``scheduler`` choose where the per-document analysis runs
    (:mod:`wirewatch.engine`); the results are the same everywhere."""
    with make_engine(workers, engine, scheduler) as executor, Store(db) as store:
        started = time.perf_counter()
        report = RunReport(ingest=ingest(paths, source=source, date=date, progress=progress, store=store, scraped_at=scraped_at,
                                         rescan=rescan))
        report.seconds["ingest"] = time.perf_counter() - started
        for runner, names in grouped(ANALYSIS_STAGES):
            started = time.perf_counter()
            report.stages[", ".join(names)] = runner(store, names, progress=progress, **_engine_option(runner, executor))
            report.seconds[", ".join(names)] = time.perf_counter() - started
        started = time.perf_counter()
        report.days = day_summary(store=store)
        report.seconds["summary"] = time.perf_counter() - started
    return report


def _engine_option(runner: Callable, executor: Engine) -> dict:
    """The per-document analysis takes the executor; corpus-level stages run here."""
    return {"engine": executor} if runner is analyze_entries else {}


def analyze(db: str | Path = DEFAULT_DB, stages: list[str] | None = None, progress: Progress | None = None,
            workers: int = 1, engine: str = "local", scheduler: str | None = None) -> dict[str, dict]:
    """Run analysis stages again: the named ones on every document, or all on what changed."""
    names = stages or stage_names()
    unknown = [n for n in names if n not in stage_names()]
    if unknown:
        raise WirewatchError(Code.BAD_STAGE, f"unknown stage {unknown[0]!r}; choose from {', '.join(stage_names())}")
    chosen = [s for s in ANALYSIS_STAGES if s.name in names]
    with make_engine(workers, engine, scheduler) as executor, Store(db) as store:
        return {", ".join(group): runner(store, group, force=bool(stages), progress=progress, **_engine_option(runner, executor))
                for runner, group in grouped(chosen)}


def day_summary(db: str | Path = DEFAULT_DB, store: Store | None = None, headlines: int = 3) -> list[dict]:
    """Per day: entry and document counts, sources, and the first headlines; undated last."""
    owned = store is None
    store = store or Store(db)
    try:
        days = store.day_counts()
        firsts, sources = store.day_headlines(limit=headlines), store.day_sources()
        for day in days:
            day["headlines"] = firsts.get(day["day"], [])
            day["sources"] = sources.get(day["day"], [])
        return days
    finally:
        if owned:
            store.close()


def export(db: str | Path = DEFAULT_DB, out: str | Path = "export", fmt: str = "jsonl") -> dict[str, int]:
    """Write the store's tables to ``out`` as ``fmt`` (jsonl, csv, parquet)."""
    with Store(db) as store:
        return export_store(store, out, fmt)






def trends(db: str | Path = DEFAULT_DB, by: str = "day", dyad: str | None = None, include_uncertain: bool = False,
           out: str | Path | None = None, store: Store | None = None, filters: Filters | None = None,
           latest_days: int | None = None) -> "TrendReport":
    """Event counts, dyad scores and the escalation index per day or week; a chart or CSV with ``out``.

    ``filters``: day range, entity, outlet, event type. ``latest_days``: with no start day given,
    only the last that many days up to the newest dated event."""
    pair = None
    if dyad:
        parts = [p.strip() for p in dyad.split(",")]
        if len(parts) != 2 or not all(parts):
            raise WirewatchError(Code.BAD_OPTION, f"--dyad {dyad!r}: give two actors separated by a comma, e.g. Russia,Ukraine")
        pair = (parts[0], parts[1])
    with _store(db, store) as opened:
        filters = filters or Filters()
        if latest_days and not filters.start:
            newest = trend_tools.newest_day(opened)
            if newest:
                filters = replace(filters, start=(date.fromisoformat(newest) - timedelta(days=latest_days - 1)).isoformat())
        report = trend_tools.compute(opened, by=by, dyad=pair, include_uncertain=include_uncertain, filters=filters)
    if out is not None:
        trend_tools.write(report, out)
    return report


def timeline(db: str | Path = DEFAULT_DB, start: str | None = None, end: str | None = None, entity: str | None = None,
             source: str | None = None, per_day: int | None = None, max_days: int | None = None,
             store: Store | None = None) -> list[timeline_tools.TimelineDay]:
    """Day by day, the developments (stories) that matter, with their sources, key quotes and figures
    (``max_days``: one page of days from ``start``)."""
    if per_day is not None and per_day < 1:
        raise WirewatchError(Code.BAD_OPTION, f"--per-day {per_day}: give 1 or more")
    with _store(db, store) as opened:
        return timeline_tools.build_timeline(opened, start=start, end=end, entity=entity, source=source, per_day=per_day, max_days=max_days)


def next_timeline_day(days: list[timeline_tools.TimelineDay], end: str | None = None, db: str | Path = DEFAULT_DB,
                      store: Store | None = None) -> str | None:
    """The first day with stories after the last dated day of ``days`` (the next page's ``from``), else ``None``."""
    dated = [d.day for d in days if d.day]
    if not dated:
        return None
    with _store(db, store) as opened:
        later = [d for d in timeline_tools.story_days(opened, start=dated[-1], end=end, limit=2) if d and d > dated[-1]]
    return later[0] if later else None


def timeline_summary(dates: int, sentences: int, db: str | Path = DEFAULT_DB, start: str | None = None, end: str | None = None,
                     entity: str | None = None, source: str | None = None, store: Store | None = None) -> list[tuple[str, list[str]]]:
    """Exactly ``dates`` most important dates, each with up to ``sentences`` extractive sentences."""
    with _store(db, store) as opened:
        return timeline_tools.summarize(opened, dates, sentences, start=start, end=end, entity=entity, source=source)


LISTS = {
    "documents": query.list_documents, "entries": query.list_entries, "stories": query.list_stories,
    "quotes": query.list_quotes, "figures": query.list_figures, "events": query.list_events,
}


def _store(db: str | Path, store: Store | None):
    """The caller's open store, or one opened (and closed) for this call."""
    from contextlib import nullcontext

    return nullcontext(store) if store is not None else Store(db, query_seconds=query_seconds())


def browse(kind: str, db: str | Path = DEFAULT_DB, filters: Filters | None = None, cursor: str | None = None,
           limit: int | None = None, store: Store | None = None) -> Page:
    """One page of ``kind`` (documents, entries, stories, quotes, figures, events), filtered, from ``cursor``."""
    if kind not in LISTS:
        raise WirewatchError(Code.BAD_OPTION, f"unknown list {kind!r}; choose from {', '.join(LISTS)}")
    with _store(db, store) as opened:
        return LISTS[kind](opened, filters or Filters(), cursor, limit)


def browse_entities(db: str | Path = DEFAULT_DB, name: str | None = None, kind: str | None = None, cursor: str | None = None,
                    limit: int | None = None, store: Store | None = None) -> Page:
    """One page of canonical entities, most mentioned first."""
    with _store(db, store) as opened:
        return query.list_entities(opened, name, kind, cursor, limit)


def search_page(words: str, db: str | Path = DEFAULT_DB, cursor: str | None = None, limit: int | None = None,
                store: Store | None = None, filters: Filters | None = None) -> Page:
    """One page of full-text search results, best first, with marked snippets (``filters``: days, outlet, entity)."""
    with _store(db, store) as opened:
        return query.search(opened, words, cursor, limit, filters)


def story(story_id: str, db: str | Path = DEFAULT_DB, store: Store | None = None) -> dict:
    """One story with each outlet's version, their quotes and figures, and related stories."""
    with _store(db, store) as opened:
        return query.get_story(opened, story_id)


def entity(entity_id: str, db: str | Path = DEFAULT_DB, store: Store | None = None) -> dict:
    """One entity with its quotes over time, its events and the figures it claimed."""
    with _store(db, store) as opened:
        return query.get_entity(opened, entity_id)


def document_detail(document_id: str, db: str | Path = DEFAULT_DB, store: Store | None = None) -> dict:
    """One document with its entries (and their stories) and its removed debris."""
    with _store(db, store) as opened:
        return query.get_document(opened, document_id)


def claims(db: str | Path = DEFAULT_DB, subject: str | None = None, entity: str | None = None, out: str | Path | None = None,
           store: Store | None = None, entry_ids: set[str] | None = None) -> list[claim_tools.Series]:
    """Claim series (figures measuring one quantity over outlets and days); a step chart per series into ``out``."""
    with _store(db, store) as opened:
        found = claim_tools.claim_series(opened, subject=subject, entity=entity, entry_ids=entry_ids)
    if out is not None:
        claim_charts.write_charts(found, out)
    return found


def disputes(db: str | Path = DEFAULT_DB, store: Store | None = None, entry_ids: set[str] | None = None) -> list[claim_tools.Dispute]:
    """Contradictions: an event asserted and denied by different claimants, figures that cannot both be true
    (``entry_ids``: only those touching these entries)."""
    with _store(db, store) as opened:
        return claim_tools.disputes(opened, entry_ids=entry_ids)


def watch(paths: list[str], db: str | Path = DEFAULT_DB, interval: float = 5.0, alerts: str | Path | None = None,
          max_cycles: int | None = None, source: str | None = None, scraped_at: str | None = None,
          say: Callable[[str], None] = print, settle: float = 0.5) -> int:
    """Poll ``paths``: ingest new and changed inputs, run the stages on them, fire the ``alerts`` rules;
    until SIGINT/SIGTERM or ``max_cycles``. Returns the number of cycles run."""
    from .alerts import load_rules
    from .watch import Watcher, WatchSettings

    if interval <= 0:
        raise WirewatchError(Code.BAD_OPTION, f"--interval {interval}: give a number of seconds above 0")
    if max_cycles is not None and max_cycles < 1:
        raise WirewatchError(Code.BAD_OPTION, f"--max-cycles {max_cycles}: give 1 or more")
    _options(source, None, scraped_at)
    rules = load_rules(alerts) if alerts is not None else None
    with Store(db) as store:
        settings = WatchSettings(paths, interval, max_cycles, rules, settle, source, scraped_at)
        return Watcher(store, settings, say).run()


def check_alerts(rules: str | Path, db: str | Path = DEFAULT_DB, store: Store | None = None) -> tuple[list, list[str]]:
    """Fire the rules of ``rules`` on what the store holds now (each alert once per new fact); return the
    alerts and the delivery problems."""
    from .alerts import check, load_rules

    loaded = load_rules(rules)
    with _store(db, store) as opened:
        return check(opened, loaded)


def live_cursor(db: str | Path = DEFAULT_DB, store: Store | None = None) -> str:
    """The live timeline's cursor as of now (see :mod:`wirewatch.live`)."""
    from . import live

    with _store(db, store) as opened:
        return live.cursor(opened)


def live_changes(since: str, db: str | Path = DEFAULT_DB, store: Store | None = None) -> tuple[list[dict], str]:
    """Stories new or changed after the cursor ``since``, and the next cursor."""
    from . import live

    with _store(db, store) as opened:
        return live.changes(opened, since)
