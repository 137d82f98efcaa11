from sqlalchemy import Select, func, select

from ..extensions import db
from ..onboarding.products.models import Product
from ..onboarding.store.models import Store
from ..reviewable import ReviewStatus


def waiting_counts() -> dict[str, int]:
    stores = db.session.scalar(
        select(func.count()).select_from(Store).where(Store.status == ReviewStatus.SUBMITTED)
    )
    products = db.session.scalar(
        select(func.count()).select_from(Product).where(Product.status == ReviewStatus.SUBMITTED)
    )
    return {"stores": stores or 0, "products": products or 0}


def submitted_stores() -> Select:
    """Store applications waiting for a decision, oldest first."""
    return (
        select(Store)
        .where(Store.status == ReviewStatus.SUBMITTED)
        .order_by(Store.submitted_at.asc(), Store.id.asc())
    )
