"""Sales histories for growth tests, written through the same upsert the API uses."""

from datetime import date, timedelta
from decimal import Decimal

from merchant_portal.sales.rows import SaleRow
from merchant_portal.sales.services import upsert_sales


def sell_daily(product, first: date, days: int, gmv: float, orders: int = 4, visitors: int = 100):
    """``days`` days of identical sales from ``first``."""
    upsert_sales([
        SaleRow(product_id=product.id, store_id=product.store_id, day=first + timedelta(days=n),
                visitors=visitors, orders=orders, units=orders, gmv=Decimal(str(gmv)),
                refunds=Decimal(0))
        for n in range(days)
    ])  # fmt: skip
