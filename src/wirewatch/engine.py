"""Executors for the per-document analysis: one function, three ways to run it.

The analysis stage hands batches of documents (rows read from the store) to
:func:`Engine.map`, which runs :func:`wirewatch.extract.analyze_batch` on each —
parse with spaCy, then entities, quotes, figures and events — and yields the
results as they complete (a slow batch, e.g. one huge document, does not hold
the other workers back). The caller (the one writer) stores them, one
transaction per document; documents are independent, so the order of writing
does not change what is stored.

- ``LocalEngine(workers=1)``: in this process.
- ``LocalEngine(workers=N)``: a pool of N processes, each loading the spaCy
  model once (process initializer).
- ``DaskEngine(scheduler)``: a ``dask.distributed`` cluster; each worker loads
  the model once (the module-level cache of :func:`wirewatch.nlp.load`).

At most a few batches per worker are in flight, so memory does not grow with
the corpus.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .errors import Code, WirewatchError

ENGINES = ("local", "dask")
#: Batches queued per worker beyond the one it is running.
AHEAD = 2


def _load_model() -> None:
    from .nlp import load

    load()


class _Raised:
    """An exception raised by ``fn`` in a worker, carried back to be raised in the caller."""

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def _result(value: Any) -> Any:
    if isinstance(value, _Raised):
        raise value.exc
    return value


class Engine:
    """Runs ``fn`` over items, yielding each result as it is ready (in process: in order)."""

    workers = 1

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            yield fn(item)

    def close(self) -> None:
        """Release workers (nothing to do in process)."""

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class LocalEngine(Engine):
    """In this process (``workers=1``) or a pool of processes that each load the model once."""

    def __init__(self, workers: int = 1) -> None:
        if workers < 1:
            raise WirewatchError(Code.BAD_WORKERS, f"--workers {workers}: give 1 or more (this machine has {os.cpu_count()} CPUs)")
        self.workers = workers
        self._pool = None

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        if self.workers == 1:
            yield from super().map(fn, items)
            return
        if self._pool is None:
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            self._pool = multiprocessing.get_context(method).Pool(self.workers, initializer=_load_model)
        finished: queue.SimpleQueue = queue.SimpleQueue()
        running = 0
        for item in items:
            self._pool.apply_async(fn, (item,), callback=finished.put, error_callback=lambda exc: finished.put(_Raised(exc)))
            running += 1
            if running >= self.workers * AHEAD:
                yield _result(finished.get())
                running -= 1
        for _ in range(running):
            yield _result(finished.get())

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None


class DaskEngine(Engine):
    """A ``dask.distributed`` cluster at ``scheduler`` (``tcp://host:8786``) or a ``Client`` given directly."""

    def __init__(self, scheduler: str | None = None, client: Any = None) -> None:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - dask is a dependency
            raise WirewatchError(Code.DASK, "dask.distributed is not installed; run `pip install 'dask[distributed]'`") from exc
        if client is None and not scheduler:
            raise WirewatchError(Code.DASK, "--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        self._owned = client is None
        try:
            self.client = client or Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise WirewatchError(Code.DASK, f"cannot reach the Dask scheduler ({exc}); check the address and that `dask scheduler` is running", scheduler) from exc
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        from distributed import as_completed

        finished = as_completed()
        running = 0
        for item in items:
            finished.add(self.client.submit(fn, item, pure=False))
            running += 1
            if running >= self.workers * AHEAD:
                yield next(finished).result()
                running -= 1
        for future in finished:
            yield future.result()

    def close(self) -> None:
        if self._owned:
            self.client.close()


def make_engine(workers: int = 1, engine: str = "local", scheduler: str | None = None) -> Engine:
    """The executor for ``--engine``/``--workers``/``--scheduler``."""
    if engine == "local":
        if scheduler:
            raise WirewatchError(Code.DASK, "--scheduler is for --engine dask; add --engine dask or drop --scheduler")
        return LocalEngine(workers)
    if engine == "dask":
        return DaskEngine(scheduler)
    raise WirewatchError(Code.BAD_WORKERS, f"--engine {engine!r}: choose from {', '.join(ENGINES)}")
