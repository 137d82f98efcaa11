"""Imports every feature's models so SQLAlchemy and Alembic see the whole schema."""

from .auth.models import User
from .budget.models import BudgetPlan, PerformanceRecord, Placement, PlatformRun
from .imports.models import ImportBatch
from .jobs.models import Job
from .mail.models import OutboxMessage
from .notifications.models import Notification
from .onboarding.activities.models import Activity, ActivityRegistration
from .onboarding.products.models import Product, ProductChange, ProductImage
from .onboarding.store.models import Store, StoreDocument
from .reviewing.audit import AuditEvent
from .reviewing.models import Review

__all__ = [
    "Activity",
    "ActivityRegistration",
    "AuditEvent",
    "BudgetPlan",
    "ImportBatch",
    "Job",
    "Notification",
    "OutboxMessage",
    "PerformanceRecord",
    "Placement",
    "PlatformRun",
    "Product",
    "ProductChange",
    "ProductImage",
    "Review",
    "Store",
    "StoreDocument",
    "User",
]
