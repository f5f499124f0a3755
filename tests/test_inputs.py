"""Reading inputs: every format, bad and odd inputs, standard input, options, re-ingest.

Every test builds real files in ``tmp_path`` (short made-up news texts) and
ingests them into a real SQLite store, through the library (``api.ingest``)
and through the command line (``wirewatch ingest``).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wirewatch import api
from wirewatch.cli import app
from wirewatch.errors import WirewatchError
from wirewatch.store import Store

# --------------------------------------------------------------------------
# Made-up news texts (fictional places and outlets)
# --------------------------------------------------------------------------

GOOD_TEXT = (
    " date 2025-02-20\n"
    "Ferry services resume on the Maron river\n"
    "\n"
    "Ferry services across the Maron river resumed on Thursday after a three-day "
    "suspension caused by high water, the regional transport office said.\n"
    "\n"
    "Operators said the first crossing left the northern pier shortly after dawn "
    "with about forty passengers and a dozen cars on board.\n"
    "\n"
    "Officials warned that timetables could change again if rain returns later in the week.\n"
)

UNDATED_TEXT = (
    "Volunteers clear debris from the old market square\n"
    "\n"
    "Hundreds of volunteers spent the weekend clearing fallen masonry from the old "
    "market square, where several stalls were damaged by the storm.\n"
    "\n"
    "The town council said traders would be offered temporary pitches near the bus station.\n"
)

HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Harbour cranes return to work | Coastline Courier</title>
<meta property="og:title" content="Harbour cranes return to work">
<meta property="og:site_name" content="Coastline Courier">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2025-03-02T08:30:00+00:00">
</head>
<body>
<nav class="site-nav">
  <ul>
    <li><a href="/">Front page</a></li>
    <li><a href="/world">Foreign bureau listings</a></li>
    <li><a href="/sport">Weekend sport roundup</a></li>
  </ul>
</nav>
<div class="promo-bar">Try the Courier crossword archive today</div>
<main>
<article>
<h1>Harbour cranes return to work</h1>
<p>Container cranes at the southern harbour began moving cargo again on Sunday, ending a
four-day stoppage that left more than thirty ships waiting offshore.</p>
<p>The port authority said engineers had replaced a damaged power cable that feeds the
eastern quay, and that all six cranes passed safety checks overnight.</p>
<p>Shipping agents expect the backlog to clear by the end of the week, although some
perishable goods have already been diverted to other ports along the coast.</p>
<p>Dock workers' representatives welcomed the repair but asked for a review of
maintenance schedules before the winter storm season.</p>
</article>
</main>
<footer>
<p>Copyright Coastline Courier Group. Reproduction of this material is forbidden.</p>
<ul><li><a href="/about">About the newsroom staff</a></li><li><a href="/privacy">Privacy notice</a></li></ul>
</footer>
</body>
</html>
"""

RECORD_TEXT = {
    "id": "wire-0001",
    "url": "https://wire.example/0001",
    "title": "Grain convoy reaches the border",
    "published_at": "2025-03-01T10:00:00+01:00",
    "source": "Example Wire",
    "text": (
        "A convoy of forty grain lorries reached the northern border crossing on Saturday "
        "morning after a two-day journey.\n\nCustoms officers said inspections would take "
        "most of the afternoon."
    ),
}

RECORD_HTML = {
    "id": "wire-0002",
    "url": "https://wire.example/0002",
    "title": "Power restored in eastern districts",
    "published_at": "2025-03-01",
    "source": "Example Wire",
    "html": (
        "<p>Electricity returned to most homes in the eastern districts late on Saturday, "
        "the grid operator said.</p><p>Crews are still working on three substations "
        "damaged by flooding.</p>"
    ),
}

RSS_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
  <title>Valley Radio News</title>
  <link>https://valleyradio.example/</link>
  <description>Headlines from the valley</description>
  <item>
    <title>Bridge closed after landslide</title>
    <link>https://valleyradio.example/news/101</link>
    <guid isPermaLink="false">vr-101</guid>
    <pubDate>Sat, 01 Mar 2025 10:15:00 +0100</pubDate>
    <description>&lt;p&gt;The upper valley bridge was closed on Saturday after a landslide
    blocked the approach road.&lt;/p&gt;&lt;p&gt;Engineers will inspect the supports on Monday.&lt;/p&gt;</description>
  </item>
  <item>
    <title>School reopens in the lower valley</title>
    <link>https://valleyradio.example/news/102</link>
    <guid isPermaLink="false">vr-102</guid>
    <pubDate>Sun, 02 Mar 2025 18:40:00 GMT</pubDate>
    <description>&lt;p&gt;Pupils returned to the lower valley primary school on Sunday evening
    for a welcome assembly after repairs to the roof.&lt;/p&gt;</description>
  </item>
</channel>
</rss>
"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Hill Post Dispatches</title>
  <id>tag:hillpost.example,2025:feed</id>
  <updated>2025-03-03T13:00:00Z</updated>
  <link href="https://hillpost.example/"/>
  <entry>
    <title>Snow closes mountain pass</title>
    <id>tag:hillpost.example,2025:entry-7</id>
    <link href="https://hillpost.example/entries/7"/>
    <published>2025-03-03T07:05:00-05:00</published>
    <updated>2025-03-03T07:05:00-05:00</updated>
    <content type="html">&lt;p&gt;Heavy snow closed the mountain pass early on Monday, stranding
    dozens of lorries at the lower checkpoint.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Shelter opens for stranded drivers</title>
    <id>tag:hillpost.example,2025:entry-8</id>
    <link href="https://hillpost.example/entries/8"/>
    <published>2025-03-03T09:30:00Z</published>
    <updated>2025-03-03T09:30:00Z</updated>
    <content type="html">&lt;p&gt;A school gymnasium near the checkpoint opened as a shelter
    for drivers waiting for the pass to reopen.&lt;/p&gt;</content>
  </entry>
</feed>
"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>Attack</title><guid>lol-1</guid><description>&lol9;</description></item>
</channel></rss>
"""

NAV_ONLY_HTML = """<!DOCTYPE html>
<html><head><title>Loading</title>
<script>window.__APP__ = {"route": "/news/123", "lazy": true}; loadArticle();</script>
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/contact">Contact</a></li></ul></nav>
<script src="/bundle.js"></script>
<script>document.write("");</script>
</body></html>
"""


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------

runner = CliRunner()


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def jsonl(*records: dict) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def cli(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, ["ingest", *args, "--quiet"], input=input)


def problem_lines(stderr: str) -> list[str]:
    """Fatal problem lines (``WWnnn where: message``), not warnings."""
    return [line for line in stderr.splitlines() if line[:2] == "WW" and ": warning:" not in line]


def warning_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line[:2] == "WW" and ": warning:" in line]


def documents(db: Path) -> dict[str, dict]:
    with Store(db) as store:
        return {d["id"]: d for d in store.iter_documents()}


def doc(db: Path, document_id: str) -> dict:
    with Store(db) as store:
        return store.get_document(document_id)


def entries(db: Path, document_id: str) -> list[dict]:
    with Store(db) as store:
        return list(store.iter_entries(document_id=document_id))


def within(seconds: float, func: Callable[[], object]) -> object:
    """Run ``func`` in a daemon thread; fail (instead of hanging) if it takes too long."""
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = func()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"did not finish within {seconds} s (hang?)"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


# --------------------------------------------------------------------------
# 1. Every format ingests
# --------------------------------------------------------------------------


def test_text_article_with_header_date(tmp_path, db):
    path = write(tmp_path / "river-crossing.txt", GOOD_TEXT)
    report = api.ingest([str(path)], db=db)
    assert report.problems == [] and report.warnings == []
    assert report.saved == {"river-crossing": "new"}
    assert report.exit_code == 0
    row = doc(db, "river-crossing")
    assert row["format"] == "text"
    assert row["kind"] == "article"
    assert row["published_at"] == "2025-02-20" and row["date_precision"] == "day"
    assert row["encoding"] == "utf-8"
    assert "Ferry services across the Maron river resumed on Thursday" in row["text"]
    assert "timetables could change again" in row["text"]
    assert "date 2025-02-20" not in row["text"]
    assert any(r["reason"] == "header" and "2025-02-20" in r["text"] for r in json.loads(row["removed"]))
    found = entries(db, "river-crossing")
    assert len(found) == 1 and found[0]["published_at"] == "2025-02-20"


def test_html_page_title_site_date_and_no_navigation(tmp_path, db):
    path = write(tmp_path / "harbour-cranes.html", HTML_PAGE)
    report = api.ingest([str(path)], db=db)
    assert report.problems == [], [p.line() for p in report.problems]
    assert report.saved == {"harbour-cranes": "new"}
    row = doc(db, "harbour-cranes")
    assert row["format"] == "html"
    assert row["title"] == "Harbour cranes return to work"
    assert row["source"] == "Coastline Courier"
    assert row["published_at"] is not None and row["published_at"].startswith("2025-03-02")
    text = row["text"]
    for paragraph in ("Container cranes at the southern harbour", "replaced a damaged power cable",
                      "backlog to clear by the end of the week", "review of maintenance schedules"):
        assert paragraph in " ".join(text.split()), paragraph
    for furniture in ("Foreign bureau listings", "Weekend sport roundup", "Front page",
                      "Reproduction of this material", "About the newsroom staff"):
        assert furniture not in text, furniture


def test_jsonl_text_and_html_records_with_dates(tmp_path, db):
    path = write(tmp_path / "wire.jsonl", jsonl(RECORD_TEXT, RECORD_HTML))
    report = api.ingest([str(path)], db=db)
    assert report.problems == [], [p.line() for p in report.problems]
    assert report.saved == {"wire-0001": "new", "wire-0002": "new"}
    first, second = doc(db, "wire-0001"), doc(db, "wire-0002")
    assert first["published_at"] == "2025-03-01T09:00:00Z" and first["date_precision"] == "minute"
    assert second["published_at"] == "2025-03-01" and second["date_precision"] == "day"
    assert first["title"] == "Grain convoy reaches the border"
    assert second["title"] == "Power restored in eastern districts"
    assert first["url"] == "https://wire.example/0001"
    assert first["source"] == second["source"] == "Example Wire"
    assert first["format"] == second["format"] == "jsonl"
    assert "forty grain lorries" in first["text"]
    assert "Electricity returned to most homes" in second["text"]
    assert "three substations" in second["text"]
    assert "<p>" not in second["text"]


def test_rss_feed_one_document_per_item(tmp_path, db):
    path = write(tmp_path / "valley.rss", RSS_FEED)
    report = api.ingest([str(path)], db=db)
    assert report.problems == [], [p.line() for p in report.problems]
    assert report.saved == {"vr-101": "new", "vr-102": "new"}
    first, second = doc(db, "vr-101"), doc(db, "vr-102")
    assert first["source"] == second["source"] == "Valley Radio News"
    assert first["title"] == "Bridge closed after landslide"
    assert first["url"] == "https://valleyradio.example/news/101"
    assert first["published_at"] == "2025-03-01T09:15:00Z" and first["date_precision"] == "minute"
    assert second["published_at"] == "2025-03-02T18:40:00Z"
    assert "landslide blocked the approach road" in " ".join(first["text"].split())
    assert "<p>" not in first["text"]
    assert "welcome assembly" in second["text"]


def test_atom_feed_one_document_per_entry(tmp_path, db):
    path = write(tmp_path / "hillpost.atom", ATOM_FEED)
    report = api.ingest([str(path)], db=db)
    assert report.problems == [], [p.line() for p in report.problems]
    assert set(report.saved) == {"tag:hillpost.example,2025:entry-7", "tag:hillpost.example,2025:entry-8"}
    first = doc(db, "tag:hillpost.example,2025:entry-7")
    second = doc(db, "tag:hillpost.example,2025:entry-8")
    assert first["source"] == second["source"] == "Hill Post Dispatches"
    assert first["title"] == "Snow closes mountain pass"
    assert first["published_at"] == "2025-03-03T12:05:00Z" and first["date_precision"] == "minute"
    assert second["published_at"] == "2025-03-03T09:30:00Z"
    assert "stranding dozens of lorries" in " ".join(first["text"].split())


def test_folder_of_every_format_through_the_cli(tmp_path, db):
    folder = tmp_path / "in"
    write(folder / "river-crossing.txt", GOOD_TEXT)
    write(folder / "pages" / "harbour-cranes.html", HTML_PAGE)
    write(folder / "wire.jsonl", jsonl(RECORD_TEXT, RECORD_HTML))
    write(folder / "feeds" / "valley.rss", RSS_FEED)
    write(folder / "feeds" / "hillpost.atom", ATOM_FEED)
    result = cli(str(folder), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert problem_lines(result.stderr) == []
    assert set(documents(db)) == {
        "river-crossing", "harbour-cranes", "wire-0001", "wire-0002", "vr-101", "vr-102",
        "tag:hillpost.example,2025:entry-7", "tag:hillpost.example,2025:entry-8",
    }
    assert "8 documents: 8 new" in result.stdout




def test_feed_item_paragraph_wrapped_in_the_source_stays_one_paragraph(tmp_path, db):
    path = write(tmp_path / "valley.rss", RSS_FEED)
    api.ingest([str(path)], db=db)
    lines = doc(db, "vr-101")["text"].split("\n")
    assert "The upper valley bridge was closed on Saturday after a landslide blocked the approach road." in lines


def test_record_html_paragraph_wrapped_in_the_source_stays_one_paragraph(tmp_path, db):
    # A short fragment (too short for trafilatura, so read by fragment_text).
    record = dict(RECORD_HTML, html="<p>Electricity returned to most homes\n  in the eastern districts late on Saturday.</p>")
    path = write(tmp_path / "wire.jsonl", jsonl(record))
    api.ingest([str(path)], db=db)
    lines = doc(db, "wire-0002")["text"].split("\n")
    assert "Electricity returned to most homes in the eastern districts late on Saturday." in lines


def test_jsonl_record_containing_a_unicode_line_separator(tmp_path, db):
    record = dict(RECORD_TEXT, text="The convoy reached the border.\u2028Customs officers began inspections at noon.")
    path = write(tmp_path / "wire.jsonl", jsonl(record, RECORD_HTML))
    report = api.ingest([str(path)], db=db)
    assert [p.line() for p in report.problems] == []
    assert report.saved == {"wire-0001": "new", "wire-0002": "new"}


def test_windows_1252_feed_with_encoding_declaration(tmp_path, db):
    feed = (RSS_FEED.replace('encoding="UTF-8"', 'encoding="windows-1252"')
            .replace("Bridge closed after landslide", "Café – bridge closed after landslide"))
    path = write(tmp_path / "valley.rss", feed.encode("cp1252"))
    report = api.ingest([str(path)], db=db)
    assert report.problems == []
    row = doc(db, "vr-101")
    assert row["title"] == "Café – bridge closed after landslide"
    assert row["text"].startswith("Café – bridge closed after landslide")


def test_truncated_feed_is_reported_as_a_bad_feed(tmp_path, db):
    path = write(tmp_path / "cut.rss", RSS_FEED[: RSS_FEED.index("for a welcome assembly")])
    report = api.ingest([str(path)], db=db)
    assert report.saved == {"vr-101": "new"}
    assert [p.code.value for p in report.problems] == ["WW009"], [p.line() for p in report.problems]
    assert report.problems[0].where.startswith(str(path))
    assert report.exit_code == 1


@pytest.mark.parametrize("value", ["today", "yesterday", "2 hours ago"])
def test_relative_published_at_is_not_dated_by_the_ingest_clock(tmp_path, db, value):
    path = write(tmp_path / "wire.jsonl", jsonl(dict(RECORD_TEXT, published_at=value)))
    report = api.ingest([str(path)], db=db)
    assert report.saved == {"wire-0001": "new"}
    row = doc(db, "wire-0001")
    assert row["published_at"] is None and row["date_precision"] == "unknown"


# --------------------------------------------------------------------------
# 2. Bad inputs, each in a batch with one good file
# --------------------------------------------------------------------------


@dataclass
class Bad:
    """A bad input made in ``folder``; ``paths`` are what the batch is given."""

    where: str            # what the problem line must name (prefix of Problem.where)
    code: str
    paths: list[str]      # the whole batch (includes the good file)
    alone: list[str]      # the bad input without the good file
    alone_exit: int = 2
    also_saved: tuple[str, ...] = ()


def _good(folder: Path) -> Path:
    return write(folder / "good.txt", GOOD_TEXT)


def bad_empty(folder: Path) -> Bad:
    _good(folder)
    bad = write(folder / "empty.txt", b"")
    return Bad(str(bad), "WW003", [str(folder)], [str(bad)])


def bad_whitespace(folder: Path) -> Bad:
    _good(folder)
    bad = write(folder / "blank.txt", b"  \n\t\n   \r\n\n")
    return Bad(str(bad), "WW003", [str(folder)], [str(bad)])


def bad_binary(folder: Path) -> Bad:
    _good(folder)
    payload = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 8
    bad = write(folder / "photo.txt", payload)
    return Bad(str(bad), "WW004", [str(folder)], [str(bad)])


def bad_json_line(folder: Path) -> Bad:
    _good(folder)
    broken = '{"id": "wire-0003", "title": "Truncated record", "text": "The line was cut off'
    bad = write(folder / "wire.jsonl", jsonl(RECORD_TEXT) + broken + "\n" + jsonl(RECORD_HTML))
    return Bad(f"{bad}:2", "WW006", [str(folder)], [str(bad)], alone_exit=1,
               also_saved=("wire-0001", "wire-0002"))


def bad_record(folder: Path) -> Bad:
    _good(folder)
    record = {"id": "wire-0009", "title": "A record with no body", "published_at": "2025-03-01"}
    bad = write(folder / "bodiless.jsonl", jsonl(record))
    return Bad(f"{bad}:1", "WW007", [str(folder)], [str(bad)])


def bad_html_no_text(folder: Path) -> Bad:
    _good(folder)
    bad = write(folder / "shell.html", NAV_ONLY_HTML)
    return Bad(str(bad), "WW008", [str(folder)], [str(bad)])


def bad_deep_html(folder: Path) -> Bad:
    """Article text nested 5,000 elements deep: below the HTML parser's depth limit, so unreadable."""
    _good(folder)
    page = ("<html><head><title>Deep</title></head><body>" + "<div>" * 5000
            + "<p>Officials met in Geneva on Monday to discuss the border crisis and agreed to meet again.</p>" + "</div>" * 5000 + "</body></html>")
    bad = write(folder / "deep.html", page)
    return Bad(str(bad), "WW008", [str(folder)], [str(bad)])


def bad_billion_laughs(folder: Path) -> Bad:
    _good(folder)
    bad = write(folder / "laughs.rss", BILLION_LAUGHS)
    return Bad(str(bad), "WW010", [str(folder)], [str(bad)])


def bad_missing(folder: Path) -> Bad:
    good = _good(folder)
    missing = folder / "no-such-article.txt"
    return Bad(str(missing), "WW001", [str(good), str(missing)], [str(missing)])


def bad_sidecar(folder: Path) -> Bad:
    _good(folder)
    bad = write(folder / "harbour.txt", UNDATED_TEXT)
    write(folder / "harbour.txt.meta.json", '{"date": "2025-03-01", "source": ')
    return Bad(str(bad), "WW012", [str(folder)], [str(bad)])


def bad_duplicate_stem(folder: Path) -> Bad:
    _good(folder)
    write(folder / "a" / "market.txt", UNDATED_TEXT)
    second = write(folder / "b" / "market.txt", UNDATED_TEXT.replace("Hundreds", "Dozens"))
    return Bad(str(second), "WW013", [str(folder)], [str(folder / "a"), str(folder / "b")],
               alone_exit=1, also_saved=("market",))


def bad_unreadable(folder: Path) -> Bad:
    if os.geteuid() == 0:
        pytest.skip("running as root: root can read a chmod 000 file")
    _good(folder)
    bad = write(folder / "locked.txt", UNDATED_TEXT)
    bad.chmod(0)
    return Bad(str(bad), "WW002", [str(folder)], [str(bad)])


def bad_self_symlink(folder: Path) -> Bad:
    """A symlink that points at itself: reading it fails with ELOOP."""
    _good(folder)
    bad = folder / "loop.txt"
    os.symlink("loop.txt", bad)
    return Bad(str(bad), "WW002", [str(folder)], [str(bad)])


def bad_fifo(folder: Path) -> Bad:
    """A named pipe with a text extension: must be refused, not read (reading would block)."""
    _good(folder)
    bad = folder / "pipe.txt"
    os.mkfifo(bad)
    return Bad(str(bad), "WW002", [str(folder)], [str(bad)])



BAD_CASES = [
    pytest.param(bad_empty, id="empty"),
    pytest.param(bad_whitespace, id="whitespace-only"),
    pytest.param(bad_binary, id="binary"),
    pytest.param(bad_json_line, id="broken-json-line"),
    pytest.param(bad_record, id="record-without-text"),
    pytest.param(bad_html_no_text, id="html-without-text"),
    pytest.param(bad_deep_html, id="deeply-nested-html"),
    pytest.param(bad_billion_laughs, id="billion-laughs"),
    pytest.param(bad_missing, id="missing-path"),
    pytest.param(bad_sidecar, id="bad-sidecar"),
    pytest.param(bad_duplicate_stem, id="duplicate-stem"),
    pytest.param(bad_unreadable, id="unreadable"),
    pytest.param(bad_self_symlink, id="self-symlink"),
    pytest.param(bad_fifo, id="fifo"),
]


@pytest.mark.parametrize("make", BAD_CASES)
def test_bad_input_reported_once_and_good_file_stored(tmp_path, make):
    folder = tmp_path / "in"
    folder.mkdir()
    bad = make(folder)
    db = tmp_path / "api.db"

    started = time.monotonic()
    report = within(60, lambda: api.ingest(bad.paths, db=db))
    assert time.monotonic() - started < 30

    lines = [p.line() for p in report.problems]
    assert len(report.problems) == 1, lines
    problem = report.problems[0]
    assert problem.code.value == bad.code, lines
    assert problem.where == bad.where, lines
    assert problem.line().startswith(f"{bad.code} {bad.where}: "), lines
    assert len(problem.message) > 10
    assert "Traceback" not in problem.message
    assert report.saved.get("good") == "new"
    for document_id in bad.also_saved:
        assert document_id in report.saved
    assert report.exit_code == 1
    stored = documents(db)
    assert "good" in stored
    assert set(stored) == set(report.saved)

    # The same batch on the command line: one problem line on stderr, exit status 1.
    result = within(60, lambda: cli(*bad.paths, "--db", str(tmp_path / "cli.db")))
    assert result.exit_code == 1, result.output
    assert problem_lines(result.stderr) == [problem.line()], result.stderr
    assert "Traceback" not in result.output

    # The bad input alone: nothing (or only part) could be processed.
    alone = within(60, lambda: api.ingest(bad.alone, db=tmp_path / "alone.db"))
    assert alone.exit_code == bad.alone_exit, [p.line() for p in alone.problems]
    assert [p.code.value for p in alone.problems] == [bad.code]
    result = within(60, lambda: cli(*bad.alone, "--db", str(tmp_path / "alone-cli.db")))
    assert result.exit_code == bad.alone_exit, result.output
    assert len(problem_lines(result.stderr)) == 1, result.stderr


def test_billion_laughs_is_refused_quickly(tmp_path, db):
    path = write(tmp_path / "laughs.xml", BILLION_LAUGHS)
    started = time.monotonic()
    report = within(30, lambda: api.ingest([str(path)], db=db))
    assert time.monotonic() - started < 5
    assert [p.code.value for p in report.problems] == ["WW010"]
    assert report.saved == {}
    assert report.exit_code == 2
    assert "lollol" not in json.dumps([d["text"] for d in documents(db).values()])


def test_symlink_loop_in_folder_does_not_hang(tmp_path, db):
    folder = tmp_path / "in"
    _good(folder)
    write(folder / "sub" / "market.txt", UNDATED_TEXT)
    os.symlink(folder, folder / "sub" / "back-to-top")     # sub/back-to-top -> in (a cycle)
    os.symlink(folder / "sub", folder / "sub" / "self")     # sub/self -> sub
    report = within(60, lambda: api.ingest([str(folder)], db=db))
    assert [p.line() for p in report.problems] == []
    assert report.saved == {"good": "new", "market": "new"}
    assert report.exit_code == 0
    result = within(60, lambda: cli(str(folder), "--db", str(tmp_path / "cli.db")))
    assert result.exit_code == 0, result.output
    assert problem_lines(result.stderr) == []


def test_no_input_found_in_an_empty_folder(tmp_path, db):
    folder = tmp_path / "nothing"
    write(folder / "notes.pdf", b"%PDF-1.4 not an input")
    report = api.ingest([str(folder)], db=db)
    assert [p.code.value for p in report.problems] == ["WW016"]
    assert report.exit_code == 2
    result = cli(str(folder), "--db", str(tmp_path / "cli.db"))
    assert result.exit_code == 2
    assert [line[:5] for line in problem_lines(result.stderr)] == ["WW016"]


# --------------------------------------------------------------------------
# 2b. Odd encodings: decoded (with a warning only for real damage), exit 0
# --------------------------------------------------------------------------

LEGACY_TEXT = (
    "Talks resume in Orléans\n"
    "\n"
    "Negotiators returned to the table in Orléans on Monday, and the minister’s "
    "spokesman called the latest proposal “a serious offer”.\n"
    "\n"
    "The café owners’ association said its members had lost a month of trade and "
    "urged both sides to reach a deal before the holiday season.\n"
)


def _two_file_batch(tmp_path: Path, name: str, payload: bytes):
    folder = tmp_path / "in"
    _good(folder)
    path = write(folder / name, payload)
    db = tmp_path / "store.db"
    report = api.ingest([str(folder)], db=db)
    return path, db, report


def test_invalid_utf8_is_stored_with_a_warning(tmp_path):
    damaged = LEGACY_TEXT.encode("utf-8").replace("Monday".encode(), b"Mon\xff\xfeday")
    path, db, report = _two_file_batch(tmp_path, "damaged.txt", damaged)
    assert report.problems == []
    assert report.exit_code == 0
    assert report.saved == {"good": "new", "damaged": "new"}
    assert len(report.warnings) == 1, report.warnings
    assert report.warnings[0].startswith(f"WW005 {path}: warning: invalid UTF-8")
    row = doc(db, "damaged")
    assert "\ufffd" in row["text"]
    assert "Orléans" in row["text"] and "“a serious offer”" in row["text"]
    result = cli(str(path.parent), "--db", str(tmp_path / "cli.db"))
    assert result.exit_code == 0, result.output
    assert problem_lines(result.stderr) == []
    assert warning_lines(result.stderr) == report.warnings


def test_windows_1252_text_is_decoded(tmp_path):
    path, db, report = _two_file_batch(tmp_path, "orleans.txt", LEGACY_TEXT.encode("cp1252"))
    assert report.problems == [] and report.warnings == []
    assert report.exit_code == 0
    row = doc(db, "orleans")
    assert "Negotiators returned to the table in Orléans on Monday" in row["text"]
    assert "minister’s spokesman called the latest proposal “a serious offer”." in row["text"]
    assert "café owners’ association" in row["text"]
    assert "\ufffd" not in row["text"]


@pytest.mark.parametrize("encoding,bom", [("utf-16", "with BOM"), ("utf-16-le", "no BOM"), ("utf-16-be", "no BOM")])
def test_utf16_text_is_decoded(tmp_path, encoding, bom):
    payload = LEGACY_TEXT.encode(encoding)
    if bom == "no BOM":
        assert not payload.startswith((b"\xff\xfe", b"\xfe\xff"))
    else:
        assert payload.startswith((b"\xff\xfe", b"\xfe\xff"))
    path, db, report = _two_file_batch(tmp_path, "utf16.txt", payload)
    assert report.problems == [] and report.warnings == []
    assert report.exit_code == 0
    row = doc(db, "utf16")
    assert "Negotiators returned to the table in Orléans on Monday" in row["text"]
    assert "“a serious offer”" in row["text"]
    assert "\x00" not in row["text"] and "\ufeff" not in row["text"]


def test_utf8_with_bom_is_decoded(tmp_path):
    payload = b"\xef\xbb\xbf" + GOOD_TEXT.encode("utf-8")
    path, db, report = _two_file_batch(tmp_path, "bom.txt", payload)
    assert report.problems == [] and report.warnings == []
    row = doc(db, "bom")
    assert row["published_at"] == "2025-02-20"
    assert "\ufeff" not in row["text"]





def test_windows_1252_dashes_and_euro_are_decoded(tmp_path):
    text = (
        "Relief fund approved\n\n"
        "The fund – worth €2bn – will be paid out over three years, the minister’s office said.\n\n"
        "Opposition deputies said the money would arrive too late for the coming winter.\n"
    )
    path, db, report = _two_file_batch(tmp_path, "fund.txt", text.encode("cp1252"))
    assert report.problems == []
    row = doc(db, "fund")
    assert "The fund – worth €2bn – will be paid out over three years, the minister’s office said." in row["text"]


@pytest.mark.parametrize("damage", ["stray-bytes", "cut-mid-character"])
def test_invalid_utf8_in_mostly_ascii_text_is_a_warning(tmp_path, damage):
    body = (
        "Talks delayed\n\n"
        "Officials said the minister’s plan for new talks would be delayed by at least a week.\n\n"
    )
    if damage == "stray-bytes":
        payload = body.encode("utf-8") + b"More \xff\xfe details are expected on Friday.\n"
    else:  # the scraper cut the file in the middle of a final "…"
        payload = body.encode("utf-8") + "More details to follow…".encode("utf-8")[:-1]
    path, db, report = _two_file_batch(tmp_path, "talks.txt", payload)
    assert report.problems == [] and report.exit_code == 0
    assert len(report.warnings) == 1 and report.warnings[0].startswith(f"WW005 {path}: warning:")
    row = doc(db, "talks")
    assert row["encoding"] == "utf-8"
    assert "the minister’s plan" in row["text"]
    assert "\ufffd" in row["text"]


def test_utf16le_cyrillic_without_bom_is_decoded(tmp_path):
    text = (
        "Поромне сполучення відновлено\n\n"
        "Пороми через річку знову курсують після триденної перерви, повідомило обласне управління транспорту.\n\n"
        "Перший рейс вирушив на світанку з північного причалу.\n"
    )
    path, db, report = _two_file_batch(tmp_path, "ferry-uk.txt", text.encode("utf-16-le"))
    assert [p.line() for p in report.problems] == []
    row = doc(db, "ferry-uk")
    assert "Пороми через річку знову курсують" in row["text"]


# --------------------------------------------------------------------------
# 3. Standard input
# --------------------------------------------------------------------------


def test_standard_input_stores_one_document(tmp_path, db):
    result = cli("-", "--db", str(db), input=GOOD_TEXT)
    assert result.exit_code == 0, result.output
    assert problem_lines(result.stderr) == []
    stored = documents(db)
    assert len(stored) == 1
    (row,) = stored.values()
    assert row["id"].startswith("stdin-")
    assert row["published_at"] == "2025-02-20"
    assert "Ferry services across the Maron river" in row["text"]
    # The same text again is the same document, unchanged.
    again = cli("-", "--db", str(db), input=GOOD_TEXT)
    assert again.exit_code == 0, again.output
    assert "1 unchanged" in again.stdout
    assert len(documents(db)) == 1


def test_empty_standard_input_is_reported(tmp_path, db):
    result = cli("-", "--db", str(db), input="")
    assert result.exit_code == 2, result.output
    assert [line.split(":")[0] for line in problem_lines(result.stderr)] == ["WW003 <stdin>"]


def test_standard_input_html_is_detected(tmp_path, db):
    result = cli("-", "--db", str(db), input=HTML_PAGE)
    assert result.exit_code == 0, result.output
    (row,) = documents(db).values()
    assert row["format"] == "html"
    assert row["title"] == "Harbour cranes return to work"


# --------------------------------------------------------------------------
# 4. --date and --source
# --------------------------------------------------------------------------


def test_date_fills_unknown_dates_only_and_source_overrides(tmp_path, db):
    folder = tmp_path / "in"
    write(folder / "dated.txt", GOOD_TEXT)
    write(folder / "undated.txt", UNDATED_TEXT)
    write(folder / "page.html", HTML_PAGE)
    write(folder / "wire.jsonl", jsonl(RECORD_TEXT))
    write(folder / "sidecar.txt", UNDATED_TEXT.replace("Hundreds", "Scores"))
    write(folder / "sidecar.txt.meta.json", json.dumps({"date": "2025-02-18", "source": "Sidecar Outlet"}))
    result = cli(str(folder), "--db", str(db), "--date", "2025-02-25", "--source", "Night Desk")
    assert result.exit_code == 0, result.output
    stored = documents(db)
    assert set(stored) == {"dated", "undated", "page", "wire-0001", "sidecar"}
    assert stored["undated"]["published_at"] == "2025-02-25"
    assert stored["undated"]["date_precision"] == "day"
    assert stored["dated"]["published_at"] == "2025-02-20"
    assert stored["sidecar"]["published_at"] == "2025-02-18"
    assert stored["page"]["published_at"].startswith("2025-03-02")
    assert stored["wire-0001"]["published_at"] == "2025-03-01T09:00:00Z"
    assert {d["source"] for d in stored.values()} == {"Night Desk"}


def test_date_and_source_through_the_library(tmp_path, db):
    write(tmp_path / "undated.txt", UNDATED_TEXT)
    write(tmp_path / "dated.txt", GOOD_TEXT)
    report = api.ingest([str(tmp_path / "undated.txt"), str(tmp_path / "dated.txt")], db=db,
                        source="Morning Desk", date="2025-02-25")
    assert report.exit_code == 0
    assert doc(db, "undated")["published_at"] == "2025-02-25"
    assert doc(db, "dated")["published_at"] == "2025-02-20"
    assert doc(db, "undated")["source"] == doc(db, "dated")["source"] == "Morning Desk"


def test_without_date_an_undated_text_stays_unknown(tmp_path, db):
    path = write(tmp_path / "undated.txt", UNDATED_TEXT)
    report = api.ingest([str(path)], db=db)
    assert report.exit_code == 0
    row = doc(db, "undated")
    assert row["published_at"] is None and row["date_precision"] == "unknown"


def test_invalid_date_exits_2_with_ww011(tmp_path, db):
    path = write(tmp_path / "undated.txt", UNDATED_TEXT)
    result = cli(str(path), "--db", str(db), "--date", "2025-13-45")
    assert result.exit_code == 2, result.output
    lines = problem_lines(result.stderr)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("WW011") and "2025-13-45" in lines[0]
    assert "Traceback" not in result.output
    if db.exists():
        assert documents(db) == {}
    with pytest.raises(WirewatchError) as caught:
        api.ingest([str(path)], db=tmp_path / "api.db", date="2025-13-45")
    assert caught.value.code.value == "WW011"


# --------------------------------------------------------------------------
# 5. Re-ingesting
# --------------------------------------------------------------------------


def test_reingest_unchanged_then_one_file_updated(tmp_path, db):
    folder = tmp_path / "in"
    text = write(folder / "river-crossing.txt", GOOD_TEXT)
    write(folder / "harbour-cranes.html", HTML_PAGE)
    write(folder / "wire.jsonl", jsonl(RECORD_TEXT, RECORD_HTML))
    write(folder / "valley.rss", RSS_FEED)
    ids = {"river-crossing", "harbour-cranes", "wire-0001", "wire-0002", "vr-101", "vr-102"}

    first = api.ingest([str(folder)], db=db)
    assert first.saved == {i: "new" for i in ids}

    second = api.ingest([str(folder)], db=db)
    assert second.saved == {i: "unchanged" for i in ids}
    assert second.problems == [] and second.exit_code == 0

    text.write_text(GOOD_TEXT.replace("about forty passengers", "about sixty passengers"), encoding="utf-8")
    third = api.ingest([str(folder)], db=db)
    assert third.saved == {i: ("updated" if i == "river-crossing" else "unchanged") for i in ids}
    assert "about sixty passengers" in doc(db, "river-crossing")["text"]
    assert len(documents(db)) == len(ids)
    assert len(entries(db, "river-crossing")) == 1

    result = cli(str(folder), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "6 documents: 0 new, 0 updated, 6 unchanged; 0 failed" in result.stdout


def test_sidecar_change_alone_updates_the_document(tmp_path, db):
    path = write(tmp_path / "market.txt", UNDATED_TEXT)
    sidecar = write(tmp_path / "market.txt.meta.json", json.dumps({"date": "2025-02-18", "source": "Town Crier"}))
    assert api.ingest([str(path)], db=db).saved == {"market": "new"}
    assert doc(db, "market")["source"] == "Town Crier"
    assert api.ingest([str(path)], db=db).saved == {"market": "unchanged"}
    sidecar.write_text(json.dumps({"date": "2025-02-19", "source": "Town Crier"}), encoding="utf-8")
    assert api.ingest([str(path)], db=db).saved == {"market": "updated"}
    assert doc(db, "market")["published_at"] == "2025-02-19"


def test_feeds_that_break_the_feed_parser_are_one_line_each(tmp_path):
    """Found by benchmarks/fuzz.py: bytes feedparser cannot decode, an unknown declared encoding, NUL in markup."""
    folder = tmp_path / "feeds"
    folder.mkdir()
    (folder / "undecodable.rss").write_bytes(b'<?xml version="1.0"?>\xfa\xbc<rss><channel><item><title>x</title></item></channel></rss>')
    (folder / "bad-encoding.atom").write_bytes(b'<?xml version="1.0" encoding="otf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title></entry></feed>')
    (folder / "nul.rss").write_bytes(b'<rss><channel><item><title>t</title><description>a\x00b</description></item></channel></rss>')
    (folder / "good.txt").write_text("Ministers met in Lenz on Monday to discuss the border.\n", encoding="utf-8")
    report = api.ingest([str(folder)], db=tmp_path / "w.db")
    assert report.saved == {"good": "new"}
    lines = [p.line() for p in report.problems]
    assert len(lines) == 3 and all(line.count("\n") == 0 for line in lines)
    assert all(any(name in line for line in lines) for name in ("undecodable.rss", "bad-encoding.atom", "nul.rss"))


# --------------------------------------------------------------------------
# 2c. Extreme inputs: huge lines, deep nesting, mixed line endings, odd names
# --------------------------------------------------------------------------


def test_deeply_nested_html_names_the_depth_limit(tmp_path, db):
    page = "<html><body>" + "<div>" * 2000 + "<p>Officials met in Geneva on Monday to talk about the border.</p>" + "</div>" * 2000 + "</body></html>"
    report = api.ingest([str(write(tmp_path / "deep.html", page))], db=db)
    assert [p.code.value for p in report.problems] == ["WW008"]
    assert "nested more than 256 elements deep" in report.problems[0].message
    shallow = page.replace("<div>" * 2000, "<div>" * 100).replace("</div>" * 2000, "</div>" * 100)
    assert api.ingest([str(write(tmp_path / "shallow.html", shallow))], db=db).saved == {"shallow": "new"}


def test_mixed_line_endings_make_the_same_paragraphs(tmp_path, db):
    lines = ["Kyiv, 12 February 2022", "First paragraph about the talks in Berlin.", "Second paragraph: the ministers met.",
             "Third paragraph after the meeting.", "Fourth paragraph, the last."]
    unix = write(tmp_path / "unix.txt", "\n\n".join(lines) + "\n")
    mixed = write(tmp_path / "mixed.txt", (lines[0] + "\r\n\r\n" + lines[1] + "\r\r" + lines[2] + "\n\n" + lines[3] + "\r\n\n" + lines[4]).encode())
    report = api.ingest([str(unix), str(mixed)], db=db)
    assert report.exit_code == 0, [p.line() for p in report.problems]
    stored = documents(db)
    assert "\r" not in stored["mixed"]["text"]
    assert stored["mixed"]["text"] == stored["unix"]["text"]
    assert [e["text"] for e in entries(db, "mixed")] == [e["text"] for e in entries(db, "unix")]


def test_odd_file_names_are_ingested_and_reported_on_one_line(tmp_path, db):
    folder = tmp_path / "in"
    names = ["a file with spaces.txt", "ünïcödé – дата.txt", "-leading dash.txt", "per%cent#hash&amp.txt", "quote's \"double\".txt"]
    for name in names:
        write(folder / name, GOOD_TEXT)
    bad = write(folder / "new\nline\u202etxt.txt", b"")  # a newline and a right-to-left override in the name
    report = api.ingest([str(folder)], db=db)
    assert set(report.saved) == {Path(n).stem for n in names}
    assert [p.code.value for p in report.problems] == ["WW003"]
    line = report.problems[0].line()
    assert "\n" not in line and "\u202e" not in line and line.count("\\n") == 1 and "\\u202e" in line, line
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "cli.db"), "--quiet"])
    assert result.exit_code == 1 and problem_lines(result.stderr) == [line], result.stderr
    assert str(bad.name) not in result.stderr  # the raw name (with its newline) never reaches the terminal


def test_a_long_single_entry_is_analysed_in_pieces_with_true_offsets(tmp_path, db):
    from wirewatch.extract import PIECE_CHARS

    sentence = "Sergei Lavrov told reporters in Moscow that NATO had ignored Russia's demands, the foreign ministry said. "
    text = "Moscow, 12 February 2022\n\n" + sentence * (3 * PIECE_CHARS // len(sentence) + 5)
    report = api.run([str(write(tmp_path / "long.txt", text))], db=db)
    assert report.ingest.exit_code == 0 and not report.stages["entities, quotes, figures, events"].get("problems")
    stored = documents(db)["long"]["text"]
    with Store(db) as store:
        mentions = list(store.iter_table("mentions"))
    assert max(m["start"] for m in mentions) > 2 * PIECE_CHARS  # the tail was analysed, not dropped
    assert all(stored[m["start"]:m["end"]] == m["text"] for m in mentions)  # offsets point into the document
    lavrov = [m for m in mentions if m["name"] == "Sergei Lavrov"]
    assert len(lavrov) >= 3 * PIECE_CHARS // len(sentence)


def test_a_50_mb_single_line_is_stored_not_analysed_and_the_batch_goes_on(tmp_path, db, monkeypatch):
    folder = tmp_path / "in"
    _good(folder)
    line = "The minister said troops moved near the border on Monday and officials met. "
    write(folder / "huge.txt", (line * (50_000_000 // len(line) + 1))[:50_000_000])
    result = within(600, lambda: runner.invoke(app, ["run", str(folder), "--db", str(db), "--quiet"]))
    assert result.exit_code == 0, result.output
    warned = warning_lines(result.stderr)
    assert len(warned) == 1 and warned[0].startswith("WW035 huge: warning: over the 2000000-character analysis limit"), result.stderr
    assert set(documents(db)) == {"good", "huge"} and len(documents(db)["huge"]["text"]) >= 49_000_000
    with Store(db) as store:
        by_document = {m["document_id"] for m in store.iter_table("mentions")}
    assert by_document == {"good"}
    again = runner.invoke(app, ["run", str(folder), "--db", str(db), "--quiet"])
    assert again.exit_code == 0 and not warning_lines(again.stderr)  # marked done: not retried, not warned again


def test_pieces_of_a_long_entry_cover_it_exactly_at_boundaries():
    from wirewatch.extract import PIECE_CHARS, _block, pieces_of

    paragraph = "A sentence about the talks. " * 40  # about 1,100 characters
    entry = {"id": "d#0", "headline": "Talks resume", "text": "\n\n".join([paragraph.strip()] * 60) + " " + "word " * 9000,
             "char_start": 500, "is_lead": True, "is_promo": False}
    pieces = pieces_of(entry)
    block = _block(entry)
    assert len(pieces) > 3 and all(len(_block(p)) <= PIECE_CHARS for p in pieces)
    assert "".join(p["text"] for p in pieces) == block
    for piece in pieces:  # each piece knows where it stands in the document
        assert block[piece["char_start"] - 500:][:len(piece["text"])] == piece["text"]
    assert [p["is_lead"] for p in pieces] == [True] + [False] * (len(pieces) - 1)
    assert all(p["text"].endswith("\n\n") for p in pieces[:2])  # cut at paragraph breaks while there are some
    assert all(not p["text"][-1].isalpha() for p in pieces[:-1])  # never inside a word
    short = dict(entry, text="Short.")
    assert pieces_of(short) == [short]
