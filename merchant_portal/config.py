"""Settings, read from the environment so one build runs anywhere.

PORTAL_ENV picks the profile: ``production`` (the default, so a forgotten variable fails safe),
``development`` (what ``make run`` uses) or ``testing``.
"""

import os
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"


class Config:
    ENV_NAME = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # encrypts staff TOTP secrets at rest (auth/secret_box.py); production refuses to start
    # without it
    TOTP_ENCRYPTION_KEY = os.environ.get("TOTP_ENCRYPTION_KEY")
    # where people open the portal; every mailed or stored link is built from it
    PUBLIC_URL = os.environ.get("PUBLIC_URL")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'portal.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    # Sessions live in signed cookies so any worker on any host can serve any request.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 12
    # "Keep me signed in": how long the remember-me cookie lasts
    REMEMBER_COOKIE_DURATION = timedelta(days=int(os.environ.get("REMEMBER_ME_DAYS", 30)))

    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 16 * 1024 * 1024))
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(INSTANCE_DIR / "uploads"))
    DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024))
    IMAGE_MAX_BYTES = int(os.environ.get("IMAGE_MAX_BYTES", 5 * 1024 * 1024))

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    WTF_CSRF_HEADERS = ["X-CSRFToken"]

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # memory:// is refused in production unless this says only one process serves requests
    RATELIMIT_ONE_PROCESS = os.environ.get("RATELIMIT_ONE_PROCESS") == "1"
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    # Failed logins are counted twice: per client address, with room for an office behind one
    # NAT, and per account, tighter, so guessing one password is slow from any number of hosts.
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "30 per minute;200 per hour")
    LOGIN_ACCOUNT_RATE_LIMIT = os.environ.get(
        "LOGIN_ACCOUNT_RATE_LIMIT", "5 per minute;20 per hour"
    )
    RESET_RATE_LIMIT = os.environ.get("RESET_RATE_LIMIT", "5 per minute;20 per hour")

    PASSWORD_RESET_MAX_AGE = 60 * 60  # seconds a reset link stays valid
    SIGNUP_LINK_MAX_AGE = 60 * 60 * 24  # seconds a sign-up link stays valid

    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 587))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") == "1"
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "merchant-portal@localhost")

    ITEMS_PER_PAGE = 25

    # Languages (merchant_portal/i18n): the site's default language, currency and time zone
    DEFAULT_LOCALE = os.environ.get("DEFAULT_LOCALE", "zh_Hans")
    BABEL_DEFAULT_LOCALE = DEFAULT_LOCALE
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "merchant_portal" / "translations")
    CURRENCY = os.environ.get("CURRENCY", "CNY")
    TIMEZONE = os.environ.get("TIMEZONE", "Asia/Shanghai")

    # The task queue (huey): a SQLite file by default, Redis in production.
    TASK_QUEUE_URL = os.environ.get("TASK_QUEUE_URL", f"sqlite:///{INSTANCE_DIR / 'queue.db'}")
    TASK_QUEUE_NAME = os.environ.get("TASK_QUEUE_NAME", "merchant-portal")
    TASK_QUEUE_IMMEDIATE = False  # tests run tasks inline, where a consumer is not the point
    JOB_HEARTBEAT_SECONDS = float(os.environ.get("JOB_HEARTBEAT_SECONDS", 5))
    JOB_STALE_SECONDS = float(os.environ.get("JOB_STALE_SECONDS", 30))
    JOB_MAX_ATTEMPTS = int(os.environ.get("JOB_MAX_ATTEMPTS", 3))
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", 6))
    MAIL_RETRY_SECONDS = float(os.environ.get("MAIL_RETRY_SECONDS", 30))  # doubles each time
    NOTIFY_BATCH_SIZE = int(os.environ.get("NOTIFY_BATCH_SIZE", 500))
    # CSV files with more rows than this import in the background, the page showing progress
    IMPORT_INLINE_ROWS = int(os.environ.get("IMPORT_INLINE_ROWS", 200))

    # Merchant lifecycle thresholds (growth/lifecycle.py explains each)
    LIFECYCLE_WINDOW_WEEKS = int(os.environ.get("LIFECYCLE_WINDOW_WEEKS", 4))
    LIFECYCLE_GROWING_PCT = float(os.environ.get("LIFECYCLE_GROWING_PCT", 10))
    LIFECYCLE_FALLING_PCT = float(os.environ.get("LIFECYCLE_FALLING_PCT", 20))
    LIFECYCLE_DORMANT_DAYS = int(os.environ.get("LIFECYCLE_DORMANT_DAYS", 30))
    LIFECYCLE_ACTIVATED_DAYS = int(os.environ.get("LIFECYCLE_ACTIVATED_DAYS", 28))
    LIFECYCLE_LOW_STOCK = int(os.environ.get("LIFECYCLE_LOW_STOCK", 5))
    LIFECYCLE_QUALITY_FLOOR = int(os.environ.get("LIFECYCLE_QUALITY_FLOOR", 60))
    LIFECYCLE_SENT_BACK_DAYS = int(os.environ.get("LIFECYCLE_SENT_BACK_DAYS", 7))
    # a store whose health score falls below this joins the recall worklist
    HEALTH_RECALL_BELOW = int(os.environ.get("HEALTH_RECALL_BELOW", 600))


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    TOTP_ENCRYPTION_KEY = os.environ.get(
        "TOTP_ENCRYPTION_KEY",
        "n4PlbxUNESUt_JN4-oBuqcVVqlcq04vcy2uhJYGwYN0=",  # dev only
    )
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False


class TestingConfig(DevelopmentConfig):
    ENV_NAME = "testing"
    TESTING = True
    # Tests read English unless they ask for another language (Accept-Language or the setting).
    DEFAULT_LOCALE = BABEL_DEFAULT_LOCALE = "en"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    # Throttling stays on in tests (Flask-Limiter's switch is global to the process), with
    # limits no ordinary test reaches; the throttling tests set tight ones.
    LOGIN_RATE_LIMIT = "1000 per minute"
    LOGIN_ACCOUNT_RATE_LIMIT = "1000 per minute"
    RESET_RATE_LIMIT = "1000 per minute"
    TASK_QUEUE_IMMEDIATE = os.environ.get("TASK_QUEUE_IMMEDIATE", "1") == "1"


PROFILES = {
    "production": Config,
    "development": DevelopmentConfig,
    "testing": TestingConfig,
}


def profile_from_environment() -> type[Config]:
    name = os.environ.get("PORTAL_ENV", "production")
    if name not in PROFILES:
        raise RuntimeError(f"PORTAL_ENV must be one of {', '.join(PROFILES)}, not {name!r}")
    return PROFILES[name]
