"""Where a partitioned platform plan's data lives: a local folder or an object store's URI,
opened through pyarrow's filesystems (credentials and endpoint from the environment, as
pyarrow reads them: AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL, ...), its files found by
``pyarrow.dataset``."""

import contextlib
import fcntl
import os
import re
import tempfile

import pyarrow.dataset as ds
import pyarrow.fs as pafs

from .kind import is_remote


def open_source(source: str) -> tuple[pafs.FileSystem, str]:
    if is_remote(source):
        return pafs.FileSystem.from_uri(source)
    return pafs.LocalFileSystem(), os.path.abspath(source)


def location(fs: pafs.FileSystem, root: str, stem: str) -> str | None:
    """``root/stem`` when it is a folder, else ``root/stem.parquet``; None when neither is."""
    folder, single = f"{root}/{stem}", f"{root}/{stem}.parquet"
    for path, kind in ((folder, pafs.FileType.Directory), (single, pafs.FileType.File)):
        if fs.get_file_info(path).type == kind:
            return path
    return None


def files(fs: pafs.FileSystem, root: str, where: str) -> list[tuple[str, str]]:
    """The Parquet files of a table (a folder, any partitioning, or one file), in path order,
    each as (its name relative to the source, its path on the filesystem)."""
    dataset = ds.dataset(where, filesystem=fs, format="parquet", partitioning="hive",
                         exclude_invalid_files=False)  # fmt: skip
    paths = sorted(dataset.files)
    return [(path.removeprefix(root).lstrip("/"), path) for path in paths]


# A table partitioned by the workers' own merchant hash: ``rates/shards=S/shard=K/…`` holds the
# merchants whose FNV-1a hash modulo S is K (Spark's ``partitionBy("shards", "shard")`` writes it).
SHARD_FOLDER = re.compile(r"(?:^|/)shards=(\d+)/shard=(\d+)/")


def own_files(found: list[tuple[str, str]], shard: int, shards: int):
    """When every file of a table sits in a ``shards=S/shard=K/`` folder, one S for all and a
    multiple of the workers (so that hash mod workers = K mod workers), S and this worker's
    files only, each with its K; else None: every file is scanned and filtered."""
    parsed = [SHARD_FOLDER.search(label) for label, _ in found]
    if not found or not all(parsed):
        return None
    counts = {int(match.group(1)) for match in parsed}
    count = counts.pop()
    if counts or count == 0 or count % shards:
        return None
    mine = [(label, path, int(match.group(2)))
            for (label, path), match in zip(found, parsed, strict=True)
            if int(match.group(2)) % shards == shard]  # fmt: skip
    return count, mine


# A worker's reading peak per rate row: measured 145 to 158 bytes at 200,000 merchants (issue
# 26), 139 at 1,000,000 (2,427 MB for 17.5M rates, imports included).
READING_BYTES_A_ROW = 160


def reading_need(fs: pafs.FileSystem, root: str, shard: int, shards: int) -> int | None:
    """The bytes this worker's reading peak will take, from the rows its rates' files hold
    (their footers: no row is read); None when they cannot be counted (the reading itself
    then says why)."""
    import pyarrow.parquet as pq

    try:
        where = location(fs, root, "rates")
        if where is None:
            return None
        found = files(fs, root, where)
        own = own_files(found, shard, shards)
        paths = [path for _, path in found] if own is None else [p for _, p, _ in own[1]]
        rows = 0
        for path in paths:
            with fs.open_input_file(path) as handle:
                rows += pq.ParquetFile(handle).metadata.num_rows
    except (OSError, ValueError):  # pyarrow's errors are both
        return None
    return (rows if own is not None else rows // shards) * READING_BYTES_A_ROW


def available_memory() -> int | None:
    """This machine's available memory (Linux's MemAvailable), None where unknown."""
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None


@contextlib.contextmanager
def one_reader_at_a_time(need: int | None = None, readers: int = 1):
    """Held while a worker reads its partitions: the other workers of the same machine wait
    (a lock file in its temporary folder), so that their reading peaks do not add up. Where
    ``readers`` peaks of ``need`` bytes fit in two thirds of the memory available, they read
    at once instead (reading is most of a warm re-plan: at 1,000,000 merchants two workers
    reading one after the other took twice as long)."""
    available = available_memory()
    if need is not None and available is not None and need * readers <= available * 2 / 3:
        yield
        return
    path = os.path.join(tempfile.gettempdir(), "merchant-portal-partitioned-read.lock")
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
