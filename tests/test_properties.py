"""Property tests (hypothesis): the reading, segmenting, time and figure code on arbitrary input.

No exceptions but the documented ones; a document's entries tile its text in
order without overlap; a live blog's entry times are the times its markers
say; numbers written in any usual way parse back to their value.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wirewatch.errors import WirewatchError
from wirewatch.extract import code_text
from wirewatch.extract.figures import parse_number
from wirewatch.ingest.text import read_text
from wirewatch.pipeline import process
from wirewatch.timeparse import parse_clock, parse_date, parse_relative, parse_timestamp

WORDS = ["Kestria", "Valdoria", "said", "the", "troops", "border", "minister", "“", "”", "\"", "'", ":", "GMT", "ago",
         "12:05", "2pm", "Monday", "February", "2025", "more than", "40,000", "150 000", "—", "Updated", "Live", "\n", "\n\n"]
FUZZY = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
WORDY = st.lists(st.sampled_from(WORDS), max_size=120).map(" ".join)
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _document(text: str):
    raw = next(iter(read_text(text, "prop", "memory")))
    try:
        return process(raw)
    except WirewatchError:
        return None  # a documented refusal (no text left after cleaning), not a crash


def _check_tiling(doc) -> None:
    previous_end = 0
    for entry in doc.entries:
        assert previous_end <= entry.start < entry.end <= len(doc.text), (entry.start, entry.end, previous_end)
        assert entry.text.strip() and entry.text.strip() in doc.text[entry.start:entry.end]
        previous_end = entry.end


@FAST
@given(st.one_of(FUZZY, WORDY))
def test_any_text_segments_into_entries_that_tile_it(text):
    doc = _document(text)
    if doc is not None:
        _check_tiling(doc)


MARKER_TIMES = st.lists(st.tuples(st.integers(0, 23), st.integers(0, 59)), min_size=2, max_size=8, unique=True)
PARAGRAPHS = st.lists(st.sampled_from([
    "Troops were seen moving towards the border on Monday, officials said.",
    "The minister said talks would resume once the shelling had stopped.",
    "Residents of the border villages were told to leave their homes.",
    "Diplomats met in Geneva for a second round of negotiations.",
]), min_size=1, max_size=3)


@FAST
@given(MARKER_TIMES, st.data())
def test_live_blog_entries_take_their_markers_times(times, data):
    times = sorted(times, reverse=True)  # newest first, as live blogs are written
    blocks = []
    for n, (hour, minute) in enumerate(times):
        body = "\n\n".join(data.draw(PARAGRAPHS))
        blocks.append(f"{hour:02d}:{minute:02d} GMT\nUpdate number {n} from the border\n\n{body}")
    doc = _document(" date 2025-02-11\nBorder crisis: live\n\n" + "\n\n".join(blocks) + "\n")
    assert doc is not None
    _check_tiling(doc)
    timed = [e for e in doc.entries if e.marker]
    assert [e.stamp.time_of_day for e in timed] == [f"{h:02d}:{m:02d}" for h, m in times]
    assert all(e.stamp.iso.startswith("2025-02-11T") for e in timed)


@FAST
@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([",", " ", "", "\u00a0"]))
def test_numbers_parse_back_to_their_value(value, separator):
    digits = f"{value:,}".replace(",", separator) if separator else str(value)
    assert parse_number(digits) == value


@FAST
@given(st.integers(min_value=1, max_value=999), st.sampled_from([("thousand", 10**3), ("million", 10**6), ("billion", 10**9)]))
def test_scaled_numbers_parse_back(value, scale):
    word, factor = scale
    assert parse_number(f"{value} {word}") == value * factor


@FAST
@given(st.integers(0, 23), st.integers(0, 59))
def test_clock_times_parse_back(hour, minute):
    assert parse_clock(f"{hour:02d}:{minute:02d}") == (hour, minute)


@FAST
@given(st.one_of(FUZZY, WORDY))
def test_time_and_number_readers_never_raise(text):
    parse_clock(text)
    parse_date(text)
    parse_relative(text)
    parse_timestamp(text)
    parse_number(text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(WORDY)
def test_entities_quotes_figures_and_events_never_raise_on_odd_sentences(text):
    for event in code_text(text):
        assert event.type and 0.0 <= event.confidence <= 1.0
