"""The whole pipeline on the five real seed documents (../shared/samples/seeds)."""

from __future__ import annotations

import json
import re

from conftest import document_of, entries_of

AJ_BLOG = "000_a5459e802c0987f7"
NEWS_ARTICLE = "001_44ae3c3dc913cb4f"
BYLINE_BLOG = "002_c6aafc17f3c0eb51"
UNDATED_BLOG = "003_91b7f26fc497ff22"
WIRE = "004_2a2727772e1582b5"

AJ_TIMES = ["14:48", "14:35", "14:20", "14:17", "14:07", "13:52", "13:42", "13:15", "12:24", "11:36", "11:22", "10:43", "09:23"]
BYLINE_TIMES = ["14:35", "14:24", "14:11", "13:59", "13:30", "13:00", "12:28", "11:59", "11:47", "10:55"]

# Shapes of debris that must never survive into an item's text.
DEBRIS = [
    re.compile(r"\b\d+\s*(?:mins?|hours?|m|h|months?)\s+ago\b"),
    re.compile(r"\(\d{2}:\d{2} GMT\)"),
    re.compile(r"[A-Za-z]\d{1,2} \w+ \d{4} \d{2}:\d{2}"),  # byline fused with a timestamp
    re.compile(r"^READ\s*\|", re.M),
    re.compile(r"Back to top", re.I),
    re.compile(r"Read Entire Article", re.I),
    re.compile(r"_Web_|portalSvet"),
    re.compile(r"^\s*date \d{4}-\d{2}-\d{2}", re.M),
    re.compile(r"Here are the latest updates:"),
    re.compile(r"and news agencies$", re.M),
]


def test_relative_age_blog_entries_have_utc_times(seeds_store):
    entries = entries_of(seeds_store, AJ_BLOG)
    lead, updates = entries[0], entries[1:]
    assert lead["is_lead"] and lead["published_at"] == "2022-02-11" and lead["date_precision"] == "day"
    assert [e["published_at"] for e in updates] == [f"2022-02-11T{t}:00Z" for t in AJ_TIMES]
    assert all(e["date_precision"] == "minute" for e in updates)
    assert updates[0]["headline"] == "How do Ukrainians in Russia feel about the crisis?"
    assert updates[-1]["headline"].startswith("German minister calls Ukraine situation")
    assert updates[-1]["text"].endswith("he added.")


def test_byline_after_blog_entries_take_the_following_byline(seeds_store):
    entries = entries_of(seeds_store, BYLINE_BLOG)
    lead, updates = entries[0], entries[1:]
    assert lead["is_lead"] and lead["text"].startswith("UK Defence Secretary Ben Wallace has told")
    assert "Netherlands advises" not in lead["text"]
    assert [e["published_at"] for e in updates] == [f"2022-02-11T{t}:00Z" for t in BYLINE_TIMES]
    assert updates[0]["headline"] == "Netherlands advises Dutch citizens ‘to leave Ukraine’"
    assert updates[-1]["headline"] == "Finland to sign deal for 64 F35s"
    assert updates[-1]["text"].endswith("deployed in 2027.")


def test_promotional_entry_is_flagged_and_only_it(seeds_store):
    flagged = [e for e in entries_of(seeds_store, BYLINE_BLOG) if e["is_promo"]]
    assert [e["headline"] for e in flagged] == ["Join our expert panel as they discuss the Ukraine crisis"]
    assert not any(e["is_promo"] for e in entries_of(seeds_store, AJ_BLOG))


def test_undated_blog_keeps_clock_times_and_invents_no_date(seeds_store):
    doc = document_of(seeds_store, UNDATED_BLOG)
    assert doc["published_at"] is None and doc["date_precision"] == "unknown"
    entries = entries_of(seeds_store, UNDATED_BLOG)
    assert all(e["published_at"] is None and e["date_precision"] == "unknown" for e in entries)
    assert [e["time_of_day"] for e in entries[1:]] == ["11:30", "11:15", "10:45", "10:30"]
    assert doc["title"] == "US, Russia hold talks as Ukraine tensions mount: Live updates"


def test_single_articles_carry_their_dates_and_sources(seeds_store):
    news = document_of(seeds_store, NEWS_ARTICLE)
    assert (news["kind"], news["published_at"], news["date_precision"]) == ("article", "2022-02-16", "day")
    assert news["title"] == "NATO says Russia still adding troops to Ukraine build-up"
    wire = document_of(seeds_store, WIRE)
    assert (wire["kind"], wire["published_at"], wire["source"]) == ("article", "2022-02-17", "dpa/MIA")
    assert wire["title"] == "NATO still sees no Russian retreat from Ukraine border"


def test_repeated_lead_is_printed_once(seeds_store):
    text = document_of(seeds_store, WIRE)["text"]
    assert text.count("NATO said on Thursday that it still sees no drawdown") == 1
    assert not text.startswith("Brussels/Moscow")


def test_no_debris_survives_in_any_entry(seeds_store):
    for doc_id in (AJ_BLOG, NEWS_ARTICLE, BYLINE_BLOG, UNDATED_BLOG, WIRE):
        for entry in entries_of(seeds_store, doc_id):
            body = f"{entry['headline'] or ''}\n{entry['text']}"
            for pattern in DEBRIS:
                assert not pattern.search(body), (entry["id"], pattern.pattern)


def test_removed_lines_are_kept_for_audit(seeds_store):
    removed = {r["text"]: r["reason"] for r in json.loads(document_of(seeds_store, NEWS_ARTICLE)["removed"])}
    assert removed["49m ago"] == "timestamp"
    assert any(t.startswith("READ |") and r == "related-link" for t, r in removed.items())
    wire_removed = {r["reason"] for r in json.loads(document_of(seeds_store, WIRE)["removed"])}
    assert {"navigation", "page-furniture", "dateline", "repeated"} <= wire_removed


def test_entry_spans_point_into_the_document_text(seeds_store):
    text = document_of(seeds_store, AJ_BLOG)["text"]
    for entry in entries_of(seeds_store, AJ_BLOG):
        span = text[entry["char_start"]:entry["char_end"]]
        assert span.endswith(entry["text"])
        if entry["headline"]:
            assert span.startswith(entry["headline"])
