"""One writer per export format; each streams rows and renames into place."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import Code, WirewatchError

_BATCH = 1000
_MENTION = pa.struct([("entry_id", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])
_SIDE = [("claimant", pa.string()), ("text", pa.string()), ("date", pa.string()), ("source", pa.string()),
         ("document_id", pa.string()), ("entry_id", pa.string())]
_POINT = pa.struct([("value", pa.float64()), ("qualifier", pa.string())] + _SIDE)
_ARROW_TYPES = {
    "string": pa.string(), "int": pa.int64(), "bool": pa.bool_(), "float": pa.float64(),
    "list<string>": pa.list_(pa.string()), "list<mention>": pa.list_(_MENTION),
    "list<point>": pa.list_(_POINT), "side": pa.struct(_SIDE),
}


@contextmanager
def _atomic(target: Path, mode: str = "w"):
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        with open(tmp, mode, encoding=None if "b" in mode else "utf-8", newline="" if "b" not in mode else None) as handle:
            yield handle, tmp
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WirewatchError(Code.EXPORT, f"cannot write ({exc.strerror or exc})", str(target)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_jsonl(target: Path, fields: dict[str, str], rows: Iterable[dict]) -> int:
    count = 0
    with _atomic(target) as (handle, _):
        for row in rows:
            handle.write(json.dumps({k: row[k] for k in fields}, ensure_ascii=False) + "\n")
            count += 1
    return count


def write_csv(target: Path, fields: dict[str, str], rows: Iterable[dict]) -> int:
    """CSV with lists as JSON text and booleans as ``true``/``false``."""
    count = 0
    with _atomic(target) as (handle, _):
        writer = csv.DictWriter(handle, fieldnames=list(fields))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _csv_value(row[k]) for k in fields})
            count += 1
    return count


def _csv_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_parquet(target: Path, fields: dict[str, str], rows: Iterable[dict]) -> int:
    schema = pa.schema([(name, _ARROW_TYPES[kind]) for name, kind in fields.items()])
    count = 0
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        with pq.ParquetWriter(tmp, schema) as writer:
            batch: list[dict] = []
            for row in rows:
                batch.append({k: row[k] for k in fields})
                if len(batch) >= _BATCH:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    count += len(batch)
                    batch = []
            if batch or count == 0:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WirewatchError(Code.EXPORT, f"cannot write ({exc.strerror or exc})", str(target)) from exc
    return count


WRITERS: dict[str, Callable[[Path, dict[str, str], Iterable[dict]], int]] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "parquet": write_parquet,
}
