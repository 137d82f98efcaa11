from dataclasses import dataclass

from flask import abort, current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select

from .extensions import db
from .numbers import int_arg


def paginate(query: Select, param: str = "page") -> Pagination:
    """One page of ``query``, the page number read from ``?page=`` (bad numbers answer 404);
    a second list on the same page reads its own ``param``."""
    per_page = current_app.config["ITEMS_PER_PAGE"]
    return db.paginate(query, page=page_number(param), per_page=per_page, max_per_page=100)


def page_number(param: str = "page") -> int:
    """``?page=``: a page that cannot exist (not a number, 0, past any offset) answers 404."""
    return int_arg(param, 1, minimum=1, status=404)


@dataclass
class RowPage:
    """A page of whole rows (db.paginate keeps only each row's first entity)."""

    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def per_page_or_404(total: int) -> int:
    """Rows a page holds; a page past the last one answers 404 (page 1 always exists)."""
    per_page = current_app.config["ITEMS_PER_PAGE"]
    page = page_number()
    if page < 1 or (page > 1 and (page - 1) * per_page >= total):
        abort(404)
    return per_page


def paginate_rows(query: Select) -> RowPage:
    page = page_number()
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    per_page = per_page_or_404(total)
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return RowPage(rows, page, per_page, total)


def paginate_prepared(count: Select, rows: Select, values: dict) -> RowPage:
    """``paginate_rows`` for statements built once: ``count`` counts what ``rows`` lists, and
    ``rows`` takes its page through the parameters ``limit`` and ``offset``."""
    page = page_number()
    total = db.session.scalar(count, values)
    per_page = per_page_or_404(total)
    offset = (page - 1) * per_page
    found = db.session.execute(rows, {**values, "limit": per_page, "offset": offset}).all()
    return RowPage(found, page, per_page, total)
