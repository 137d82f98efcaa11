"""Which shard a merchant belongs to: FNV-1a of its id's UTF-8 bytes, modulo the shards.

Stable across processes and machines (Python's ``hash`` of a text is salted per process), so
every worker reading any file agrees where a merchant's row and its rates go, without the
driver ever holding a merchant index.
"""

import numba
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

OFFSET_BASIS = np.uint64(14695981039346656037)
PRIME = np.uint64(1099511628211)


@numba.njit(cache=True)
def _fnv(offsets, data, out):  # pragma: no cover - compiled
    for i in range(len(out)):
        h = OFFSET_BASIS
        for j in range(offsets[i], offsets[i + 1]):
            h = (h ^ np.uint64(data[j])) * PRIME
        out[i] = h


def shard_of(column, shards: int) -> np.ndarray:
    """Per row, the shard of its merchant id (text or integer ids, as their text); a null id
    goes to shard 0, whose worker then says it is missing."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if pa.types.is_dictionary(column.type):
        column = column.dictionary_decode()
    text = pc.cast(column, pa.large_string())
    buffers = text.buffers()
    offsets = np.frombuffer(buffers[1], dtype=np.int64)[text.offset : text.offset + len(text) + 1]
    data = (
        np.frombuffer(buffers[2], dtype=np.uint8)
        if buffers[2] is not None
        else np.zeros(0, np.uint8)
    )
    hashes = np.empty(len(text), dtype=np.uint64)
    _fnv(offsets, data, hashes)
    shard = (hashes % np.uint64(shards)).astype(np.int64)
    if text.null_count:
        shard[text.is_null().to_numpy(zero_copy_only=False)] = 0
    return shard
