"""The platform plan on a partitioned dataset (``rates/``, ``merchants/`` folders of Parquet
files, local or in object storage): each worker reads, validates, solves and writes its own
merchants; the driver holds only what is per placement and per shard (``driver``).

Merchants are spread over shards by a hash of their id (``hashing``), so any partitioning of
the files works and a merchant's row and its rates always meet in the same worker.
"""

from .kind import is_partitioned

__all__ = ["is_partitioned"]
