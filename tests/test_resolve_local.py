"""A few new documents are linked to the stored entities (wirewatch.extract.resolve_local), not resolved
with the whole corpus again; the stories stage re-indexes only the stories whose entries were relinked."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from wirewatch import api
from wirewatch.extract import resolve_local
from wirewatch.extract.resolve_paged import resolve_store
from wirewatch.store import Store

from conftest import EXAMPLES, rows, store_location

HELD = "wire-dateline.txt"  # a wire story whose names the rest of the corpus also uses


def _resolution(report) -> str:
    return report.stages["entities, quotes, figures, events"]["resolution"]


def _corpus_without(tmp_path: Path, held: str) -> tuple[Path, Path]:
    folder, extra = tmp_path / "corpus", tmp_path / "later"
    shutil.copytree(EXAMPLES, folder)
    extra.mkdir()
    shutil.move(str(folder / held), extra / held)
    return folder, extra / held


_LINKS = {
    "mentions": "SELECT id, entity_id FROM mentions WHERE document_id = ? ORDER BY id",
    "speakers": "SELECT id, speaker, speaker_entity_id FROM quotes WHERE document_id = ? ORDER BY id",
    "claimants": "SELECT id, claimed_by, claimed_by_entity_id FROM figures WHERE document_id = ? ORDER BY id",
    "actors": "SELECT id, source_entity_id, target_entity_id, event_id FROM event_mentions WHERE document_id = ? ORDER BY id",
}


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_new_document_is_linked_locally_as_a_full_resolution_links_it(request, tmp_path: Path, kind: str):
    full = request.getfixturevalue("examples_store" if kind == "sqlite" else "examples_postgres")
    folder, later = _corpus_without(tmp_path, HELD)
    db = store_location(request, kind, tmp_path)
    assert _resolution(api.run([str(folder)], db=db)) == "full"  # no index yet
    before = rows(db, "SELECT id, mentions FROM entities ORDER BY id")
    report = api.run([str(later)], db=db)
    assert _resolution(report) == "local"
    document = next(iter(report.ingest.saved))
    for name, sql in _LINKS.items():
        assert rows(db, sql, document) == rows(full, sql, document), name
    assert rows(db, sql, document)  # the story has events with actors
    # every entity as the full pass over the whole corpus makes it; counts grew by the new mentions
    assert rows(db, "SELECT id, type, country, mentions FROM entities ORDER BY id") == rows(full, "SELECT id, type, country, mentions FROM entities ORDER BY id")
    assert rows(db, "SELECT id, mentions FROM entities ORDER BY id") != before
    events = "SELECT id, type, date, source_entity_id, target_entity_id, mentions FROM events ORDER BY id"
    assert rows(db, events) == rows(full, events)
    # the index learnt the new document's names, each holder and organisation once
    keys = "SELECT key FROM resolution_keys ORDER BY key"
    assert rows(db, keys) == rows(full, keys)
    assert rows(db, "SELECT kind, role, country, entity_id FROM resolution_roles GROUP BY kind, role, country, entity_id HAVING count(*) > 1") == []


def test_local_linking_gives_way_to_the_full_pass(tmp_path: Path, seeds_dir: Path):
    folder, later = _corpus_without(tmp_path, HELD)
    db = tmp_path / "store.db"
    api.run([str(folder)], db=db)
    # the seeds hold more mentions than LOCAL_SHARE of the examples'
    assert _resolution(api.run([str(seeds_dir)], db=db)) == "full"
    assert rows(db, "SELECT full_mentions, local_mentions FROM resolution_state") == [
        {"full_mentions": rows(db, "SELECT count(*) AS n FROM mentions")[0]["n"], "local_mentions": 0}]
    added = api.run([str(later)], db=db)
    assert _resolution(added) == "local"
    local = rows(db, "SELECT local_mentions FROM resolution_state")[0]["local_mentions"]
    assert local == rows(db, "SELECT count(*) AS n FROM mentions WHERE document_id = ?", next(iter(added.ingest.saved)))[0]["n"] > 0
    # a replaced document's old mentions are counted in the stored entities: the full pass runs
    (folder / "article-news.txt").write_text((folder / "article-news.txt").read_text(encoding="utf-8") + "\nNATO chief Jens Stoltenberg said more.\n",
                                              encoding="utf-8")
    assert _resolution(api.run([str(folder)], db=db)) == "full"
    # and a forced analysis resolves the whole corpus
    assert api.analyze(db=db, stages=["entities"])["entities"]["resolution"] == "full"


def test_the_share_of_local_mentions_is_bounded(tmp_path: Path, monkeypatch):
    folder, later = _corpus_without(tmp_path, HELD)
    db = tmp_path / "store.db"
    api.run([str(folder)], db=db)
    monkeypatch.setattr(resolve_local, "LOCAL_SHARE", 0.001)
    assert _resolution(api.run([str(later)], db=db)) == "full"


def test_stories_reindex_the_stories_whose_entries_were_relinked(tmp_path: Path):
    db = tmp_path / "store.db"
    api.run([str(EXAMPLES)], db=db)
    assert rows(db, "SELECT count(*) AS n FROM relinked_entries")[0]["n"] == 0
    index = "SELECT entity_id, story_id, mentions, first_published_at FROM story_entities ORDER BY entity_id, story_id"
    right = rows(db, index)
    # some stories' entries are linked to a wrong entity, and the stories' entity index says so
    wrong = [r["entry_id"] for r in rows(db, "SELECT entry_id FROM story_entries ORDER BY entry_id")][::7]
    with sqlite3.connect(db) as conn:
        conn.executemany("UPDATE mentions SET entity_id = 'person:nobody' WHERE entry_id = ?", [(e,) for e in wrong])
        conn.execute("DELETE FROM story_entities")
        conn.execute(_FRESH)
    assert rows(db, index) != right
    # a full resolution relinks them; the next run's stories stage re-indexes only their stories
    resolve_store(Store(db))
    assert {r["entry_id"] for r in rows(db, "SELECT entry_id FROM relinked_entries")} == set(wrong)
    report = api.run([str(EXAMPLES)], db=db)
    stories = {r["story_id"] for r in rows(db, "SELECT story_id FROM story_entries WHERE entry_id IN (%s)" % ",".join("?" * len(wrong)), *wrong)}
    assert report.stages["stories"]["reindexed"] == len(stories) < rows(db, "SELECT count(*) AS n FROM stories")[0]["n"]
    assert rows(db, index) == right
    assert rows(db, "SELECT count(*) AS n FROM relinked_entries")[0]["n"] == 0


_FRESH = ("INSERT INTO story_entities (entity_id, story_id, mentions, first_published_at) "
          "SELECT m.entity_id, se.story_id, count(*), s.first_published_at FROM story_entries se "
          "JOIN mentions m ON m.entry_id = se.entry_id JOIN stories s ON s.id = se.story_id "
          "WHERE m.entity_id IS NOT NULL GROUP BY m.entity_id, se.story_id, s.first_published_at")
