"""Claim series and disputes on the seeds, the example corpus and texts of our own.

What belongs together was decided by reading the texts (the troop figures of
11, 16 and 17 February 2022; Moscow's withdrawal claim and NATO's denial).
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from wirewatch import api
from wirewatch.claims import Point
from wirewatch.cli import app


def test_the_seeds_troop_figures_form_one_series_with_three_claimants(seeds_any):
    (troops,) = [s for s in api.claims(db=seeds_any, subject="troops") if s.place == "Ukraine"]
    assert troops.subject == "Russia" and troops.measure == "troops" and troops.confidence == 1.0
    assert [p.text for p in troops.points] == ["more than 100,000", "more than 100,000", "more than 150 000", "150,000"]
    assert [p.date[:10] for p in troops.points] == ["2022-02-11", "2022-02-11", "2022-02-16", "2022-02-17"]
    assert troops.claimants == ["the outlet", "Joe Biden", "Ben Wallace"]
    in_series = {p.text for s in api.claims(db=seeds_any) for p in s.points}
    for unrelated in ("64", "more than 14,000", "some 30,000", "4 000", "as many as 7,000"):  # jets, people killed, Belarus drills, new troops, a week's flow
        assert unrelated not in in_series, unrelated


def test_the_seeds_withdrawal_claims_are_a_dispute_with_both_sources(seeds_any):
    found = [d for d in api.disputes(db=seeds_any) if d.subject.startswith("RETREAT")]
    assert found
    assert {d.asserted.claimant for d in found} == {"Moscow"}
    assert {d.denied.claimant for d in found} >= {"Stoltenberg"}
    assert all(d.asserted.document_id and d.denied.document_id and d.denied.text for d in found)
    assert "withdrawing" in found[0].asserted.text and "withdrawal" in found[0].denied.text


def test_the_example_corpus_series_spans_outlets_and_reads_qualifiers(examples_any):
    (kestria,) = api.claims(db=examples_any, entity="Kestria")
    assert len({p.source for p in kestria.points if p.source}) >= 3
    assert {p.value for p in kestria.points} == {12000.0, 40000.0, 45000.0}
    more_than, about = [p for p in kestria.points if p.qualifier == "more than"][0], [p for p in kestria.points if p.value == 45000.0][0]
    assert more_than.range()[0] <= about.range()[1] and about.range()[0] <= more_than.range()[1]  # "more than 40,000" allows 45,000
    assert not [d for d in api.disputes(db=examples_any) if d.kind == "figure" and "fewer than 12,000" not in (d.asserted.text, d.denied.text)]


def test_figures_that_cannot_both_be_true_are_a_dispute(store_url, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    records = [
        {"id": "a", "source": "Lenz Daily Post", "title": "Lenz counts Kestrian troops", "published_at": "2025-03-10T09:00:00Z",
         "text": "Valdoria's defence ministry said Kestria has massed more than 40,000 troops near Valdoria."},
        {"id": "b", "source": "Kestria Today", "title": "Oskaro gives its own figure", "published_at": "2025-03-10T15:00:00Z",
         "text": "Kestria's defence ministry said Kestria has massed 12,000 troops near Valdoria, far fewer than Lenz claims."},
        {"id": "c", "source": "Northern Courier", "title": "Observers estimate", "published_at": "2025-03-11T10:00:00Z",
         "text": "Observers said Kestria has massed about 45,000 troops near Valdoria."},
    ]
    (folder / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = store_url
    api.run([str(folder)], db=db)
    (series,) = api.claims(db=db)
    assert (series.subject, series.place, len(series.points)) == ("Kestria", "Valdoria", 3)
    figure_disputes = [d for d in api.disputes(db=db) if d.kind == "figure"]
    pairs = {frozenset((d.asserted.text, d.denied.text)) for d in figure_disputes}
    assert frozenset(("more than 40,000", "12,000")) in pairs and frozenset(("12,000", "about 45,000")) in pairs
    assert frozenset(("more than 40,000", "about 45,000")) not in pairs


@pytest.mark.parametrize("qualifier, allowed", [(None, (95, 105)), ("more than", (100, float("inf"))), ("as many as", (0, 100)),
                                                 ("nearly", (85, 100)), ("about", (85, 115))])
def test_qualifiers_set_the_range_a_claim_allows(qualifier, allowed):
    point = Point(100.0, qualifier, "100", "x", None, None, "d", "d#0")
    assert point.range() == pytest.approx(allowed)


def test_claims_and_disputes_commands_and_exports(seeds_any, tmp_path):
    runner = CliRunner()
    shown = runner.invoke(app, ["claims", "--db", str(seeds_any), "--subject", "troops", "--out", str(tmp_path / "charts")])
    assert shown.exit_code == 0 and "Russia troops in or near Ukraine" in shown.output and "Ben Wallace" in shown.output
    assert [p.suffix for p in (tmp_path / "charts").iterdir()] == [".png"]
    listed = runner.invoke(app, ["disputes", "--db", str(seeds_any), "--json"])
    assert listed.exit_code == 0 and any(json.loads(line)["subject"].startswith("RETREAT") for line in listed.stdout.splitlines())
    api.export(db=seeds_any, out=tmp_path / "out")
    claims = [json.loads(line) for line in (tmp_path / "out" / "claims.jsonl").read_text(encoding="utf-8").splitlines()]
    assert any(c["claimants"] == ["the outlet", "Joe Biden", "Ben Wallace"] for c in claims)
    assert (tmp_path / "out" / "disputes.jsonl").read_text(encoding="utf-8").strip()


def test_the_example_corpus_holds_a_true_contradiction(examples_any):
    figure_disputes = [d for d in api.disputes(db=examples_any) if d.kind == "figure"]
    assert figure_disputes
    pairs = [{d.asserted.text, d.denied.text} for d in figure_disputes]
    assert all(pair in ({"more than 40,000", "fewer than 12,000"}, {"45 000", "fewer than 12,000"}) for pair in pairs)
    assert {"45 000", "fewer than 12,000"} in pairs  # the army chief's count, in an article that counts only Kestria's troops
    assert {d.denied.source for d in figure_disputes} == {"Kestria Today"}
    assert {d.denied.claimant for d in figure_disputes} == {"Kestria’s defence ministry"}


def test_a_count_with_no_owner_is_its_documents_one_owners_if_near_theirs(tmp_path):
    """The general's 45,000 soldiers are Russia's troops near Finland, which the same article counts;
    the 5,000 whose withdrawal was announced are a part of them, not a claim of the force's size."""
    folder = tmp_path / "news"
    folder.mkdir()
    records = [
        {"id": "a", "source": "Helsinki Post", "title": "Generals count troops", "published_at": "2025-03-10T09:00:00Z",
         "text": "Finland's defence ministry said Russia has massed more than 40,000 troops near Finland. "
                 "A Finnish general told parliament that 45,000 soldiers were now stationed within a day's march of the frontier. "
                 "The first of the 5,000 troops whose withdrawal was announced on Friday left on Saturday, officials said."},
        {"id": "b", "source": "Moscow Wire", "title": "Moscow gives its own figure", "published_at": "2025-03-10T15:00:00Z",
         "text": "Russia's defence ministry said Russia has massed 12,000 troops near Finland, far fewer than Helsinki claims."},
    ]
    (folder / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "w.db"
    api.run([str(folder)], db=db)
    (series,) = api.claims(db=db)
    assert (series.subject, series.place) == ("Russia", "Finland")
    assert sorted(p.text for p in series.points) == ["12,000", "45,000", "more than 40,000"]
    pairs = {frozenset((d.asserted.text, d.denied.text)) for d in api.disputes(db=db) if d.kind == "figure"}
    assert frozenset(("45,000", "12,000")) in pairs
