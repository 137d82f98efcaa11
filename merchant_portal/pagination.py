from flask import current_app, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from .extensions import db


def paginate(query: Select) -> Pagination:
    """One page of ``query``, the page number read from ``?page=`` (bad numbers answer 404)."""
    per_page = current_app.config["ITEMS_PER_PAGE"]
    return db.paginate(
        query, page=request.args.get("page", 1, type=int), per_page=per_page, max_per_page=100
    )
