"""Reading a file that may never end: ``/dev/zero``, a pipe left open, a 40 GB dump named by
mistake. The whole file was read into memory, so such an input was an ``internal error:
MemoryError`` (exit 3) after eating the machine's memory instead of the user's mistake (exit 2)."""

import os
import sys

from .errors import InvalidRequest, Problem

MEGABYTE = 1024 * 1024
# A JSON request past this is a platform that belongs in Parquet (OPTIMIZER.md section 3).
JSON_LIMIT = 256 * MEGABYTE
# Weekly results: 200,000 rows are about 12 MB; this leaves room for years of a large market.
CSV_LIMIT = 1024 * MEGABYTE
_CHUNK = 4 * MEGABYTE


def too_large(path: str, name: str, limit: int) -> InvalidRequest:
    where = {"file": name, "most": limit // MEGABYTE}
    return InvalidRequest([Problem(path, "file_too_large", where)])


def read_bounded(name: str, limit: int, path: str = "file") -> bytes:
    """The bytes of file ``name`` (``-`` for standard input), refused past ``limit`` bytes
    without reading further. OSError is the caller's to word."""
    if name == "-":
        return _read_at_most(sys.stdin.buffer, name, limit, path)
    with open(name, "rb") as file:
        return _read_at_most(file, name, limit, path)


def check_size(name: str, limit: int, path: str) -> None:
    """A regular file's size is known before reading it; a device or pipe's is not (the
    caller reads those through :func:`read_bounded`)."""
    size = os.stat(name).st_size
    if size > limit:
        raise too_large(path, name, limit)


def _read_at_most(file, name: str, limit: int, path: str) -> bytes:
    chunks, total = [], 0
    while True:
        chunk = file.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise too_large(path, name, limit)
