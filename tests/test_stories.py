"""Cross-source stories and the timeline, on the seeds and on small texts of our own.

Which seed updates report the same development was decided by reading the two
live blogs of 11 February 2022 (Al Jazeera 000, The Independent 002), not from
the program's output.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from conftest import rows

from wirewatch import api
from wirewatch.cli import app

SAME_DEVELOPMENT = [  # (headline in 000 or 002, headline in the other blog)
    ("UK’s Wallace says he hopes for diplomatic progress during Moscow visit", "UK-Russia relations at ‘zero’ but diplomacy still possible%"),
    ("Blinken says Russian invasion could ‘begin at any time’", "Invasion could come at any time, says Blinken"),
    ("Russia slams ‘disrespectful’ responses from EU, NATO%", "Russia accuses EU and Nato of ‘impoliteness and disrespect’"),
    ("Ukrainian FM accuses Russia of trying to strong-arm Kyiv%", "Peace talks failed over Russian demands, says Ukraine minister"),
]

DIFFERENT_DEVELOPMENTS = [  # same day, unrelated or only related
    "Japan urges its citizens in Ukraine to leave immediately",
    "Netherlands advises Dutch citizens ‘to leave Ukraine’",
    "Olympian flashes sign calling for ‘No War in Ukraine’",
    "Germany calls Russian military exercises an ‘escalation’",
    "Berlin talks produced ‘no results’, Kremlin says",
    "UK’s Wallace says he hopes for diplomatic progress during Moscow visit",
    "Blinken says Russian invasion could ‘begin at any time’",
]


LEAD_RESTATES = [  # (live blog, the later update its lead restates)
    ("000", "NATO chief warns of ‘real risk’ of war"),  # Stoltenberg's "real risk" warning from a Romanian air base
    ("002", "UK-Russia relations at ‘zero’ but diplomacy still possible%"),  # Wallace after talks with Shoigu
]


def story_of(db: Path, headline: str) -> str:
    found = rows(db, "SELECT se.story_id FROM story_entries se JOIN entries e ON e.id = se.entry_id WHERE e.headline LIKE ?", headline)
    assert len(found) == 1, (headline, found)
    return found[0]["story_id"]


def test_cross_outlet_reports_of_one_development_share_a_story(seeds_any):
    for one, other in SAME_DEVELOPMENT:
        assert story_of(seeds_any, one) == story_of(seeds_any, other), (one, other)
    sources = {r["document_id"][:3] for r in rows(seeds_any, "SELECT document_id FROM story_entries WHERE story_id = ?",
                                                  story_of(seeds_any, SAME_DEVELOPMENT[1][0]))}
    assert sources == {"000", "002"}


def test_unrelated_updates_of_the_same_day_stay_apart(seeds_any):
    stories = [story_of(seeds_any, h) for h in DIFFERENT_DEVELOPMENTS]
    assert len(set(stories)) == len(stories)


def test_a_blog_lead_joins_the_story_of_the_update_it_restates(seeds_any):
    # The leads are dated to the day alone, the updates to the minute: the lead must not be
    # taken as written at midnight, twelve hours before the update it sums up.
    for document, headline in LEAD_RESTATES:
        leads = rows(seeds_any, "SELECT se.story_id, e.published_at FROM story_entries se JOIN entries e ON e.id = se.entry_id "
                                "WHERE e.is_lead AND e.document_id LIKE ?", document + "%")
        assert [(r["story_id"], len(r["published_at"])) for r in leads] == [(story_of(seeds_any, headline), 10)], (document, headline)


def test_two_statements_about_the_same_talks_are_related_stories(seeds_any):
    kremlin = story_of(seeds_any, "Berlin talks produced ‘no results’, Kremlin says")
    kuleba = story_of(seeds_any, SAME_DEVELOPMENT[3][1])
    assert kremlin != kuleba
    links = rows(seeds_any, "SELECT * FROM story_links WHERE (story_id = ? AND related_id = ?) OR (story_id = ? AND related_id = ?)",
                 kremlin, kuleba, kuleba, kremlin)
    assert links


def test_headline_and_summary_are_taken_from_the_members(seeds_any):
    for story in rows(seeds_any, "SELECT * FROM stories"):
        members = rows(seeds_any, "SELECT e.headline, e.text FROM story_entries se JOIN entries e ON e.id = se.entry_id WHERE se.story_id = ?", story["id"])
        texts = " ".join((m["headline"] or "") + "\n" + m["text"] for m in members)
        assert story["headline"] and story["headline"] in texts
        assert story["summary"]
        for sentence in json.loads(json.dumps(story["summary"])).split(". ")[:1]:
            assert sentence.rstrip(".") in texts


def test_new_items_join_the_stories_of_an_earlier_run(store_url, tmp_path, seeds_dir):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    shutil.copy(next(seeds_dir.glob("000_*")), first)
    shutil.copy(next(seeds_dir.glob("002_*")), second)
    db = store_url
    api.run([str(first)], db=db)
    before = {r["id"]: r for r in rows(db, "SELECT * FROM stories")}
    blinken = story_of(db, SAME_DEVELOPMENT[1][0])
    report = api.run([str(second)], db=db)
    assert report.stages["stories"]["entries"] == len(rows(db, "SELECT id FROM entries WHERE document_id LIKE ? AND NOT is_promo", "002%"))
    assert story_of(db, SAME_DEVELOPMENT[1][1]) == blinken  # joined the story made in the first run
    after = {r["id"]: r for r in rows(db, "SELECT * FROM stories")}
    assert set(before) <= set(after)
    assert after[blinken]["size"] == before[blinken]["size"] + 1
    again = api.run([str(first), str(second)], db=db)
    assert again.stages["stories"]["entries"] == 0
    assert {r["id"]: r for r in rows(db, "SELECT * FROM stories")} == after


WIRE = ("The government of Valdoria announced on Monday that it would close its northern border crossings "
        "for two weeks after a series of clashes between border guards and smugglers near the town of Brask. "
        "Interior minister Anton Keller said the closure was temporary and that trade would resume once "
        "patrols had been reinforced along the river. Officials in neighbouring Kestria criticised the move.")


def test_syndicated_copies_are_marked_and_share_a_story(store_url, tmp_path):
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "copies.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"id": "wire-a", "source": "Wire A", "title": "Valdoria closes northern border", "published_at": "2025-02-03T09:00:00Z", "text": WIRE},
        {"id": "wire-b", "source": "Paper B", "title": "Border closed after clashes", "published_at": "2025-02-03T11:00:00Z",
         "text": WIRE + " The paper's correspondent added that queues had formed."},
        {"id": "other", "source": "Paper C", "title": "Harvest festival opens in Lenz", "published_at": "2025-02-03T12:00:00Z",
         "text": "Thousands gathered in Lenz on Monday for the opening of the annual harvest festival, with music and food stalls lining the old town square."},
    ]) + "\n", encoding="utf-8")
    db = store_url
    api.run([str(folder)], db=db)
    members = {r["document_id"]: r for r in rows(db, "SELECT * FROM story_entries")}
    assert members["wire-b"]["copy_of"] == "wire-a#0"
    assert members["wire-b"]["story_id"] == members["wire-a"]["story_id"] != members["other"]["story_id"]
    story = rows(db, "SELECT * FROM stories WHERE id = ?", members["wire-a"]["story_id"])[0]
    assert json.loads(story["sources"]) == ["Paper B", "Wire A"]


def test_a_replaced_document_leaves_no_stale_members(store_url, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "news.jsonl"
    path.write_text(json.dumps({"id": "n1", "source": "A", "title": "Valdoria closes border", "published_at": "2025-02-03T09:00:00Z", "text": WIRE}) + "\n", encoding="utf-8")
    db = store_url
    api.run([str(folder)], db=db)
    path.write_text(json.dumps({"id": "n1", "source": "A", "title": "Harvest festival opens", "published_at": "2025-02-03T09:00:00Z",
                                "text": "Thousands gathered in Lenz on Monday for the opening of the annual harvest festival in the old town."}) + "\n", encoding="utf-8")
    api.run([str(folder)], db=db)
    stories = rows(db, "SELECT * FROM stories")
    assert [s["headline"] for s in stories] == ["Harvest festival opens"]
    assert stories[0]["size"] == 1 == len(rows(db, "SELECT * FROM story_entries"))


def test_timeline_prints_days_with_sources_quotes_and_figures(seeds_any):
    result = CliRunner().invoke(app, ["timeline", "--db", str(seeds_any), "--from", "2022-02-11", "--to", "2022-02-11"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("2022-02-11 — ")
    assert not any(line.startswith("2022-02-16") for line in lines)
    assert "Blinken says Russian invasion could ‘begin at any time’" in result.output
    assert "— Antony Blinken" in result.output  # a key quote with its speaker
    assert "more than 100,000 troops (claimed by the outlet)" in result.output  # a figure with what it counts
    later = CliRunner().invoke(app, ["timeline", "--db", str(seeds_any), "--from", "2022-02-17"])
    assert "nearly 60% of Russia’s land combat forces (claimed by Ben Wallace)" in later.output


def test_timeline_ranks_a_development_two_outlets_reported_first(seeds_any):
    days = api.timeline(db=seeds_any, start="2022-02-11", end="2022-02-11")
    top = days[0].stories[0]
    assert top.documents == 2
    assert all(story.score <= top.score for story in days[0].stories)


def test_timeline_key_quotes_are_statements_before_scare_quotes(seeds_any):
    """The ministry's “indivisible security” is a phrase picked out; its full sentence is the key quote.
    Quotes come in the same order on every backend (members by publication, then place in the entry)."""
    days = api.timeline(db=seeds_any, start="2022-02-11", end="2022-02-11")
    (slams,) = [s for day in days for s in day.stories if "disrespectful" in s.headline]
    assert [(q["speaker"], len(q["text"].split()) >= 6) for q in slams.quotes] == [
        ("Russia’s foreign ministry", True), ("Russia’s foreign ministry", False)]
    assert slams.quotes[1]["text"] == "indivisible security"


def test_timeline_filters_by_entity_and_source(seeds_any):
    blinken = api.timeline(db=seeds_any, entity="Blinken")
    headlines = [s.headline for day in blinken for s in day.stories]
    assert "Blinken says Russian invasion could ‘begin at any time’" in headlines
    assert "Olympian flashes sign calling for ‘No War in Ukraine’" not in headlines
    dpa = api.timeline(db=seeds_any, source="dpa/MIA")
    assert [d.day for d in dpa] == ["2022-02-17"]


def test_timeline_summary_gives_exactly_l_dates_with_at_most_k_sentences(seeds_any):
    result = CliRunner().invoke(app, ["timeline", "--db", str(seeds_any), "--dates", "3", "--sentences", "2", "--json"])
    assert result.exit_code == 0, result.output
    days = [json.loads(line) for line in result.output.splitlines()]
    assert len(days) == 3
    texts = " ".join(r["text"] for r in rows(seeds_any, "SELECT text FROM entries"))
    for day in days:
        assert 1 <= len(day["sentences"]) <= 2
        assert all(sentence in texts for sentence in day["sentences"])


def test_timeline_option_errors_are_one_line(seeds_any):
    runner = CliRunner()
    alone = runner.invoke(app, ["timeline", "--db", str(seeds_any), "--dates", "3"])
    assert alone.exit_code == 2 and "WW021" in alone.output
    bad_day = runner.invoke(app, ["timeline", "--db", str(seeds_any), "--from", "11/02/2022"])
    assert bad_day.exit_code == 2 and "WW011" in bad_day.output
    nobody = runner.invoke(app, ["timeline", "--db", str(seeds_any), "--entity", "Nobody Atall"])
    assert nobody.exit_code == 2 and "WW018" in nobody.output


def test_stories_export_contract(seeds_any, tmp_path):
    api.export(db=seeds_any, out=tmp_path)
    stories = [json.loads(line) for line in (tmp_path / "stories.jsonl").read_text(encoding="utf-8").splitlines()]
    assert stories
    for story in stories:
        assert list(story)[:8] == ["id", "headline", "entry_ids", "document_ids", "sources", "first_published_at", "last_published_at", "summary"]
    exported = {e for s in stories for e in s["entry_ids"]}
    assert exported == {r["id"] for r in rows(seeds_any, "SELECT id FROM entries WHERE NOT is_promo")}


def test_the_seeds_two_days_of_nato_defence_talks_are_related_stories(seeds_any):
    # 001 reports the first day of the NATO defence ministers' talks (16 February), 004 the second
    # (17 February): one subject, two developments.
    first = story_of(seeds_any, "NATO says Russia still adding troops to Ukraine build-up")
    second = story_of(seeds_any, "NATO still sees no Russian retreat from Ukraine border")
    assert first != second
    assert rows(seeds_any, "SELECT * FROM story_links WHERE story_id = ? AND related_id = ?", *sorted((first, second)))


def test_two_days_of_one_meeting_are_related_stories(store_url, tmp_path):
    folder = tmp_path / "meeting"
    folder.mkdir()
    day_one = ("The defence ministers of Valdoria and Kestria met in Lenz on Monday for the first day of talks on troop "
               "withdrawals from the border. Irena Mavric said the meeting had been frank and that both sides had set out "
               "their positions on the withdrawal of troops from the Brask border area.")
    records = [
        {"id": "day1", "source": "Wire A", "title": "Defence ministers of Valdoria and Kestria meet in Lenz", "published_at": "2025-03-03T10:00:00Z", "text": day_one},
        {"id": "day1-b", "source": "Paper B", "title": "Valdoria and Kestria defence ministers hold talks in Lenz", "published_at": "2025-03-03T12:00:00Z",
         "text": "Valdoria's and Kestria's defence ministers held talks in Lenz on Monday about pulling troops back from the border "
                 "near Brask. Mavric called the first day of the meeting frank; both sides set out their positions on troop withdrawals."},
        {"id": "day2", "source": "Wire A", "title": "Defence ministers of Valdoria and Kestria meet again in Lenz", "published_at": "2025-03-04T10:00:00Z",
         "text": day_one.replace("on Monday for the first day", "again on Tuesday for the second day").replace(
             "had been frank and that both sides had set out their positions on", "had agreed a timetable for")},
    ]
    (folder / "meeting.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = store_url
    api.run([str(folder)], db=db)
    story = {r["document_id"]: r["story_id"] for r in rows(db, "SELECT document_id, story_id FROM story_entries")}
    assert story["day1"] == story["day1-b"] != story["day2"]  # both outlets' first day together; the second day apart
    assert rows(db, "SELECT * FROM story_links WHERE story_id = ? AND related_id = ?", *sorted((story["day1"], story["day2"])))
