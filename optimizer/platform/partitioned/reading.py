"""One worker's share of a partitioned table: every file streamed batch by batch, the rows
whose merchant hashes to this shard kept, each with the file and row it came from (so that a
problem still names ``rates/bucket=3/part-0.parquet[12].cvr``)."""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ...errors import Problem
from ..parquet import COLUMNS, TEXT_COLUMNS, check_columns
from ..validation import MAX_PROBLEMS
from .hashing import shard_of
from .source import files, location, own_files

BATCH_ROWS = 1 << 18
KEY = {"merchants": "id", "rates": "merchant"}


class Origins:
    """Per kept row: which file (by number) and which row of it. Kept per batch, as the first
    row and, where the batch was not kept whole, the kept rows' offsets in it (a shard's own
    folders keep every row: 12 bytes a rate less until a problem asks for them)."""

    def __init__(self):
        self.labels: list[str] = []
        self.batches: list[tuple[int, int, np.ndarray | int]] = []
        self._joined: tuple[np.ndarray, np.ndarray] | None = None

    def add(self, file: int, start: int, rows: np.ndarray, batch_rows: int) -> None:
        kept = len(rows) if len(rows) == batch_rows else rows.astype(np.int32)
        self.batches.append((file, start, kept))

    def joined(self) -> tuple[np.ndarray, np.ndarray]:
        if self._joined is not None:  # joined once, for every problem of the table
            return self._joined
        files, rows = [np.zeros(0, np.int32)], [np.zeros(0, np.int64)]
        for file, start, kept in self.batches:
            offsets = np.arange(kept) if isinstance(kept, int) else kept
            files.append(np.full(len(offsets), file, np.int32))
            rows.append(start + offsets.astype(np.int64))
        self._joined = np.concatenate(files), np.concatenate(rows)
        return self._joined


def read_share(fs, root: str, stem: str, shard: int, shards: int, problems: list[Problem]):
    """This shard's rows of ``stem`` (merchants or rates) as one table with every known
    column (absent optional ones null), their origins, and the rows read in all files."""
    kind = f"{stem}.parquet"
    required, optional = COLUMNS[kind]
    names = (*required, *optional)
    origins = Origins()
    where = location(fs, root, stem)
    if where is None:
        problems.append(Problem(f"{stem}/", "missing_file"))
        return None, origins, 0
    try:
        found = files(fs, root, where)
    except (OSError, pa.ArrowException) as error:
        problems.append(Problem(f"{stem}/", "unreadable_parquet", {"reason": _one_line(error)}))
        return None, origins, 0
    pieces, seen = [], 0
    own = own_files(found, shard, shards)
    # partitioned by the workers' hash: only this worker's folders, each row checked to
    # belong to its folder (a row in another folder would otherwise be read by no one)
    count, found = (None, [(*item, None) for item in found]) if own is None else own
    for label, path, folder in found:
        before = len(problems)
        try:
            with fs.open_input_file(path) as handle:
                parquet = pq.ParquetFile(handle)
                check_columns(parquet.schema_arrow, kind, label, problems)
                _check_numeric(parquet.schema_arrow, kind, label, problems)
                if len(problems) > before:
                    continue
                start = 0
                for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
                    if folder is None:
                        mine = shard_of(batch.column(KEY[stem]), shards) == shard
                    else:
                        mine = shard_of(batch.column(KEY[stem]), count) == folder
                        _misplaced(mine, start, label, KEY[stem], folder, count, problems)
                    rows = np.flatnonzero(mine)
                    if len(rows):
                        pieces.append(_normalised(batch.take(pa.array(rows)), kind, names))
                        origins.add(len(origins.labels), start, rows, batch.num_rows)
                    start += batch.num_rows
                seen += start
        except (OSError, pa.ArrowException) as error:
            reason = {"reason": _one_line(error)}
            problems.append(Problem(label, "unreadable_parquet", reason))
            continue
        finally:
            origins.labels.append(label)
    if not pieces:
        empty = {name: pa.array([], pa.string() if name in TEXT_COLUMNS[kind] else pa.float64())
                 for name in names}  # fmt: skip
        return pa.table(empty), origins, seen
    return pa.concat_tables(pieces), origins, seen


def _misplaced(mine, start, label, key, folder, count, problems) -> None:
    for row in np.flatnonzero(~mine)[: max(MAX_PROBLEMS - len(problems), 0)]:
        params = {"shard": folder, "shards": count}
        problems.append(Problem(f"{label}[{start + row}].{key}", "wrong_shard_folder", params))


def _check_numeric(schema: pa.Schema, kind: str, label: str, problems: list[Problem]) -> None:
    for name in schema.names:
        if name in TEXT_COLUMNS[kind] or name not in (*COLUMNS[kind][0], *COLUMNS[kind][1]):
            continue
        kind_of = schema.field(name).type
        if pa.types.is_dictionary(kind_of):
            kind_of = kind_of.value_type
        if not (pa.types.is_integer(kind_of) or pa.types.is_floating(kind_of)
                or pa.types.is_null(kind_of)):  # fmt: skip
            problems.append(Problem(f"{label}.{name}", "not_numeric_column"))


def _normalised(batch: pa.RecordBatch, kind: str, names) -> pa.Table:
    """Text as text, numbers as float64, absent columns null: files of one table may differ
    in how they store a column (dictionary or not, int or float) and still concatenate."""
    columns = {}
    for name in names:
        text = name in TEXT_COLUMNS[kind]
        target = pa.string() if text else pa.float64()
        if name not in batch.schema.names:
            columns[name] = pa.nulls(batch.num_rows, target)
            continue
        column = batch.column(name)
        if pa.types.is_dictionary(column.type):
            column = column.dictionary_decode()
        columns[name] = pc.cast(column, target)
    return pa.table(columns)


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())
