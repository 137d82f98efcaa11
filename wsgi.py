"""Entry point for ``flask --app wsgi`` and ``gunicorn wsgi:app``."""

from merchant_portal import create_app

app = create_app()
