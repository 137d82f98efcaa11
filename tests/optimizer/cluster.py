"""A local S3-compatible server (moto's server mode) and a two-node Ray cluster, started by
a test on 127.0.0.1 and ended by it: never the network, never anyone else's processes.

The cluster is ended by killing the process groups of its own ``ray start --block``
commands, not by ``ray stop``: that one kills every Ray process of the machine by name,
and other programs (other test runs) may hold clusters of their own there.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAY = Path(sys.executable).with_name("ray")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_s3(request) -> dict:
    """moto's server on a free port; the environment pyarrow and boto3 read to reach it."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    request.addfinalizer(server.stop)
    return {
        "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "AWS_EC2_METADATA_DISABLED": "true",
    }  # fmt: skip


def upload(local: Path, uri: str, environment: dict) -> None:
    """A local folder copied to ``s3://bucket/...`` (the bucket made first)."""
    import boto3
    import pyarrow.fs as pafs

    saved = dict(os.environ)
    os.environ.update(environment)
    try:
        bucket = uri.removeprefix("s3://").split("/")[0]
        boto3.client("s3").create_bucket(Bucket=bucket)
        pafs.copy_files(str(local), uri)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def start_ray_cluster(request, environment: dict, timeout: float = 45.0) -> str:
    """A head and a second node, one CPU each; returns the address for RAY_ADDRESS."""
    port = free_port()
    temp = tempfile.mkdtemp(prefix="r", dir="/tmp")  # Unix sockets: the path must be short
    env = {
        **os.environ,
        **environment,
        "PYTHONPATH": str(ROOT),
        "RAY_USAGE_STATS_ENABLED": "0",
        "RAY_AUTH_MODE": "disabled",
    }
    common = ["--num-cpus=1", "--block", "--disable-usage-stats"]
    head = [str(RAY), "start", "--head", f"--port={port}", f"--temp-dir={temp}",
            "--include-dashboard=false", *common]  # fmt: skip
    address = f"127.0.0.1:{port}"
    second = [str(RAY), "start", f"--address={address}", *common]
    started = []

    def stop():
        for process in reversed(started):
            for sent, patience in ((signal.SIGTERM, 20), (signal.SIGKILL, None)):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, sent)  # the group: raylet, GCS, workers
                try:
                    process.wait(timeout=patience)
                    break
                except subprocess.TimeoutExpired:
                    continue

    request.addfinalizer(stop)
    for command in (head, second):
        started.append(subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))  # fmt: skip
        if command is head:
            _wait_for_port(port, timeout)
    _wait_for_cpus(address, 2, env, timeout)
    return address


def _wait_for_port(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise TimeoutError(f"Ray's head did not listen on {port}")


def _wait_for_cpus(address: str, cpus: int, env: dict, timeout: float) -> None:
    script = (
        "import ray, time, sys\n"
        f"ray.init(address={address!r}, logging_level='ERROR', log_to_driver=False)\n"
        f"deadline = time.monotonic() + {timeout}\n"
        f"while ray.cluster_resources().get('CPU', 0) < {cpus} and time.monotonic() < deadline:\n"
        "    time.sleep(0.5)\n"
        f"sys.exit(0 if ray.cluster_resources().get('CPU', 0) >= {cpus} else 1)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          timeout=timeout + 30)  # fmt: skip
    if done.returncode:
        raise TimeoutError(f"the second Ray node did not join: {done.stderr[-500:]!r}")
