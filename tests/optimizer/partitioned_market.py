"""A marketplace written as a partitioned dataset: rates and merchants as hive-partitioned
folders of Parquet files, cut by row (any partitioning must work, not only by merchant)."""

import pyarrow.parquet as pq

from .test_platform_decomposed import write_directory


def write_partitioned(data: dict, directory, parts: int = 3):
    write_directory(data, directory)
    for stem in ("rates", "merchants"):
        table = pq.read_table(directory / f"{stem}.parquet")
        (directory / f"{stem}.parquet").unlink()
        rows = table.num_rows
        for part in range(parts):
            low, high = part * rows // parts, (part + 1) * rows // parts
            folder = directory / stem / f"bucket={part}"
            folder.mkdir(parents=True)
            pq.write_table(table.slice(low, high - low), folder / "part-0.parquet")
    return directory


def write_by_shard(data: dict, directory, shards: int = 4):
    """Rates and merchants partitioned by the workers' own hash: ``shards=S/shard=K/``."""
    import pyarrow.compute as pc

    from optimizer.platform.partitioned.hashing import shard_of

    write_directory(data, directory)
    for stem, key in (("rates", "merchant"), ("merchants", "id")):
        table = pq.read_table(directory / f"{stem}.parquet")
        (directory / f"{stem}.parquet").unlink()
        shard = shard_of(table[key], shards)
        for k in range(shards):
            folder = directory / stem / f"shards={shards}" / f"shard={k}"
            folder.mkdir(parents=True)
            pq.write_table(table.filter(pc.equal(shard, k)), folder / "part-0.parquet")
    return directory
