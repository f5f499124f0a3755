"""Stage ``read``, skipped where it can be: input files unchanged since they were last read.

When every document of a file has been stored (or found stored already), the
file is recorded in ``input_files`` with its *signature* — size and
modification time of the file and of its sidecar, the batch options and
:data:`~wirewatch.ingest.PROCESSING_VERSION` — and the documents it gave
(id read, id stored, content hash). A later batch that finds the same
signature reports those documents ``unchanged`` after one ``stat`` per file,
without reading, decoding, parsing or hashing the file again, so a second run
over a folder costs time in proportion to its new and changed files.

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

from sqlalchemy import and_, or_, select

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


def unchanged(store: Store, state: FileState) -> list[Given] | None:
    """The documents a file gave when last read, if its state and their stored content are the same; else ``None``."""
    with store.engine.connect() as conn:
        row = conn.execute(select(input_files.c.signature, input_files.c.documents)
                           .where(input_files.c.path == state.path)).first()
        if row is None or row.signature != state.signature:
            return None
        try:
            given: list[Given] = [(read, stored, content_hash) for read, stored, content_hash in json.loads(row.documents)]
        except (ValueError, TypeError):  # a record edited by hand: read the file instead
            return None
        if not given:
            return given
        wanted = {(stored, content_hash) for _, stored, content_hash in given}
        held = conn.execute(select(document_versions.c.document_id, document_versions.c.content_hash).where(or_(*(
            and_(document_versions.c.document_id == stored, document_versions.c.content_hash == content_hash)
            for stored, content_hash in wanted)))).all()
        if {tuple(r) for r in held} != wanted:
            return None
        moved = [read for read, stored, _ in given if read != stored]
        if moved and conn.execute(select(documents.c.id).where(documents.c.id.in_(moved)).limit(1)).first():
            return None
    return given


def record(store: Store, state: FileState, given: list[Given]) -> None:
    """Remember that the file in ``state`` gave ``given`` (replacing an older record of the path)."""
    with store.engine.begin() as conn:
        dialects.upsert(conn, input_files, [{"path": state.path, "signature": state.signature,
                                             "documents": json.dumps(given, ensure_ascii=False),
                                             "recorded_at": now()}], ["path"])
