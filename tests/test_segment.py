"""Live-blog markers and time resolution, one shape per test."""

from __future__ import annotations

import pytest

from wirewatch.ingest import Options, read_input
from wirewatch.pipeline import process
from wirewatch.segment.markers import parse_marker
from wirewatch.segment.times import day_offsets, entry_stamps
from wirewatch.models import Stamp


@pytest.mark.parametrize(
    ("line", "clock", "zone", "has_day"),
    [
        ("21 mins ago (14:48 GMT)", (14, 48), "GMT", False),
        ("Tom Batchelor11 February 2022 14:35", (14, 35), None, True),
        ("14:48 GMT", (14, 48), "GMT", False),
        ("2.48pm", (14, 48), None, False),
        ("1:15pm BST", (13, 15), "BST", False),
        ("Updated 14.48 GMT", (14, 48), "GMT", False),
        ("Fri 11 Feb 2022 14.48 GMT", (14, 48), "GMT", True),
        ("February 11, 2022 at 2:48 p.m. ET", (14, 48), "ET", True),
    ],
)
def test_marker_shapes(line, clock, zone, has_day):
    marker = parse_marker(line)
    assert marker is not None
    assert (marker.clock, marker.zone, marker.day is not None) == (clock, zone, has_day)


@pytest.mark.parametrize(
    "line",
    [
        "Talks begin at 14:00 GMT",
        "The event will be hosted on Zoom on 23 February at 6.30pm GMT and will last one hour.",
        "1 month ago 32",
        "In 2014, 14,000 people died",
        "Finland to sign deal for 64 F35s",
    ],
)
def test_sentences_with_times_are_not_markers(line):
    assert parse_marker(line) is None


def test_reverse_blog_steps_back_a_day_after_midnight():
    assert day_offsets([(0, 40), (0, 5), (23, 50), (22, 0)]) == [0, 0, -1, -1]


def test_chronological_blog_steps_forward_after_midnight():
    assert day_offsets([(22, 0), (23, 50), (0, 5), (1, 0)]) == [0, 0, 1, 1]


def test_small_disorder_is_not_a_new_day():
    assert day_offsets([(14, 0), (14, 30), (13, 0), (12, 0)]) == [0, 0, 0, 0]


def test_eastern_time_follows_daylight_saving():
    winter = entry_stamps([parse_marker("February 11, 2022 at 2:48 p.m. ET")], Stamp.unknown())
    summer = entry_stamps([parse_marker("July 11, 2022 at 2:48 p.m. ET")], Stamp.unknown())
    assert winter[0].iso == "2022-02-11T19:48:00Z" and summer[0].iso == "2022-07-11T18:48:00Z"


def test_relative_ages_resolve_only_against_a_known_scrape_time():
    markers = [parse_marker("49m ago"), parse_marker("2 hours ago")]
    assert [s.precision for s in entry_stamps(markers, Stamp.unknown())] == ["unknown", "unknown"]
    stamps = entry_stamps(markers, Stamp.unknown(), scraped_at="2022-02-16T12:00:00Z")
    assert [s.iso for s in stamps] == ["2022-02-16T11:11:00Z", "2022-02-16T10:00:00Z"]


def _blog(tmp_path, text: str, **sidecar):
    path = tmp_path / "blog.txt"
    path.write_text(text, encoding="utf-8")
    if sidecar:
        import json
        (tmp_path / "blog.txt.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
    (raw,) = list(read_input(path, Options()))
    return process(raw)


def test_relative_age_blog_with_scrape_time_from_sidecar(tmp_path):
    doc = _blog(
        tmp_path,
        "Ceasefire talks live\n\nMediators met again today.\n\n49m ago\n\nTalks resume\n\nThe delegations returned.\n\n"
        "2h ago\n\nDelegations arrive\n\nThe first delegation landed.\n",
        scraped_at="2024-05-02T18:30:00Z",
    )
    assert doc.kind == "liveblog"
    assert [e.stamp.iso for e in doc.entries] == ["2024-05-02", "2024-05-02T17:41:00Z", "2024-05-02T16:30:00Z"]
    assert doc.published.iso == "2024-05-02T16:30:00Z"
    assert doc.entries[0].is_lead and doc.entries[0].headline == "Ceasefire talks live"


def test_zone_named_once_applies_to_the_blogs_other_markers(tmp_path):
    doc = _blog(tmp_path, " date 2024-06-03\nSummit live\n\n3.10pm BST\n\nLeaders arrive\n\nThey met.\n\n2.05pm\n\nSecurity tight\n\nRoads closed.\n")
    assert [e.stamp.iso for e in doc.entries if not e.is_lead] == ["2024-06-03T14:10:00Z", "2024-06-03T13:05:00Z"]


def test_sidecar_timezone_applies_to_zoneless_markers(tmp_path):
    doc = _blog(tmp_path, "Summit live\n\n15:10\n\nLeaders arrive\n\nThey met.\n\n14:05\n\nSecurity tight\n\nRoads closed.\n", date="2024-01-09", timezone="Europe/Kyiv")
    assert [e.stamp.iso for e in doc.entries] == ["2024-01-09T13:10:00Z", "2024-01-09T12:05:00Z"]


def test_one_timestamp_line_does_not_make_a_live_blog(tmp_path):
    doc = _blog(tmp_path, "Minister resigns\n\n14:35 GMT\n\nThe minister resigned on Monday.\n\nHer party thanked her.\n")
    assert doc.kind == "article" and len(doc.entries) == 1
    assert "14:35" not in doc.text
