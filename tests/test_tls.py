"""Timeline summarisation on a small fictional story: a dam failure in an invented town."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from wirewatch.tls import Article, Settings, _pick, _prior, _Sentence, summarize_timeline, tag_dates

D = date  # brevity

# Wednesday 2023-03-01 .. Tuesday 2023-03-07
STORY = [
    Article("a1", D(2023, 3, 1), [
        "Heavy rain swelled the Varnel river above the old Kessby dam for a third straight day.",
        "Engineers at the Kessby dam warned that the spillway gates were struggling with the flood water.",
        "Residents of the lower valley were told to prepare bags and documents in case of evacuation.",
    ], "Valley Post"),
    Article("a2", D(2023, 3, 2), [
        "The Kessby dam wall cracked early on Thursday and water poured into the lower valley villages.",
        "Rescue teams used boats to reach families trapped on rooftops after the Kessby dam failure.",
        "The regional governor declared an emergency across the valley and closed the main highway.",
    ], "Valley Post"),
    Article("a3", D(2023, 3, 2), [
        "Thousands of residents fled the lower valley as flood water from the broken Kessby dam spread.",
        "Officials said at least twelve people were missing after the Kessby dam wall cracked.",
    ], "River Wire"),
    Article("a4", D(2023, 3, 3), [
        "Yesterday's collapse of the Kessby dam flooded four villages, officials said on a tour of the valley.",
        "Army helicopters dropped food and water to villages cut off by the flood.",
        "The governor promised an inquiry into the maintenance of the Kessby dam.",
    ], "River Wire"),
    Article("a5", D(2023, 3, 6), [
        "On Monday the national inquiry into the Kessby dam collapse opened in the capital with a first hearing.",
        "Engineers told the inquiry that warnings about the Kessby dam spillway had been ignored for years.",
        "The flood water began to recede from the lower valley villages over the weekend.",
    ], "Valley Post"),
    Article("a6", D(2023, 3, 7), [
        "The Kessby dam cracked on March 2, flooding four villages and forcing thousands of residents to flee.",
        "A memorial service for the victims of the Kessby flood will be held in the valley on March 10.",
        "The inquiry heard on Monday that the spillway gates of the dam had failed an inspection.",
    ], "River Wire"),
]
TEXTS = {s for a in STORY for s in a.sentences}


def test_tag_dates_resolves_absolute_and_relative_references() -> None:
    tuesday = D(2023, 3, 7)
    assert tag_dates("The dam cracked on March 2, 2023, officials said.", tuesday) == [D(2023, 3, 2)]
    assert tag_dates("The dam cracked on 2 March.", tuesday) == [D(2023, 3, 2)]
    assert tag_dates("A hearing was held on Monday.", tuesday) == [D(2023, 3, 6)]
    assert tag_dates("A hearing will be held on Thursday.", tuesday) == [D(2023, 3, 9)]
    assert tag_dates("Rescuers arrived yesterday.", tuesday) == [D(2023, 3, 6)]
    assert tag_dates("The river rose three days ago.", tuesday) == [D(2023, 3, 4)]
    assert tag_dates("Residents may march to the capital.", tuesday) == []
    # a year-less date near a year boundary lands in the nearer year
    assert tag_dates("It began on December 30.", D(2024, 1, 2)) == [D(2023, 12, 30)]


def test_year_less_dates_follow_the_tense_of_the_sentence() -> None:
    june = D(2011, 6, 10)  # October 20 is 233 days back, 132 days ahead
    assert tag_dates("The dam cracked on October 20, officials said.", june) == [D(2010, 10, 20)]
    assert tag_dates("A hearing will be held on October 20.", june) == [D(2011, 10, 20)]
    # without tense (tense_days=0) the nearer occurrence wins, even for a past event
    assert tag_dates("The dam cracked on October 20, officials said.", june, tense_days=0) == [D(2011, 10, 20)]
    # a past occurrence further back than tense_days falls back to the nearest one
    assert tag_dates("The dam cracked on August 1.", june, tense_days=300) == [D(2011, 8, 1)]
    assert Settings().tense_days == 300


@pytest.mark.parametrize("n_dates", [1, 2, 3, 4])
def test_exactly_n_dates_with_at_most_k_verbatim_sentences(n_dates: int) -> None:
    timeline = summarize_timeline(STORY, n_dates=n_dates, n_sentences=2)
    assert len(timeline) == n_dates
    days = [d for d, _ in timeline]
    assert days == sorted(days) and len(set(days)) == n_dates
    for _, sents in timeline:
        assert 1 <= len(sents) <= 2
        assert set(sents) <= TEXTS
    every = [s for _, sents in timeline for s in sents]
    assert len(every) == len(set(every))


def test_most_mentioned_day_comes_first() -> None:
    # 2 March: two articles published, "yesterday" from 3 March, "March 2" from 7 March
    [(day, sents)] = summarize_timeline(STORY, n_dates=1, n_sentences=1)
    assert day == D(2023, 3, 2)
    assert "Kessby dam" in sents[0]


def test_date_references_move_a_sentence_to_the_day_they_name() -> None:
    # Nothing is published on Saturday 4 March or Friday 10 March; a sentence naming
    # Monday (6 March) published on Tuesday the 7th supports the 6th.
    solo = [Article("x", D(2023, 3, 7), [
        "The inquiry into the dam collapse opened on Monday with testimony from the chief engineer.",
    ])]
    assert summarize_timeline(solo, 1, 1) == [(D(2023, 3, 6), solo[0].sentences)]
    ahead = [Article("y", D(2023, 3, 7), [
        "A memorial service for the flood victims will be held in the valley on March 10.",
    ])]
    timeline = summarize_timeline(ahead, 1, 1, start=D(2023, 3, 1), end=D(2023, 3, 31))
    assert timeline == [(D(2023, 3, 10), ahead[0].sentences)]


def test_start_and_end_bound_the_dates() -> None:
    timeline = summarize_timeline(STORY, n_dates=10, n_sentences=1, start=D(2023, 3, 3), end=D(2023, 3, 6))
    days = [d for d, _ in timeline]
    assert days and all(D(2023, 3, 3) <= d <= D(2023, 3, 6) for d in days)
    # fewer candidate dates than asked for: all of them, no padding
    assert len(days) < 10
    assert D(2023, 3, 6) in days


def test_empty_input_gives_empty_timeline() -> None:
    assert summarize_timeline([], 5, 2) == []
    assert summarize_timeline([Article("e", D(2023, 3, 1), [])], 5, 2) == []
    assert summarize_timeline(STORY, 0, 2) == []


def test_near_duplicates_are_not_repeated() -> None:
    wire = "The Kessby dam wall cracked early on Thursday and water poured into the lower valley villages."
    copies = STORY + [Article("c1", D(2023, 3, 2), [wire + " ", "Schools in the valley stayed closed."])]
    for _, sents in summarize_timeline(copies, n_dates=3, n_sentences=3):
        stripped = [s.strip() for s in sents]
        assert len(stripped) == len(set(stripped))


def test_first_and_second_person_sentences_are_penalised() -> None:
    # The reader-addressed sentence is the most central one, but uses "you/our".
    day = [Article("p1", D(2023, 3, 2), [
        "You can see photos of the Kessby dam flood water in the lower valley villages on our website.",
        "Flood water from the Kessby dam reached the lower valley villages on Thursday morning.",
        "Photos of the Kessby dam flood showed roofs of lower valley villages under brown water.",
    ])]
    [(_, [chosen])] = summarize_timeline(day, 1, 1)
    assert not chosen.startswith("You")
    [(_, [plain])] = summarize_timeline(day, 1, 1, settings=Settings(person_penalty=0.0))
    assert plain.startswith("You can")
    # first person inside a quotation is reported speech and is not penalised
    assert _prior('He said: "We will rebuild the dam wall before the winter."', Settings()) == 0.0
    assert _prior("We visited the valley on Friday.", Settings()) < 0.0


def test_centroid_optimisation_prefers_complementary_sentences() -> None:
    # Rows 0 and 1 point almost the same way; row 4 covers what row 0 misses.
    rows = np.array([[0.9, 0.1, 0.0], [0.8, 0.2, 0.0], [0.5, 0.0, 0.6], [0.5, 0.0, -0.3], [0.6, 0.0, 0.5]])
    X = csr_matrix(rows / np.linalg.norm(rows, axis=1, keepdims=True))
    text = "Rescue teams reached the flooded villages of the lower valley by boat after the dam failed."
    sents = [_Sentence(text, D(2023, 3, 2), 0, []) for _ in range(5)]
    pick = lambda opt: _pick(list(range(5)), sents, X, np.zeros(5), 2, [],  # noqa: E731
                             Settings(centroid_opt=opt, redundancy=1.0))
    assert pick(0) == [0, 1]
    assert pick(1) == [0, 4]


def test_only_an_articles_first_sentences_stand_for_its_publication_day() -> None:
    lead = [f"Update {n}: rescue teams reached district {n}." for n in range(25)]
    deep = [f"Background note {n}: the region has long suffered floods, droughts and quarrels over its ports and rail lines." for n in range(5)]
    article = Article("a", date(2011, 3, 3), lead + deep)
    [(day, picked)] = summarize_timeline([article], 1, 1)
    assert day == date(2011, 3, 3) and picked[0] in lead  # deep sentences are background, even when better prose
    [(_, everything)] = summarize_timeline([article], 1, 1, settings=Settings(pub_clip=0))
    assert everything[0] in deep


def test_a_day_reported_on_the_next_day_outranks_an_equal_one() -> None:
    articles = [Article("a", date(2011, 3, 3), ["Officials met to discuss the crisis and agreed on a further round of talks soon."]),
                Article("b", date(2011, 3, 8), ["Rescue crews searched the flooded valley for survivors after the dam collapsed."]),
                Article("c", date(2011, 3, 9), ["Markets were calm as traders waited for more figures from the central bank."])]
    [(top, _)] = summarize_timeline(articles, 1, 1)
    assert top == date(2011, 3, 8)  # 3 and 8 March have one article each; 8 March's news goes on the next day
    [(plain, _)] = summarize_timeline(articles, 1, 1, settings=Settings(next_pub_weight=0))
    assert plain == date(2011, 3, 3)


def test_a_report_of_the_day_beats_an_equal_look_back() -> None:
    # Two sentences equally near the pool's centroid: one written the day after, one weeks later.
    X = csr_matrix(np.array([[1.0, 0.0], [1.0, 0.0]]))
    text = "Rescue crews reached the flooded villages of the lower valley on Thursday after the dam failed."
    sents = [_Sentence(text, D(2023, 3, 30), 0, [D(2023, 3, 2)]), _Sentence(text, D(2023, 3, 3), 1, [D(2023, 3, 2)])]
    pick = lambda bonus: _pick([0, 1], sents, X, np.zeros(2), 1, [], Settings(fresh_bonus=bonus), D(2023, 3, 2))  # noqa: E731
    assert pick(0.0) == [0]
    assert pick(Settings().fresh_bonus) == [1]
