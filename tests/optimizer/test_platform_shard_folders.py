"""A dataset partitioned by the workers' own merchant hash (``rates/shards=S/shard=K/``): each
worker reads only its own folders, and the answer is the scanned dataset's."""

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq
import pytest

from optimizer.platform.partitioned.reading import read_share

from .partitioned_market import write_by_shard, write_partitioned
from .test_platform_decomposed import GAP, marketplace, run_cli
from .test_platform_partitioned import answer_of


def test_by_shard_and_scanned_give_the_same_answer(tmp_path):
    data = marketplace(2, merchants=60, saturated=1.0)
    write_partitioned(data, tmp_path / "scanned")
    write_by_shard(data, tmp_path / "sharded", shards=4)
    out = ("--workers", "2")
    scanned = answer_of(run_cli(tmp_path / "scanned", "--out", tmp_path / "a", *out))
    sharded = answer_of(run_cli(tmp_path / "sharded", "--out", tmp_path / "b", *out))
    assert sharded["objective_value"] == pytest.approx(scanned["objective_value"], rel=1e-9)
    assert sharded["gap"] <= GAP
    written = pq.read_table(tmp_path / "b" / "merchant_totals")
    assert written.num_rows == len(data["merchants"])


def test_each_worker_reads_only_its_own_folders(tmp_path):
    data = marketplace(2, merchants=60, saturated=1.0)
    write_by_shard(data, tmp_path / "sharded", shards=4)
    rates = sum(len(merchant["rates"]) for merchant in data["merchants"])
    fs, root = pafs.LocalFileSystem(), str(tmp_path / "sharded")
    read = []
    for shard in range(2):
        problems = []
        table, _, seen = read_share(fs, root, "rates", shard, 2, problems)
        assert problems == [] and table.num_rows == seen  # nothing read to be dropped
        read.append(seen)
    assert sum(read) == rates and 0 < read[0] < rates
    # three workers do not divide four folders: every file is scanned, as any partitioning
    table, _, seen = read_share(fs, root, "rates", 0, 3, [])
    assert seen == rates and table.num_rows < rates


def test_a_row_in_another_shards_folder_is_named(tmp_path):
    data = marketplace(2, merchants=20, saturated=1.0)
    root = write_by_shard(data, tmp_path / "sharded", shards=2)
    source = root / "rates" / "shards=2" / "shard=0" / "part-0.parquet"
    target = root / "rates" / "shards=2" / "shard=1" / "part-0.parquet"
    moved = pq.read_table(source).slice(0, 1)
    pq.write_table(pa.concat_tables([pq.read_table(target), moved]), target)
    rows = pq.read_table(target).num_rows
    completed = run_cli(root, "--out", tmp_path / "out", "--workers", "2")
    assert completed.returncode == 2 and completed.stdout == ""
    assert completed.stderr.strip().splitlines()[0] == (
        f"rates/shards=2/shard=1/part-0.parquet[{rows - 1}].merchant: the merchant's id does "
        "not belong in shard=1 of shards=2 (FNV-1a of the id's UTF-8 bytes, modulo 2)"
    )
