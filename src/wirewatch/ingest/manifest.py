"""Stage ``read``, skipped where it can be: input files unchanged since they were last read.

When every document of a file has been stored (or found stored already), the
file is recorded in ``input_files`` with its *signature* — size and
modification time of the file and of its sidecar, the batch options and
:data:`~wirewatch.ingest.PROCESSING_VERSION` — and the documents it gave
(id read, id stored, content hash). A later batch that finds the same
signature reports those documents ``unchanged`` after one ``stat`` per file,
without reading, decoding, parsing or hashing the file again, so a second run
over a folder costs time in proportion to its new and changed files. Records
are checked :data:`CHUNK` files at a time, in three queries per chunk.

The record is trusted only while it still describes the store: each stored id
must still hold that content as one of its versions, and a document read under
one id but stored under another (same URL) must not have gained a document of
its own id. A file modified less than :data:`RACY_SECONDS` before it was read
is not recorded (a change within the same clock tick would keep its
signature), nor is a file that gave any problem, so problems are reported again
on every run. ``rescan`` (``--rescan``) ignores the records.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import select

from ..store import Store, dialects
from ..store.schema import document_versions, documents, input_files
from ..versions import now
from . import PROCESSING_VERSION, SIDECAR_SUFFIX, Options

#: A file modified this recently when it is read is read again next time.
RACY_SECONDS = 2.0

#: One document a file gave: the id read from it, the id it was stored under, its content hash.
Given = tuple[str, str, str]


@dataclass(frozen=True)
class FileState:
    """Where an input file is and what it looked like when it was read."""

    path: str
    signature: str


def state_of(item: Path | str, options: Options) -> FileState | None:
    """The file's state, or ``None`` when it cannot be recorded (standard input, unreadable, modified just now)."""
    if item == "-":
        return None
    try:
        stat = os.stat(item)
        try:
            side = os.stat(str(item) + SIDECAR_SUFFIX)
            sidecar = [side.st_size, side.st_mtime_ns]
        except FileNotFoundError:
            sidecar = None
    except OSError:
        return None
    newest = max(stat.st_mtime_ns, sidecar[1] if sidecar else 0)
    if time.time_ns() - newest < RACY_SECONDS * 1e9:
        return None
    signature = json.dumps({"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sidecar": sidecar,
                            "options": asdict(options), "v": PROCESSING_VERSION}, sort_keys=True)
    return FileState(os.path.abspath(item), signature)


#: Files whose records one batch of queries checks (:func:`unchanged_many`).
CHUNK = 500
#: Ids per ``IN (...)`` list: below every backend's limit on bound parameters.
_IDS_PER_QUERY = 900


def unchanged_many(store: Store, states: list[FileState]) -> dict[str, list[Given]]:
    """The documents each file gave when last read, for the files whose state and stored content are
    the same (the others are left out), in a few queries: path -> documents given."""
    wanted_by_path: dict[str, list[Given]] = {}
    signatures = {state.path: state.signature for state in states}
    with store.engine.connect() as conn:
        for paths in _batches(list(signatures)):
            for row in conn.execute(select(input_files.c.path, input_files.c.signature, input_files.c.documents)
                                    .where(input_files.c.path.in_(paths))):
                if row.signature != signatures[row.path]:
                    continue
                try:
                    wanted_by_path[row.path] = [(read, stored, content_hash)
                                                for read, stored, content_hash in json.loads(row.documents)]
                except (ValueError, TypeError):  # a record edited by hand: read the file instead
                    continue
        stored_ids = sorted({stored for given in wanted_by_path.values() for _, stored, _ in given})
        held: set[tuple[str, str]] = set()
        for ids in _batches(stored_ids):
            held.update((r.document_id, r.content_hash) for r in conn.execute(
                select(document_versions.c.document_id, document_versions.c.content_hash)
                .where(document_versions.c.document_id.in_(ids))))
        moved = sorted({read for given in wanted_by_path.values() for read, stored, _ in given if read != stored})
        owned: set[str] = set()  # ids read from a file and stored under another that now have a document of their own
        for ids in _batches(moved):
            owned.update(r.id for r in conn.execute(select(documents.c.id).where(documents.c.id.in_(ids))))
    return {path: given for path, given in wanted_by_path.items()
            if all((stored, content_hash) in held and (read == stored or read not in owned)
                   for read, stored, content_hash in given)}


def _batches(ids: list[str]) -> list[list[str]]:
    return [ids[i:i + _IDS_PER_QUERY] for i in range(0, len(ids), _IDS_PER_QUERY)]


def record(store: Store, state: FileState, given: list[Given]) -> None:
    """Remember that the file in ``state`` gave ``given`` (replacing an older record of the path)."""
    with store.engine.begin() as conn:
        dialects.upsert(conn, input_files, [{"path": state.path, "signature": state.signature,
                                             "documents": json.dumps(given, ensure_ascii=False),
                                             "recorded_at": now()}], ["path"])
