"""How answers leave the portal: uploads as sandboxed downloads, the page showing a token's
secret never cached, no server banner, and production's failed-log-in counts shared by every
worker."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from merchant_portal import create_app
from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.workflow.reviewable import ReviewStatus

from . import factories

ROOT = Path(__file__).resolve().parent.parent


def test_uploads_are_sandboxed_downloads(client, auth):
    _user, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    document = factories.make_document(store)
    image = factories.make_image(factories.make_product(store))
    db.session.commit()
    for path in (f"/store/documents/{document.id}", f"/products/images/{image.id}"):
        answer = client.get(path)
        assert answer.status_code == 200
        assert answer.headers["Content-Disposition"].startswith("attachment;"), path
        assert answer.headers["Content-Security-Policy"].startswith("sandbox"), path
        assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_the_token_page_is_never_cached(client, auth):
    auth.as_role(Role.ADMIN)
    assert client.get("/admin/api-tokens").headers["Cache-Control"] == "no-store"
    issued = client.post("/admin/api-tokens", data={"name": "shop feed", "scopes": "sales:write"})
    assert issued.status_code == 200 and "mpt_" in issued.text
    assert issued.headers["Cache-Control"] == "no-store"


def production(database_url, **settings):
    return create_app({"PORTAL_ENV": "production", "SECRET_KEY": "s3cret" * 8,
                       "SQLALCHEMY_DATABASE_URI": database_url,
                       "PUBLIC_URL": "https://portal.example.com",
                       "TOTP_ENCRYPTION_KEY": "n4PlbxUNESUt_JN4-oBuqcVVqlcq04vcy2uhJYGwYN0=",
                       **settings})  # fmt: skip


def test_production_refuses_per_process_rate_limit_counts(database_url):
    with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI"):
        production(database_url, RATELIMIT_STORAGE_URI="memory://")
    assert production(database_url, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0")
    assert production(database_url, RATELIMIT_ONE_PROCESS=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gunicorn(tmp_path, *args, **env):
    environment = {**os.environ, "PORTAL_ENV": "development",
                   "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.db'}", **env}  # fmt: skip
    with (tmp_path / "gunicorn.log").open("wb") as log:  # the child keeps its own handle
        return subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *args, "wsgi:app"],
            cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip


def test_gunicorn_sends_no_server_banner(tmp_path):
    port = free_port()
    server = gunicorn(tmp_path, "--workers", "1", "--bind", f"127.0.0.1:{port}")
    try:
        for _ in range(150):  # the app's import takes a few seconds on a busy machine
            try:
                answer = urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail(f"gunicorn did not answer: {(tmp_path / 'gunicorn.log').read_text()}")
        with answer:
            assert "Server" not in answer.headers, answer.headers["Server"]
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_gunicorn_refuses_one_process_counts_with_many_workers(tmp_path):
    server = gunicorn(tmp_path, "--workers", "3", "--bind", f"127.0.0.1:{free_port()}",
                      RATELIMIT_ONE_PROCESS="1")  # fmt: skip
    assert server.wait(timeout=60) != 0
    assert "RATELIMIT_ONE_PROCESS=1 with 3 workers" in (tmp_path / "gunicorn.log").read_text()
