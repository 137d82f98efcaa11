"""In development, every mail printed in full where the server runs: a new user signing up
on a laptop finds their link there, without an admin account to open the outbox."""

import logging
import sys

from flask import Flask, current_app, has_app_context


class _Console(logging.StreamHandler):
    """Writes to the standard error of the moment (a test or a reloader may swap it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass

    def filter(self, record) -> bool:
        # the logger is the process's; only a development app's mail is printed
        return has_app_context() and current_app.config["ENV_NAME"] == "development"


def show_mail_in_console(app: Flask) -> None:
    if app.config["ENV_NAME"] != "development":
        return
    logger = logging.getLogger("merchant_portal.mail")
    logger.setLevel(logging.INFO)
    if not any(isinstance(h, _Console) for h in logger.handlers):
        handler = _Console()
        handler.setFormatter(logging.Formatter("--- %(message)s\n---"))
        logger.addHandler(handler)
