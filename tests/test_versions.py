"""Document versions: a live blog saved three times, entries matched, edited, added and withdrawn."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from wirewatch import api
from wirewatch.models import Entry, Stamp
from wirewatch.store import Store
from wirewatch import nlp
from wirewatch.store.schema import document_versions, entries, entry_history, event_mentions, figures, mentions, quotes, stories, story_entries
from wirewatch.versions import match_entries

from conftest import EXAMPLES

BLOG = EXAMPLES / "liveblog-bare-gmt.txt"
_MARKER = re.compile(r"^(Updated )?\d{2}[:.]\d{2} GMT$")


def split_blog(text: str) -> tuple[str, list[str]]:
    """A reverse-chronological blog as (header, updates newest first); a ``Key event`` label stays with its update."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if _MARKER.match(line.strip())]
    starts = [i - 1 if i and lines[i - 1].strip() == "Key event" else i for i in starts]
    header = "\n".join(lines[: starts[0]]).rstrip() + "\n"
    updates = ["\n".join(lines[a:b]).strip() + "\n" for a, b in zip(starts, starts[1:] + [len(lines)])]
    return header, updates


def three_saves() -> tuple[str, str, str, dict]:
    """v1: the four oldest updates; v2: two more, and the oldest update's body edited;
    v3: everything, with the second-oldest update removed."""
    header, updates = split_blog(BLOG.read_text(encoding="utf-8"))
    assert len(updates) >= 7
    oldest, second = updates[-1], updates[-2]
    edited = oldest.replace("as a precaution", "as a precaution, and leave has been cancelled")
    assert edited != oldest
    v1 = header + "\n" + "\n".join(updates[-4:])
    v2 = header + "\n" + "\n".join(updates[-6:-1] + [edited])
    v3 = header + "\n" + "\n".join(u for u in updates[:-1] + [edited] if u is not second)
    facts = {"total": len(updates), "oldest_headline": oldest.split("\n")[1], "second_headline": second.split("\n")[1]}
    return v1, v2, v3, facts


@pytest.fixture
def db(store_url: str) -> str:
    """Every store-writing test here runs on both stores: a SQLite file, then a PostgreSQL database."""
    return store_url


def _entry(index: int, headline: str | None, text: str, iso: str | None = None, lead: bool = False) -> Entry:
    return Entry(index, headline, text, Stamp(iso, "minute" if iso else "unknown"), is_lead=lead)


def _row(entry: Entry) -> dict:
    return {"id": f"d#{entry.index}", "idx": entry.index, "headline": entry.headline, "text": entry.text, "is_lead": entry.is_lead,
            "published_at": entry.stamp.iso, "time_of_day": entry.stamp.time_of_day, "withdrawn_at": None}


def test_match_by_time_and_headline_then_content() -> None:
    old = [_entry(0, "Title", "Lead text.", lead=True), _entry(1, "Shelling near Brask", "Dozens of shells landed.", "2025-02-11T23:45:00Z"),
           _entry(2, "Army on alert", "Units in the east are on heightened alert.", "2025-02-11T22:10:00Z"),
           _entry(3, "Gone soon", "This update will be taken down.", "2025-02-11T21:00:00Z")]
    new = [_entry(0, "New update", "Talks resume on Friday.", "2025-02-12T16:05:00Z"),
           _entry(1, "Title", "Lead text, updated.", lead=True),
           _entry(2, "Shelling near Brask", "Dozens of shells landed.", "2025-02-11T23:45:00Z"),
           _entry(3, "Army placed on alert", "Units in the east are on heightened alert tonight.", "2025-02-11T22:10:00Z")]
    match = match_entries([_row(e) for e in old], new)
    assert [(r["id"], e.headline) for r, e in match.kept] == [("d#1", "Shelling near Brask")]
    assert sorted((r["id"], e.headline) for r, e in match.edited) == [("d#0", "Title"), ("d#2", "Army placed on alert")]
    assert [e.headline for e in match.added] == ["New update"]
    assert [r["id"] for r in match.withdrawn] == ["d#3"]


def test_unrelated_entries_at_one_time_are_not_matched() -> None:
    old = [_entry(1, None, "Sanctions on senior officers are being discussed in Brussels.", "2025-02-11T14:00:00Z")]
    new = [_entry(1, None, "A convoy of ambulances reached the village before dawn.", "2025-02-11T14:00:00Z")]
    match = match_entries([_row(e) for e in old], new)
    assert not match.kept and not match.edited
    assert len(match.added) == 1 and [r["id"] for r in match.withdrawn] == ["d#1"]


def test_a_save_that_splits_headline_and_body_differently_is_the_same_entry() -> None:
    old = [_entry(1, None, "Monitors reach Brask\n\nThe first team arrived at dawn.", "2025-02-20T06:00:00Z")]
    new = [_entry(1, "Monitors reach Brask", "The first team arrived at dawn.", "2025-02-20T06:00:00Z")]
    match = match_entries([_row(e) for e in old], new)
    assert not match.added and not match.withdrawn and len(match.kept + match.edited) == 1


def test_an_entry_is_paired_at_its_own_time_before_a_similar_one_elsewhere() -> None:
    old = [_entry(1, None, "alpha beta gamma delta epsilon one", "2025-02-20T10:00:00Z"),
           _entry(2, None, "alpha beta gamma delta epsilon two", "2025-02-20T11:00:00Z")]
    new = [_entry(0, None, "alpha beta gamma delta epsilon three", "2025-02-20T12:00:00Z"),
           _entry(1, None, "alpha beta gamma delta epsilon two zeta", "2025-02-20T11:00:00Z"),
           _entry(2, None, "alpha beta gamma delta epsilon one", "2025-02-20T10:00:00Z")]
    match = match_entries([_row(e) for e in old], new)
    assert [(r["id"], e.stamp.iso[11:16]) for r, e in match.edited] == [("d#2", "11:00")]
    assert [(r["id"], e.stamp.iso[11:16]) for r, e in match.kept] == [("d#1", "10:00")]
    assert [e.stamp.iso[11:16] for e in match.added] == ["12:00"] and not match.withdrawn


def _state(db: Path) -> dict:
    with Store(db) as store, store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(select(entries).order_by(entries.c.idx)).mappings()]
        members = [dict(r) for r in conn.execute(select(story_entries)).mappings()]
        story_rows = [dict(r) for r in conn.execute(select(stories)).mappings()]
        history = [dict(r) for r in conn.execute(select(entry_history)).mappings()]
        quote_rows = [dict(r) for r in conn.execute(select(quotes)).mappings()]
        versions = [dict(r) for r in conn.execute(select(document_versions).order_by(document_versions.c.version)).mappings()]
    return {"entries": rows, "members": members, "stories": story_rows, "history": history, "quotes": quote_rows, "versions": versions}


def _analysis(db: Path) -> dict:
    """Quotes, figures, mentions and event mentions by their place in the document text (entry ids differ between stores)."""
    with Store(db) as store, store.engine.connect() as conn:
        return {
            "quotes": sorted((r.start, r.end, r.text, r.speaker or "") for r in conn.execute(select(quotes))),
            "figures": sorted((r.start, r.end, r.text, r.claimed_by or "") for r in conn.execute(select(figures))),
            "mentions": sorted((r.start, r.end, r.label, r.entity_id or "") for r in conn.execute(select(mentions))),
            "events": sorted((r.start, r.end, r.type) for r in conn.execute(select(event_mentions))),
        }


def _check_consistent(state: dict) -> None:
    """Nothing counted twice: every live update in exactly one story, withdrawn ones in none,
    story sizes equal their members, no quote twice."""
    live = {e["id"] for e in state["entries"] if not e["withdrawn_at"] and not e["is_promo"]}
    withdrawn = {e["id"] for e in state["entries"] if e["withdrawn_at"]}
    member_ids = [m["entry_id"] for m in state["members"]]
    assert len(member_ids) == len(set(member_ids))
    assert set(member_ids) == live
    assert not withdrawn & set(member_ids)
    sizes = Counter(m["story_id"] for m in state["members"])
    assert {s["id"]: s["size"] for s in state["stories"]} == dict(sizes)
    spans = [(q["entry_id"], q["text"]) for q in state["quotes"]]
    assert len(spans) == len(set(spans))
    assert not {q["entry_id"] for q in state["quotes"]} & withdrawn


def test_three_saves_of_a_live_blog(tmp_path: Path, db: Path) -> None:
    v1, v2, v3, facts = three_saves()
    path = tmp_path / "blog.txt"

    path.write_text(v1, encoding="utf-8")
    assert api.run([str(path)], db=db).ingest.saved == {"blog": "new"}
    first = _state(db)
    assert len(first["entries"]) == 5  # lead + four updates
    ids_v1 = {e["headline"]: e["id"] for e in first["entries"]}
    _check_consistent(first)
    assert first["quotes"], "the oldest updates hold a quote"

    path.write_text(v2, encoding="utf-8")
    assert api.run([str(path)], db=db).ingest.saved == {"blog": "updated"}
    second = _state(db)
    assert len(second["entries"]) == 7
    by_headline = {e["headline"]: e for e in second["entries"]}
    assert all(by_headline[h]["id"] == i for h, i in ids_v1.items())  # matched entries keep their ids
    new_ids = {e["id"] for e in second["entries"]} - set(ids_v1.values())
    assert sorted(int(i.split("#")[1]) for i in new_ids) == [5, 6]  # new, unused indexes
    oldest = by_headline[facts["oldest_headline"]]
    assert "leave has been cancelled" in oldest["text"] and oldest["version"] == 2
    assert [(h["entry_id"], h["version"]) for h in second["history"]] == [(oldest["id"], 1)]
    assert "leave has been cancelled" not in second["history"][0]["text"]
    assert not any(e["withdrawn_at"] for e in second["entries"])
    assert [e["id"] for e in api.search_page("leave cancelled", db=db).items] == [oldest["id"]]  # the index follows the edit
    _check_consistent(second)

    path.write_text(v3, encoding="utf-8")
    assert api.run([str(path)], db=db).ingest.saved == {"blog": "updated"}
    third = _state(db)
    assert len(third["entries"]) == facts["total"] + 1  # every update ever seen, plus the lead
    by_headline = {e["headline"]: e for e in third["entries"]}
    gone = by_headline[facts["second_headline"]]
    assert gone["withdrawn_at"] and gone["id"] == ids_v1[facts["second_headline"]]
    assert [e["id"] for e in third["entries"] if e["withdrawn_at"]] == [gone["id"]]
    assert gone["id"] not in {e["id"] for e in api.search_page(gone["headline"], db=db).items}  # nor found by search
    assert len(third["history"]) == 1
    _check_consistent(third)
    assert [(v["version"], v["added"], v["edited"], v["withdrawn"]) for v in third["versions"]] == [
        (1, 5, 0, 0), (2, 2, 1, 0), (3, facts["total"] - 6, 0, 1)]

    # the analysis of the third version (partly from this process's cached parses) is what a fresh store gets
    fresh_db = tmp_path / "fresh.db"
    nlp.clear_cache()
    api.run([str(path)], db=fresh_db)
    assert _analysis(fresh_db) == _analysis(db)

    # an older save read again is not a change; nor is the current one
    old = tmp_path / "again" / "blog.txt"
    old.parent.mkdir()
    old.write_text(v1, encoding="utf-8")
    assert api.ingest([str(old)], db=db).saved == {"blog": "unchanged"}
    assert api.ingest([str(path)], db=db).saved == {"blog": "unchanged"}
    assert len(_state(db)["entries"]) == len(third["entries"])

    # withdrawn entries are listed with their mark, left out of day counts
    page = api.browse("entries", db=db)
    assert sum(1 for e in page.items if e["withdrawn_at"]) == 1
    assert sum(d["entries"] for d in api.day_summary(db=db)) == facts["total"]


def test_same_url_under_another_name_is_a_version(tmp_path: Path, db: Path) -> None:
    v1, v2, _, _ = three_saves()
    for name, text in (("save-1000.jsonl", v1), ("save-1400.jsonl", v2)):
        record = {"id": name.split(".")[0], "url": "https://example.org/live/border", "source": "Example", "text": text}
        (tmp_path / name).write_text(json.dumps(record) + "\n", encoding="utf-8")
    first = api.ingest([str(tmp_path / "save-1000.jsonl")], db=db)
    second = api.ingest([str(tmp_path / "save-1400.jsonl")], db=db)
    assert first.saved == {"save-1000": "new"} and second.saved == {"save-1000": "updated"}
    with Store(db) as store:
        assert store.count("documents") == 1 and store.count("entries") == 7


@pytest.mark.parametrize("how", ["option", "record", "html"])
def test_scrape_time_resolves_relative_ages(tmp_path: Path, db: Path, how: str) -> None:
    text = (EXAMPLES / "liveblog-relative-age.txt").read_text(encoding="utf-8")
    text = re.sub(r" \(\d\d:\d\d GMT\)", "", text)  # ages only, no clock times
    text = re.sub(r"^ date \S+ ", "", text)
    scraped = "2025-02-11T15:09:00Z"
    if how == "option":
        path = tmp_path / "ages.txt"
        path.write_text(text, encoding="utf-8")
        api.ingest([str(path)], db=db, scraped_at=scraped)
    elif how == "record":
        path = tmp_path / "ages.jsonl"
        path.write_text(json.dumps({"id": "ages", "text": text, "scraped_at": scraped}) + "\n", encoding="utf-8")
        api.ingest([str(path)], db=db)
    else:
        paragraphs = "".join(f"<p>{p}</p>\n" for p in text.split("\n") if p.strip())
        path = tmp_path / "ages.html"
        path.write_text(f'<html><head><title>Border live</title><meta name="scraped_at" content="{scraped}"></head>'
                        f"<body><article>{paragraphs}</article></body></html>", encoding="utf-8")
        api.ingest([str(path)], db=db)
    stamps = [e["published_at"] for e in api.browse("entries", db=db).items if e["marker"] and "ago" in e["marker"]]
    assert "2025-02-11T14:48:00Z" in stamps  # 21 mins before 15:09
    assert "2025-02-11T14:11:00Z" in stamps  # 58 mins before


def test_bad_scraped_at_is_refused(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Some text.", encoding="utf-8")
    with pytest.raises(api.WirewatchError) as info:
        api.ingest([str(path)], db=db, scraped_at="yesterday")
    assert "--scraped-at" in str(info.value)
