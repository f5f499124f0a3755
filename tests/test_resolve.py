"""Corpus-level entity resolution on a real store: compact rows, repeated corpora, relinking."""

from __future__ import annotations

import copy
import sqlite3
from pathlib import Path

from conftest import rows
from wirewatch.extract.resolve import Mention, resolve
from wirewatch.extract.storage import load_mentions, write_resolution
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


def test_write_resolution_rewrites_only_the_links_that_changed(examples_store: Path, tmp_path: Path):
    path = tmp_path / "copy.db"
    with sqlite3.connect(examples_store) as source, sqlite3.connect(path) as target:
        source.backup(target)
    resolution = resolve(load_mentions(Store(path)))
    linked = list(resolution.of_mention)
    broken = {linked[0]: None, linked[len(linked) // 2]: "person:nobody", linked[-1]: None}
    with sqlite3.connect(path) as conn:
        conn.executemany("UPDATE mentions SET entity_id = ? WHERE id = ?", [(e, m) for m, e in broken.items()])
        conn.execute("CREATE TABLE relinked (id TEXT)")
        conn.execute("CREATE TRIGGER log_relink AFTER UPDATE OF entity_id ON mentions BEGIN "
                     "INSERT INTO relinked VALUES (new.id); END")
    write_resolution(Store(path), resolution)
    assert sorted(r["id"] for r in rows(path, "SELECT id FROM relinked")) == sorted(broken)
    stored = {r["id"]: r["entity_id"] for r in rows(path, "SELECT id, entity_id FROM mentions")}
    assert all(stored[m] == e for m, e in resolution.of_mention.items())
