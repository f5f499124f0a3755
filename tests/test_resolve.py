"""Corpus-level entity resolution on a real store: compact rows, repeated corpora, relinking, pages, bounded memory."""

from __future__ import annotations

import copy
import importlib.util
import sqlite3
import tracemalloc
from pathlib import Path

from conftest import ROOT, rows
from wirewatch.extract import resolve_paged
from wirewatch.extract.resolve import Mention, resolve
from wirewatch.extract.resolve_paged import resolve_store
from wirewatch.extract.storage import load_mentions
from wirewatch.store import Store


def _outcome(resolution) -> tuple[list, list]:
    return [vars(e) for e in resolution.entities.values()], list(resolution.of_mention.items())


def test_compact_rows_resolve_like_full_stored_rows(examples_store: Path):
    compact = load_mentions(Store(examples_store))
    assert compact and all(isinstance(m, Mention) for m in compact)
    full = rows(examples_store, 'SELECT * FROM mentions ORDER BY document_id, start, "end", id')
    for row in full:
        row["is_role"], row["acts"] = bool(row["is_role"]), bool(row["acts"])
    assert [m.id for m in compact] == [r["id"] for r in full]
    assert _outcome(resolve(compact)) == _outcome(resolve(full))


def test_resolution_is_what_the_run_stored(examples_store: Path):
    resolution = resolve(load_mentions(Store(examples_store)))
    stored = {r["id"]: r["entity_id"] for r in rows(examples_store, "SELECT id, entity_id FROM mentions")}
    assert resolution.of_mention and all(stored[m] == e for m, e in resolution.of_mention.items())
    entities = {r["id"]: r for r in rows(examples_store, "SELECT * FROM entities")}
    assert set(entities) == set(resolution.entities)
    assert all(entities[i]["mentions"] == e.mentions and entities[i]["name"] == e.name for i, e in resolution.entities.items())


def test_a_corpus_repeated_k_times_has_the_same_entities_k_times_larger(examples_store: Path):
    once = load_mentions(Store(examples_store))
    k = 5
    repeated = []
    for i in range(k):
        for m in once:
            twin = copy.copy(m)
            twin.id, twin.document_id = f"{m.id}#{i}", f"{m.document_id}#{i}"
            repeated.append(twin)
    single, many = resolve(once), resolve(repeated)
    assert list(many.entities) == list(single.entities)
    assert all(many.entities[i].mentions == k * e.mentions and many.entities[i].country == e.country
               for i, e in single.entities.items())
    assert all(many.of_mention[f"{m}#{i}"] == e for m, e in single.of_mention.items() for i in range(k))


def _copy(store: Path, path: Path) -> Path:
    with sqlite3.connect(store) as source, sqlite3.connect(path) as target:
        source.backup(target)
    return path


def test_resolve_store_rewrites_only_the_links_that_changed(examples_store: Path, tmp_path: Path):
    path = _copy(examples_store, tmp_path / "copy.db")
    resolution = resolve(load_mentions(Store(path)))
    linked = list(resolution.of_mention)
    broken = {linked[0]: None, linked[len(linked) // 2]: "person:nobody", linked[-1]: None}
    with sqlite3.connect(path) as conn:
        conn.executemany("UPDATE mentions SET entity_id = ? WHERE id = ?", [(e, m) for m, e in broken.items()])
        conn.execute("CREATE TABLE relinked (id TEXT)")
        conn.execute("CREATE TRIGGER log_relink AFTER UPDATE OF entity_id ON mentions BEGIN "
                     "INSERT INTO relinked VALUES (new.id); END")
    assert resolve_store(Store(path)) == len(resolution.entities)
    assert sorted(r["id"] for r in rows(path, "SELECT id FROM relinked")) == sorted(broken)
    stored = {r["id"]: r["entity_id"] for r in rows(path, "SELECT id, entity_id FROM mentions")}
    assert all(stored[m] == e for m, e in resolution.of_mention.items())


_OUTPUTS = ("SELECT id, name, type, country, aliases, mentions FROM entities ORDER BY id",
            "SELECT id, entity_id FROM mentions ORDER BY id",
            "SELECT id, speaker, speaker_entity_id FROM quotes ORDER BY id",
            "SELECT id, claimed_by, claimed_by_entity_id FROM figures ORDER BY id",
            "SELECT id, event_id, source_entity_id, target_entity_id FROM event_mentions ORDER BY id",
            "SELECT * FROM events ORDER BY id")


def _wipe(path: Path) -> None:
    """Forget every output of resolution (the next one starts from nothing)."""
    with sqlite3.connect(path) as conn:
        conn.executescript("UPDATE mentions SET entity_id = NULL; UPDATE quotes SET speaker_entity_id = NULL, speaker = NULL;"
                           "UPDATE figures SET claimed_by_entity_id = NULL, claimed_by = NULL;"
                           "UPDATE event_mentions SET event_id = NULL, source_entity_id = NULL, target_entity_id = NULL;"
                           "DELETE FROM entities; DELETE FROM events;")


def test_resolving_a_store_page_by_page_changes_nothing_the_run_stored(seeds_store: Path, tmp_path: Path, monkeypatch):
    """From nothing, one document per page: the same entities, links, speakers, claimants and events as the run."""
    path = _copy(seeds_store, tmp_path / "copy.db")
    _wipe(path)
    monkeypatch.setattr(resolve_paged, "PAGE_DOCUMENTS", 1)
    resolve_store(Store(path))
    for sql in _OUTPUTS:
        assert rows(path, sql) == rows(seeds_store, sql), sql


def _replicas(source: Path, folder: Path, copies: int) -> Path:
    spec = importlib.util.spec_from_file_location("resolve_scale", ROOT / "benchmarks" / "resolve_scale.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    target = folder / f"x{copies}.db"
    bench.replicate_store(source, target, copies)
    return target


def test_a_store_replicated_k_times_resolves_to_the_same_entities_k_times_larger(examples_store: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(resolve_paged, "PAGE_DOCUMENTS", 3)
    path = _replicas(examples_store, tmp_path, 3)
    assert resolve_store(Store(path)) == len(rows(examples_store, "SELECT id FROM entities"))
    once = {r["id"]: r for r in rows(examples_store, "SELECT * FROM entities")}
    many = {r["id"]: r for r in rows(path, "SELECT * FROM entities")}
    assert set(many) == set(once) and all(many[i]["mentions"] == 3 * e["mentions"] and many[i]["country"] == e["country"] for i, e in once.items())
    stored = {r["id"]: r["entity_id"] for r in rows(examples_store, "SELECT id, entity_id FROM mentions")}
    linked = {r["id"]: r["entity_id"] for r in rows(path, "SELECT id, entity_id FROM mentions")}
    assert linked == {f"{m}#{i}": e for m, e in stored.items() for i in range(3)}
    speakers = {r["id"]: r["speaker_entity_id"] for r in rows(examples_store, "SELECT id, speaker_entity_id FROM quotes")}
    assert {r["id"]: r["speaker_entity_id"] for r in rows(path, "SELECT id, speaker_entity_id FROM quotes")} == {
        f"{q}#{i}": e for q, e in speakers.items() for i in range(3)}
    assert len(rows(path, "SELECT id FROM events")) == 3 * len(rows(examples_store, "SELECT id FROM events"))  # copies are years apart


def _peak_bytes(path: Path) -> int:
    """Python memory at the peak of one store-backed resolution, above what it started with."""
    resolve_store(Store(path))  # loads the gazetteer, lexicon and statements once, outside the measure
    _wipe(path)
    store = Store(path)
    tracemalloc.start()
    try:
        resolve_store(store)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_resolution_memory_does_not_grow_with_the_documents(examples_store: Path, tmp_path: Path, monkeypatch):
    """Bounded memory: six times the documents (and mentions, quotes, figures, event mentions) may not take
    1.5 times the memory; holding every mention, as resolution did, takes about six times."""
    monkeypatch.setattr(resolve_paged, "PAGE_DOCUMENTS", 2)
    one = _peak_bytes(_replicas(examples_store, tmp_path, 1))
    six = _peak_bytes(_replicas(examples_store, tmp_path, 6))
    assert six < 1.5 * one, (one, six)
