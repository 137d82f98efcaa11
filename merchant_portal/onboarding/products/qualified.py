"""A listing in a category that needs a document the store lacks (a food licence for 食品) is
refused, the document named."""

from ...timeutil import market_today
from ..catalog import category_path
from ..store.qualifications import lacking_documents, lacking_message
from .models import Product
from .services import open_change


def listed_category(product: Product) -> str | None:
    """The category the submission would put on sale: a live listing's change may move it."""
    if not product.editable:
        change = open_change(product)
        if change is not None and change.data.get("category"):
            return change.data["category"]
    return product.category


def qualification_problem(product: Product) -> str | None:
    category = listed_category(product)
    lacking = lacking_documents(product.store_id, category, market_today())
    return lacking_message(category_path(category), lacking) if lacking else None
