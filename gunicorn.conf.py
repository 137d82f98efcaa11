"""gunicorn reads this file from the working directory: settings the portal needs served
with, whatever the command line adds (``gunicorn --workers 4 wsgi:app``)."""

import os

from gunicorn.http import wsgi

_default_headers = wsgi.Response.default_headers


def _without_server_header(self):
    # gunicorn writes "Server: gunicorn" on every answer and has no setting to stop it; a
    # banner tells an attacker which server's bugs to try, and nobody else reads it
    return [line for line in _default_headers(self) if not line.startswith("Server:")]


wsgi.Response.default_headers = _without_server_header


def on_starting(server):
    """Rate-limit counts kept in one process's memory are right only for one worker."""
    one_process = os.environ.get("RATELIMIT_ONE_PROCESS") == "1"
    if one_process and server.cfg.workers > 1:
        raise SystemExit(
            f"RATELIMIT_ONE_PROCESS=1 with {server.cfg.workers} workers: each would count "
            "failed log-ins on its own. Set RATELIMIT_STORAGE_URI=redis://… instead."
        )
