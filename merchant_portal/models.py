"""Imports every feature's models so SQLAlchemy and Alembic see the whole schema."""

from .api.models import ApiToken
from .audit import AuditEvent
from .auth.models import User
from .auth.recovery_codes import RecoveryCode
from .budget.curves.models import CurveFit, FittedCurve, FittedPlacement
from .budget.models import BudgetPlan, PerformanceRecord, Placement, PlatformRun
from .growth.models import (
    CategoryDemand,
    HealthCrossing,
    HealthSnapshot,
    MerchantAccount,
    RecallAction,
    StageMove,
    StageSnapshot,
)
from .growth.notebook.models import MerchantContact, NotebookEntry, NotebookTask
from .imports.models import ImportBatch
from .jobs.models import Job
from .mail.models import OutboxMessage
from .notifications.models import Notification
from .onboarding.activities.models import Activity, ActivityRegistration
from .onboarding.categories.models import CategoryAttribute, CategoryNode
from .onboarding.products.models import Product, ProductChange, ProductImage, ProductSku
from .onboarding.store.models import Store, StoreDocument
from .onboarding.team.models import StoreInvitation, StoreMember
from .sales.models import DailySale, ProductWeek, StoreDay, StoreWeek
from .workflow.models import Review
from .workflow.trust import TrustOutcome, TrustRule

__all__ = [
    "Activity",
    "ActivityRegistration",
    "ApiToken",
    "AuditEvent",
    "BudgetPlan",
    "CategoryAttribute",
    "CategoryDemand",
    "CategoryNode",
    "CurveFit",
    "DailySale",
    "FittedCurve",
    "FittedPlacement",
    "HealthCrossing",
    "HealthSnapshot",
    "ImportBatch",
    "Job",
    "MerchantAccount",
    "MerchantContact",
    "NotebookEntry",
    "NotebookTask",
    "Notification",
    "OutboxMessage",
    "PerformanceRecord",
    "Placement",
    "PlatformRun",
    "Product",
    "ProductChange",
    "ProductImage",
    "ProductSku",
    "ProductWeek",
    "RecallAction",
    "RecoveryCode",
    "Review",
    "StageMove",
    "StageSnapshot",
    "Store",
    "StoreDay",
    "StoreDocument",
    "StoreInvitation",
    "StoreMember",
    "StoreWeek",
    "TrustOutcome",
    "TrustRule",
    "User",
]
