"""Imports every feature's models so SQLAlchemy and Alembic see the whole schema."""

from .auth.models import User
from .budget.models import Placement
from .mail.models import OutboxMessage
from .onboarding.models import Activity, Product, Store

__all__ = ["Activity", "OutboxMessage", "Placement", "Product", "Store", "User"]
