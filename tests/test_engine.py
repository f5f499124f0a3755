"""Executors: ``--workers N`` and the Dask engine give the local engine's exports; runs are incremental."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wirewatch import api, nlp
from wirewatch.cli import app
from wirewatch.errors import WirewatchError
from wirewatch.store import Store

from conftest import EXAMPLES

runner = CliRunner()


def exported(db: Path, out: Path) -> dict[str, str]:
    """Every exported table's text (jsonl), keyed by file name."""
    api.export(db=db, out=out, fmt="jsonl")
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}


@pytest.fixture(scope="module")
def corpus(seeds_dir: Path) -> list[str]:
    return [str(EXAMPLES), str(seeds_dir)]


@pytest.fixture(scope="module")
def local_export(tmp_path_factory: pytest.TempPathFactory, corpus: list[str]) -> dict[str, str]:
    """The example corpus and the seeds through the local engine, in process."""
    work = tmp_path_factory.mktemp("local")
    report = api.run(corpus, db=work / "store.db", workers=1)
    assert report.ingest.exit_code == 0 and not report.stages["entities, quotes, figures, events"].get("problems")
    tables = exported(work / "store.db", work / "export")
    for name in ("quotes.jsonl", "figures.jsonl", "event_mentions.jsonl", "entities.jsonl", "stories.jsonl"):
        assert tables[name].strip(), f"{name} is empty: the comparison would prove nothing"
    return tables


def test_two_workers_give_the_same_exports(store_url, tmp_path, corpus, local_export):
    db = store_url  # the PostgreSQL store's exports equal the local engine's on SQLite
    result = runner.invoke(app, ["run", *corpus, "--db", str(db), "--quiet", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert exported(db, tmp_path / "export") == local_export


def test_dask_local_cluster_gives_the_same_exports(tmp_path, corpus, local_export):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        report = api.run(corpus, db=tmp_path / "store.db", engine="dask", scheduler=cluster.scheduler_address)
        assert report.stages["entities, quotes, figures, events"]["documents"] == len(report.ingest.saved)
        with distributed.Client(cluster) as client:
            loads = client.run(nlp.load.cache_info)  # each worker loaded the model at most once
            assert len(loads) == 2 and all(info.misses <= 1 for info in loads.values())
            assert sum(info.misses for info in loads.values()) >= 1
    assert exported(tmp_path / "store.db", tmp_path / "export") == local_export


def test_a_second_run_processes_only_the_new_file(store_url, tmp_path):
    folder = tmp_path / "inbox"
    shutil.copytree(EXAMPLES, folder)
    held = tmp_path / "article-news.txt"
    shutil.move(folder / "article-news.txt", held)  # held back for the second run
    db = store_url
    first = api.run([str(folder)], db=db, workers=2)
    assert first.ingest.count("new") == len(first.ingest.saved) > 5
    before = _state(db)
    shutil.move(held, folder / "article-news.txt")
    second = api.run([str(folder)], db=db, workers=2)
    assert second.ingest.count("new") == 1 and second.ingest.count("unchanged") == len(first.ingest.saved)
    assert second.stages["entities, quotes, figures, events"]["documents"] == 1
    with Store(db) as store:
        new_entries = sum(1 for _ in store.iter_entries(document_id="article-news"))
    assert second.stages["stories"]["entries"] == new_entries > 0
    after = _state(db)
    assert {k: v for k, v in after.items() if k[0] != "article-news"} == before
    assert {k[1] for k in after if k[0] == "article-news"} == {"entities", "quotes", "figures", "events", "resolution"}
    third = api.run([str(folder)], db=db, workers=2)
    assert third.stages["entities, quotes, figures, events"]["documents"] == 0 and third.stages["stories"]["entries"] == 0


def _state(db: Path) -> dict[tuple[str, str], str]:
    with Store(db) as store, store.engine.connect() as conn:
        return {(d, s): h for d, s, h in conn.exec_driver_sql("SELECT document_id, stage, content_hash FROM analysis_state")}


def test_bad_engine_options_are_one_line_errors(tmp_path):
    with pytest.raises(WirewatchError) as caught:
        api.run([str(EXAMPLES)], db=tmp_path / "a.db", workers=0)
    assert caught.value.code.value == "WW026"
    result = runner.invoke(app, ["run", str(EXAMPLES), "--db", str(tmp_path / "b.db"), "--engine", "dask"])
    assert result.exit_code == 2 and "WW027" in result.output and "--scheduler" in result.output
    result = runner.invoke(app, ["run", str(EXAMPLES), "--db", str(tmp_path / "c.db"), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2 and "WW027" in result.output and "scheduler" in result.output
    assert not (tmp_path / "a.db").exists()
