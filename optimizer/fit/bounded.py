"""Reading a results file that may never end: ``/dev/zero``, a pipe left open, a 40 GB dump
named by mistake. ``fit`` read it whole, so such an input was an ``internal error:
MemoryError`` (exit 3) after eating the machine's memory instead of the user's mistake (exit 2).
(A JSON request is bounded by ``--max-input-bytes`` in ``cli``.)"""

import os

from ..errors import InvalidRequest, Problem

MEGABYTE = 1024 * 1024
# Weekly results: 200,000 rows are about 7 MB; larger exports belong in Parquet.
CSV_LIMIT = 256 * MEGABYTE
_CHUNK = 4 * MEGABYTE


def too_large(path: str, limit: int) -> InvalidRequest:
    return InvalidRequest([Problem(path, "results_too_large", {"maximum": limit})])


def read_bounded(name: str, limit: int, path: str = "file") -> bytes:
    """The bytes of file ``name``, refused past ``limit`` bytes without reading further.
    OSError is the caller's to word."""
    with open(name, "rb") as file:
        return _read_at_most(file, name, limit, path)


def check_size(name: str, limit: int, path: str) -> None:
    """A regular file's size is known before reading it; a device or pipe's is not (the
    caller reads those through :func:`read_bounded`)."""
    size = os.stat(name).st_size
    if size > limit:
        raise too_large(path, limit)


def _read_at_most(file, name: str, limit: int, path: str) -> bytes:
    chunks, total = [], 0
    while True:
        chunk = file.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise too_large(path, limit)
