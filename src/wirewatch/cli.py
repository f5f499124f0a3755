"""``wirewatch`` command line: a thin typer layer over :mod:`wirewatch.api`.

Exit status: 0 when every input succeeded, 1 when some failed, 2 when none
could be processed or the command was used wrongly. Problems are printed as
one line each on standard error; tracebacks only with ``--debug``.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__, api
from .errors import Code, WirewatchError
from .query import Filters
from .store import DEFAULT_DB
from .store.dialects import display
from .timeline import figure_phrase

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Turn scraped crisis news into a dated, source-attributed record.")
show_app = typer.Typer(no_args_is_help=True, help="Read the store from the terminal.")
app.add_typer(show_app, name="show")
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
_state = {"debug": False}

DbOption = Annotated[str, typer.Option("--db", help="Store: a SQLite file, or a postgresql://user@host/database URL.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
WorkersOption = Annotated[int, typer.Option("--workers", help="Processes for the per-document analysis (each loads the model once).")]
EngineOption = Annotated[str, typer.Option("--engine", help="Where the per-document analysis runs: local or dask.")]
SchedulerOption = Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address for --engine dask, e.g. tcp://HOST:8786.")]
PathsArgument = Annotated[list[str], typer.Argument(help="Files, folders (searched recursively) or - for standard input.")]
SourceOption = Annotated[Optional[str], typer.Option("--source", help="Outlet name for every document of this batch.")]
DateOption = Annotated[Optional[str], typer.Option("--date", help="Publication date (YYYY-MM-DD) for documents whose date is unknown.")]
ScrapedOption = Annotated[Optional[str], typer.Option("--scraped-at", help="When the pages were saved (ISO 8601): dates relative ages such as '21 mins ago' when the file does not say.")]
RescanOption = Annotated[bool, typer.Option("--rescan", help="Read every file again, even those unchanged (same size and modification time) since they were last read.")]


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    plover = "plover"


def _guarded(func: Callable) -> Callable:
    """Turn library errors into one line on stderr and exit status 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except WirewatchError as exc:
            if _state["debug"]:
                raise
            err.print(exc.line(), markup=False)
            raise typer.Exit(2) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - last resort, keeps the promise of one line
            if _state["debug"]:
                raise
            err.print(f"WW999 internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback and report it)", markup=False)
            raise typer.Exit(2) from None

    return wrapper


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[int, int, str], None] | None]:
    if quiet:
        yield None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("ingesting", total=None)

        def update(done: int, total: int, where: str) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _report_ingest(report: api.IngestReport) -> None:
    for line in report.warnings:
        err.print(line, markup=False)
    for problem in report.problems:
        err.print(problem.line(), markup=False)
    out.print(report.summary(), markup=False)
    if report.skipped:
        files = "1 file" if report.skipped == 1 else f"{report.skipped} files"
        out.print(f"{files} not read again: unchanged since last read (--rescan reads them)", markup=False)


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    _state["debug"] = debug
    if version:
        out.print(f"wirewatch {__version__}")
        raise typer.Exit(0)


@app.command()
@_guarded
def ingest(paths: PathsArgument, db: DbOption = DEFAULT_DB, source: SourceOption = None, date: DateOption = None, quiet: QuietOption = False,
           scraped_at: ScrapedOption = None, rescan: RescanOption = False) -> None:
    """Read, clean, split and store documents. Re-ingesting unchanged content changes nothing; changed content
    (same id or URL) becomes the document's next version. Files unchanged since they were last read are not read again."""
    with _progress(quiet) as progress:
        report = api.ingest(paths, db=db, source=source, date=date, progress=progress, scraped_at=scraped_at, rescan=rescan)
    _report_ingest(report)
    raise typer.Exit(report.exit_code)


@app.command()
@_guarded
def run(paths: PathsArgument, db: DbOption = DEFAULT_DB, source: SourceOption = None, date: DateOption = None, quiet: QuietOption = False,
        scraped_at: ScrapedOption = None, workers: WorkersOption = 1, engine: EngineOption = "local", scheduler: SchedulerOption = None,
        rescan: RescanOption = False) -> None:
    """The main job: ingest, run every analysis stage, print a day-by-day summary."""
    with _progress(quiet) as progress:
        report = api.run(paths, db=db, source=source, date=date, progress=progress, scraped_at=scraped_at,
                         workers=workers, engine=engine, scheduler=scheduler, rescan=rescan)
    _report_ingest(report.ingest)
    _print_stages(report.stages)
    _print_days(report.days)
    failed = any(summary.get("problems") for summary in report.stages.values())
    raise typer.Exit(report.ingest.exit_code or (1 if failed else 0))


@app.command()
@_guarded
def watch(
    paths: PathsArgument,
    db: DbOption = DEFAULT_DB,
    interval: Annotated[float, typer.Option("--interval", help="Seconds between polls.")] = 5.0,
    alerts: Annotated[Optional[Path], typer.Option("--alerts", help="Alert rules (TOML, see docs/alerts.md).")] = None,
    max_cycles: Annotated[Optional[int], typer.Option("--max-cycles", help="Stop after this many polls.")] = None,
    once: Annotated[bool, typer.Option("--once", help="One poll, then stop (same as --max-cycles 1).")] = False,
    source: SourceOption = None,
    scraped_at: ScrapedOption = None,
) -> None:
    """Follow folders and files: ingest new and changed inputs as they appear, analyse them, fire alerts.
    Stops on Ctrl-C or SIGTERM."""
    def say(line: str) -> None:
        (err if line.startswith("WW") or line.startswith("warning") else out).print(line, markup=False)

    api.watch(paths, db=db, interval=interval, alerts=alerts, max_cycles=1 if once else max_cycles,
              source=source, scraped_at=scraped_at, say=say)


@app.command("alerts")
@_guarded
def check_alerts(rules: Annotated[Path, typer.Argument(help="Alert rules (TOML, see docs/alerts.md).")], db: DbOption = DEFAULT_DB) -> None:
    """Fire the rules on what the store holds now; each alert fires once per new fact."""
    fired, problems = api.check_alerts(rules, db=db)
    for alert in fired:
        out.print(alert.line(), markup=False)
    for line in problems:
        err.print(line, markup=False)
    out.print(f"{len(fired)} new alert{'s' if len(fired) != 1 else ''}", markup=False)
    raise typer.Exit(1 if problems else 0)


def _print_stages(stages: dict[str, dict]) -> None:
    for name, summary in stages.items():
        for line in summary.get("problems", []) + summary.get("warnings", []):
            err.print(line, markup=False)
        shown = {k: v for k, v in summary.items() if k not in ("problems", "warnings")}
        out.print(f"{name}: {json.dumps(shown)}", markup=False)


def _print_days(days: list[dict]) -> None:
    for day in days:
        label = day["day"] or "date unknown"
        sources = ", ".join(day["sources"]) or "source unknown"
        items = f"{day['entries']} item" + ("s" if day["entries"] != 1 else "")
        docs = f"{day['documents']} document" + ("s" if day["documents"] != 1 else "")
        out.print(f"[bold]{label}[/bold]  {items} from {docs} ({sources})")
        for headline in day["headlines"]:
            out.print(f"  • {headline}", markup=False)


@app.command()
@_guarded
def analyze(
    db: DbOption = DEFAULT_DB,
    stage: Annotated[Optional[list[str]], typer.Option("--stage", help="Run this stage again on every document (repeatable): entities, quotes, figures, events, stories.")] = None,
    quiet: QuietOption = False,
    workers: WorkersOption = 1,
    engine: EngineOption = "local",
    scheduler: SchedulerOption = None,
) -> None:
    """Run analysis stages: named ones again on everything, or all of them on what changed."""
    with _progress(quiet) as progress:
        summaries = api.analyze(db=db, stages=stage, progress=progress, workers=workers, engine=engine, scheduler=scheduler)
    _print_stages(summaries)
    if any(summary.get("problems") for summary in summaries.values()):
        raise typer.Exit(1)


@app.command()
@_guarded
def trends(
    db: DbOption = DEFAULT_DB,
    by: Annotated[str, typer.Option("--by", help="Period: day or week.")] = "day",
    dyad: Annotated[Optional[str], typer.Option("--dyad", help="Only events between two actors: A,B.")] = None,
    out_file: Annotated[Optional[str], typer.Option("--out", help="Also write a chart (.png, .svg) or a table (.csv).")] = None,
    uncertain: Annotated[bool, typer.Option("--include-uncertain", help="Count negated and hypothetical events too.")] = False,
) -> None:
    """Event counts by type, scores per actor dyad and the escalation index, per day or week."""
    report = api.trends(db=db, by=by, dyad=dyad, include_uncertain=uncertain, out=out_file)
    table = Table("period", "events by type", "escalation", "most conflictual dyads (score)")
    for p in report.periods:
        counts = ", ".join(f"{t} {n}" for t, n in p.counts.most_common())
        dyads = ", ".join(f"{d} {s:+.1f}" for d, s in sorted(p.dyads.items(), key=lambda kv: kv[1])[:3])
        table.add_row(p.start, counts, f"{p.escalation:+.1f}", dyads)
    out.print(table)
    out.print(f"{report.left_out} negated or hypothetical events left out; {report.undated} undated events not placed", markup=False)
    if out_file:
        out.print(f"wrote {out_file}", markup=False)


@app.command()
@_guarded
def timeline(
    db: DbOption = DEFAULT_DB,
    start: Annotated[Optional[str], typer.Option("--from", help="First day (YYYY-MM-DD).")] = None,
    end: Annotated[Optional[str], typer.Option("--to", help="Last day (YYYY-MM-DD).")] = None,
    entity: Annotated[Optional[str], typer.Option("--entity", help="Only developments involving this entity (name or alias).")] = None,
    source: Annotated[Optional[str], typer.Option("--source", help="Only developments this outlet reported.")] = None,
    dates: Annotated[Optional[int], typer.Option("--dates", help="Timeline summary: exactly this many dates (with --sentences).")] = None,
    sentences: Annotated[Optional[int], typer.Option("--sentences", help="Timeline summary: up to this many sentences per date.")] = None,
    per_day: Annotated[Optional[int], typer.Option("--per-day", help="At most this many developments per day.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per day.")] = False,
) -> None:
    """Day by day, the developments that matter, each with its sources, key quotes and figures."""
    if (dates is None) != (sentences is None):
        raise WirewatchError(Code.BAD_OPTION, "give --dates and --sentences together (the timeline-summary task)")
    if dates is not None:
        for day, chosen in api.timeline_summary(dates, sentences, db=db, start=start, end=end, entity=entity, source=source):
            if as_json:
                sys.stdout.write(json.dumps({"date": day, "sentences": chosen}, ensure_ascii=False) + "\n")
                continue
            out.print(day, markup=False)
            for sentence in chosen:
                out.print(f"  • {sentence}", markup=False)
        return
    days = api.timeline(db=db, start=start, end=end, entity=entity, source=source, per_day=per_day)
    if not days:
        err.print("no stories match; run `wirewatch run` first, or widen the filters", markup=False)
    for day in days:
        if as_json:
            sys.stdout.write(json.dumps({"date": day.day, "stories": day.to_dict()["stories"]}, ensure_ascii=False) + "\n")
            continue
        _print_day(day)


def _print_day(day) -> None:
    count = len(day.stories)
    out.print(f"{day.day or 'date unknown'} — {count} development{'s' * (count != 1)}", markup=False)
    for n, story in enumerate(day.stories, start=1):
        sources = ", ".join(story.sources) or "source unknown"
        when = story.first_published_at[11:16] + " UTC" if story.first_published_at and len(story.first_published_at) > 10 else "time unknown"
        out.print(f"  {n}. {story.headline or story.summary[:100]}", markup=False)
        out.print(f"     {sources} · {story.documents} document{'s' * (story.documents != 1)}, "
                  f"{story.entries} update{'s' * (story.entries != 1)} · first {when} · [{story.id}]", markup=False)
        for quote in story.quotes:
            out.print(f"     “{_clip(quote['text'])}” — {quote['speaker'] or 'speaker unknown'}", markup=False)
        for figure in story.figures:
            what = figure_phrase(figure["text"], figure.get("about"))
            out.print(f"     {what} (claimed by {figure['claimed_by'] or 'the outlet'})", markup=False)


def _clip(text: str, size: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1].rsplit(" ", 1)[0] + " …"


@app.command()
@_guarded
def claims(
    db: DbOption = DEFAULT_DB,
    subject: Annotated[Optional[str], typer.Option("--subject", help="Only series whose label holds this text (e.g. troops).")] = None,
    entity: Annotated[Optional[str], typer.Option("--entity", help="Only series whose whose-or-where is this country or entity.")] = None,
    out_dir: Annotated[Optional[str], typer.Option("--out", help="Also write a step chart per series (PNG) into this folder.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per series.")] = False,
) -> None:
    """Claim series: the same quantity claimed across outlets and days, with each claimant."""
    found = api.claims(db=db, subject=subject, entity=entity, out=out_dir)
    if not found:
        err.print("no claim series (two or more figures measuring one quantity) found", markup=False)
    for one in found:
        if as_json:
            sys.stdout.write(json.dumps(asdict(one), ensure_ascii=False) + "\n")
            continue
        table = Table("date", "claim", "claimant", "source", title=f"{one.label}  (confidence {one.confidence:.1f})")
        for point in one.points:
            table.add_row(point.date or "date unknown", point.text, point.claimant, point.source or "")
        out.print(table)
    if out_dir and found:
        out.print(f"charts written to {out_dir}", markup=False)


@app.command()
@_guarded
def disputes(db: DbOption = DEFAULT_DB, as_json: Annotated[bool, typer.Option("--json", help="One JSON object per dispute.")] = False) -> None:
    """Contradictions: the same event asserted and denied by different claimants, or figures that cannot both hold."""
    found = api.disputes(db=db)
    if not found:
        err.print("no disputes found", markup=False)
    for one in found:
        if as_json:
            sys.stdout.write(json.dumps(asdict(one), ensure_ascii=False) + "\n")
            continue
        out.print(f"{one.subject} ({one.kind})", markup=False)
        for mark, side in (("says", one.asserted), ("denies", one.denied)):
            out.print(f"  {side.claimant} {mark} · {side.date or 'date unknown'} · {side.source or 'source unknown'}: {_clip(side.text)}", markup=False)


@app.command()
@_guarded
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    write_token: Annotated[Optional[str], typer.Option("--write-token", help="Accept POST /api/documents carrying this token (else read-only).", envvar="WIREWATCH_WRITE_TOKEN")] = None,
) -> None:
    """Serve the JSON API (/api, its OpenAPI schema at /api/openapi.json) and the pages (/timeline ...) over the store."""
    import uvicorn

    from .web import create_app

    if "://" not in db and not Path(db).exists():
        raise WirewatchError(Code.NOT_FOUND, f"no store at {db}; run `wirewatch run PATH --db {db}` first", db)
    out.print(f"serving {display(db)} on http://{host}:{port}/ ({'writable with the token' if write_token else 'read-only'})", markup=False)
    uvicorn.run(create_app(db, write_token=write_token), host=host, port=port, log_level="warning")


@app.command()
@_guarded
def export(
    out_dir: Annotated[str, typer.Option("--out", help="Folder to write into (created if missing).")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="File format.")] = ExportFormat.jsonl,
) -> None:
    """Write documents and entries (and every later table) to a folder."""
    written = api.export(db=db, out=out_dir, fmt=fmt.value)
    for name, rows in written.items():
        out.print(f"{out_dir.rstrip('/')}/{name}: {rows} rows", markup=False)


FromOption = Annotated[Optional[str], typer.Option("--from", help="First day (YYYY-MM-DD).")]
ToOption = Annotated[Optional[str], typer.Option("--to", help="Last day (YYYY-MM-DD).")]
EntityOption = Annotated[Optional[str], typer.Option("--entity", help="Entity id, name or alias.")]
OutletOption = Annotated[Optional[str], typer.Option("--source", help="Outlet name.")]
CursorOption = Annotated[Optional[str], typer.Option("--cursor", help="Continue after the page that printed this cursor.")]
LimitOption = Annotated[int, typer.Option("--limit", help="Rows per page (at most 200, or WIREWATCH_MAX_PAGE).")]
JsonOption = Annotated[bool, typer.Option("--json", help="One JSON object per line.")]

@show_app.command("documents")
@_guarded
def show_documents(db: DbOption = DEFAULT_DB, source: OutletOption = None, cursor: CursorOption = None, limit: LimitOption = 50,
                   as_json: JsonOption = False) -> None:
    """List stored documents, oldest first (the API's /api/documents)."""
    page = api.browse("documents", db=db, filters=Filters(source=source), cursor=cursor, limit=limit)
    if as_json:
        _print_json(page.items)
    else:
        table = Table("id", "kind", "published", "source", "title")
        for row in page.items:
            table.add_row(row["id"], row["kind"], row["published_at"] or "unknown", row["source"] or "", row["title"] or "")
        out.print(table)
    if page.next_cursor:
        err.print(f"more: --cursor {page.next_cursor}", markup=False)


@show_app.command("document")
@_guarded
def show_document(document_id: str, db: DbOption = DEFAULT_DB, removed: Annotated[bool, typer.Option("--removed", help="Also list removed debris lines.")] = False) -> None:
    """Show one document's cleaned text (and its removed lines with --removed)."""
    row = api.document_detail(document_id, db=db)
    out.print(f"[bold]{row['title'] or row['id']}[/bold]  {row['source'] or ''}  {row['published_at'] or 'date unknown'} ({row['date_precision']})")
    out.print(row["text"], markup=False)
    if removed:
        for item in row["removed"]:
            out.print(f"  [dim]removed ({item['reason']}):[/dim] {item['text']}")


@show_app.command("entries")
@_guarded
def show_entries(
    db: DbOption = DEFAULT_DB,
    document: Annotated[Optional[str], typer.Option("--document", help="Only this document's entries.")] = None,
    day: Annotated[Optional[str], typer.Option("--day", help="Only entries of this day (YYYY-MM-DD).")] = None,
    cursor: CursorOption = None,
    limit: LimitOption = 50,
    as_json: JsonOption = False,
) -> None:
    """List entries with their times (the API's /api/entries)."""
    page = api.browse("entries", db=db, filters=Filters(start=day, end=day, document_id=document), cursor=cursor, limit=limit)
    if as_json:
        _print_json(page.items)
    else:
        table = Table("id", "published", "precision", "time", "flags", "headline")
        for row in page.items:
            flags = ",".join(f for f, on in (("lead", row["is_lead"]), ("promo", row["is_promo"]), ("key", row["is_key"]),
                                             ("withdrawn", row.get("withdrawn_at")), (f"v{row.get('version')}", (row.get("version") or 1) > 1)) if on)
            table.add_row(row["id"], row["published_at"] or "unknown", row["date_precision"], row["time_of_day"] or "", flags, row["headline"] or row["text"][:60])
        out.print(table)
    if page.next_cursor:
        err.print(f"more: --cursor {page.next_cursor}", markup=False)


@show_app.command("search")
@_guarded
def show_search(query: str, db: DbOption = DEFAULT_DB, cursor: CursorOption = None, limit: LimitOption = 20, as_json: JsonOption = False) -> None:
    """Full-text search over entries, best first (words are ANDed; SQLite: FTS5 syntax, PostgreSQL: websearch syntax; the API's /api/search)."""
    page = api.search_page(query, db=db, cursor=cursor, limit=limit)
    if as_json:
        _print_json(page.items)
    elif not page.items:
        out.print(f"no entries match {query!r}", markup=False)
    for row in [] if as_json else page.items:
        out.print(f"[bold]{row['id']}[/bold]  {row['published_at'] or 'date unknown'}  {row['headline'] or ''}")
        out.print("  " + row["snippet"].replace("\x02", "[").replace("\x03", "]"), markup=False)
    if page.next_cursor:
        err.print(f"more: --cursor {page.next_cursor}", markup=False)


_COLUMNS = {
    "stories": ("id", "first_published_at", "size", "sources", "headline"),
    "quotes": ("id", "published_at", "speaker", "cue", "text"),
    "figures": ("id", "published_at", "text", "about", "claimed_by"),
    "events": ("id", "date", "type", "source_actor", "target_actor", "sentence"),
    "entities": ("id", "type", "country", "mentions", "name"),
}


def _print_page(kind: str, page, as_json: bool) -> None:
    """A page of rows as a table (or JSON lines), then the cursor of the next page on stderr."""
    if as_json:
        _print_json(page.items, drop=("features", "signature"))
    else:
        table = Table(*_COLUMNS[kind])
        for row in page.items:
            table.add_row(*[_cell(row.get(c)) for c in _COLUMNS[kind]])
        out.print(table)
    if page.next_cursor:
        err.print(f"more: --cursor {page.next_cursor}", markup=False)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(map(str, value))
    text = str(value)
    return text if len(text) <= 90 else text[:89] + "…"


def _browse(kind: str):
    def command(db: DbOption = DEFAULT_DB, start: FromOption = None, end: ToOption = None, entity: EntityOption = None,
                source: OutletOption = None, cursor: CursorOption = None, limit: LimitOption = 50, as_json: JsonOption = False,
                event_type: Annotated[Optional[str], typer.Option("--type", help="PLOVER event type (events only).")] = None) -> None:
        filters = Filters(start=start, end=end, entity=entity, source=source, event_type=event_type)
        _print_page(kind, api.browse(kind, db=db, filters=filters, cursor=cursor, limit=limit), as_json)

    command.__doc__ = f"List {kind}, filtered and page by page (the API's /api/{kind})."
    return _guarded(command)


for _kind in ("stories", "quotes", "figures", "events"):
    show_app.command(_kind)(_browse(_kind))


@show_app.command("entities")
@_guarded
def show_entities(db: DbOption = DEFAULT_DB, name: Annotated[Optional[str], typer.Option("--name", help="Part of a name or alias.")] = None,
                  kind: Annotated[Optional[str], typer.Option("--type", help="PERSON, ORG or PLACE.")] = None,
                  cursor: CursorOption = None, limit: LimitOption = 50, as_json: JsonOption = False) -> None:
    """List canonical entities, most mentioned first."""
    _print_page("entities", api.browse_entities(db=db, name=name, kind=kind, cursor=cursor, limit=limit), as_json)


@show_app.command("story")
@_guarded
def show_story(story_id: str, db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """One story: each outlet's version with its time, quotes and figures."""
    story = api.story(story_id, db=db)
    if as_json:
        return _print_json([story])
    out.print(f"{story['headline']}  [{story['id']}]", markup=False)
    out.print(f"  {', '.join(story['sources']) or 'source unknown'} · {story['first_published_at'] or 'date unknown'}", markup=False)
    for member in story["members"]:
        out.print(f"  — {member['source'] or 'source unknown'} {member['published_at'] or ''} {member['entry_id']}: {member['headline'] or ''}", markup=False)
        for quote in member["quotes"]:
            out.print(f"      “{_cell(quote['text'])}” — {quote['speaker'] or 'speaker unknown'}", markup=False)
    for other in story["related"]:
        out.print(f"  related: {other['id']} {other['headline'] or ''}", markup=False)


@show_app.command("entity")
@_guarded
def show_entity(entity_id: str, db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """One entity: aliases, country, quotes over time, events, figures claimed."""
    entity = api.entity(entity_id, db=db)
    if as_json:
        return _print_json([entity])
    out.print(f"{entity['name']} ({entity['type']}, {entity['country'] or 'country not stated'}) [{entity['id']}]", markup=False)
    out.print(f"  also: {', '.join(entity['aliases']) or '—'}", markup=False)
    for quote in entity["quotes"]:
        out.print(f"  {quote['published_at'] or 'date unknown'} “{_cell(quote['text'])}”", markup=False)
    for event in entity["events"]:
        out.print(f"  {event['date'] or 'date unknown'} {event['type']}: {event['source_actor'] or '?'} → {event['target_actor'] or '—'}", markup=False)


def _print_json(rows: list[dict], drop: tuple[str, ...] = ()) -> None:
    for row in rows:
        sys.stdout.write(json.dumps({k: v for k, v in row.items() if k not in drop}, ensure_ascii=False) + "\n")


def main() -> None:
    """Console-script entry point."""
    app()
