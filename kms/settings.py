"""Settings of the KMS portal, read from the environment.

Every variable is documented in README.md and `.env.example`. Without any of
them the portal runs embedded: SQLite in the project folder, local-memory
cache, Celery tasks executed inline, e-mail printed to the console.
"""

import os
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the portal needs a long random "
            "SECRET_KEY in the environment, e.g. "
            '`export SECRET_KEY="$(python -c "import secrets; '
            'print(secrets.token_urlsafe(50))")"`. '
            "For local development set DEBUG=true (make run does)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# ---------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.forms",
    "allauth",
    "allauth.account",
    "django_filters",
    "django_celery_beat",
    "csp",
    "simple_history",
    # The portal's own apps, lowest layer first (README, Architecture).
    "kms.accounts",
    "infospots",
    "kms.knowledge",
    "clusters",
    "benchmarking",
    "kms.site",
    "perf",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions: a public page kept for visitors without a session is
    # served without touching them (kms.core.pagecache).
    "kms.core.pagecache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: its 400 page is drawn for the user, in their language, and
    # carries the security headers of the middleware above.
    "kms.core.middleware.RefuseNulMiddleware",
]

ROOT_URLCONF = "kms.urls"
WSGI_APPLICATION = "kms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kms.site.context_processors.programme",
                "kms.site.context_processors.navigation",
            ],
        },
    },
]

# Forms render with the site's templates (templates/includes/form.html).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# ---------------------------------------------------------------------------
# Database: SQLite by default, PostgreSQL through DATABASE_URL.
# ---------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
# Persistent connections: opening one costs 8-15 ms per request on PostgreSQL.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Knowledge-base search (kms.knowledge.search) tolerates one wrong letter in a word
    # of nine ("kumelanme"); pg_trgm's default word threshold of 0.6 does not.
    # Set when connecting, so it costs no query.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = (
        f"{_options.get('options', '')} -c pg_trgm.word_similarity_threshold=0.5"
    ).strip()
    # A server that accepts the connection but never answers would hold a
    # request (and /healthz) forever: libpq gives up after this many seconds.
    _options.setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web requests, inline tasks and a test worker share one file: WAL lets
    # readers and a writer overlap, IMMEDIATE takes the write lock up front
    # and the timeout makes a second writer wait instead of failing. Tests
    # use a file too: the in-memory shared cache fails on a locked table
    # at once, whatever the timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["TEST"] = {
        # One file per test process: parallel runs never share one.
        "NAME": str(BASE_DIR / "test-artifacts" / f"test-db-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------
# Cache and Celery: Redis through REDIS_URL, otherwise in-process.
# ---------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # django-redis with IGNORE_EXCEPTIONS: while Redis is down a cache call
    # is a miss, never an error page; rate limits fail open and the pool
    # stops trying for a few seconds after a failure (kms.core.cache). Redis
    # answers within a millisecond: a second is plenty before giving up.
    CACHES = {
        "default": {
            "BACKEND": "kms.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="kms"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "CONNECTION_POOL_CLASS": "kms.core.cache.ConnectionPool",
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# What one process keeps of the shared cache's values, checked against their
# generations on every request (kms.core.generations), and the menu drawn
# for each user (kms.site.frame): memory of this process only.
CACHES["process"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "kms-process",
    "OPTIONS": {"MAX_ENTRIES": 1000},
}
# Public pages kept for visitors who are not signed in (kms.core.pagecache):
# a change to what a page shows replaces it on the next request; this is only
# the longest a page is kept when nothing changes. A reverse proxy in front
# may keep them for PUBLIC_PAGE_PROXY_SECONDS without asking (0: it asks
# every time, and a matching ETag costs a 304).
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=600)
PUBLIC_PAGE_PROXY_SECONDS = env.int("PUBLIC_PAGE_PROXY_SECONDS", default=0)
# An outage is logged once per pause by kms.core.cache.ConnectionPool
# ("cache_redis_unreachable"), not as a traceback for each of the twenty
# cache calls a request makes; /healthz answers 503 naming the cache.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env.str(
    "CELERY_RESULT_BACKEND", default=REDIS_URL or "cache+memory://"
)
# Without a broker, tasks run inline in the process that enqueues them.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=25 * 60)
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_TIMEZONE = "Europe/Istanbul"
# A web request must never wait long on a broker that is down (measured: the
# defaults block about 19 s): fail fast, then kms.core.enqueue
# falls back.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 3,
    "max_retries": 1,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "site.heartbeat", "schedule": 60.0},
    "clear-expired-sessions": {
        "task": "site.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=17),
    },
    "weekly-digest": {
        "task": "knowledge.send_weekly_digests",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
    },
    "flush-article-reads": {"task": "knowledge.flush_read_counts", "schedule": 60.0},
    "flag-stale-articles": {
        "task": "knowledge.flag_stale_articles",
        "schedule": crontab(day_of_week="mon", hour=6, minute=30),
    },
    # The words misspelt queries are corrected to (kms.knowledge.search).
    "rebuild-search-words": {
        "task": "knowledge.rebuild_search_words",
        "schedule": crontab(hour=3, minute=47),
    },
    # Programme targets: every night, and within a minute of a change.
    "compute-snapshots": {
        "task": "benchmarking.compute_snapshots",
        "schedule": crontab(hour=2, minute=40),
    },
    "recompute-snapshots-if-changed": {
        "task": "benchmarking.recompute_if_changed",
        "schedule": 60.0,
    },
}

# ---------------------------------------------------------------------------
# Accounts: e-mail is the login (django-allauth).
# ---------------------------------------------------------------------------
AUTH_USER_MODEL = "kms.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's, each with the request's user kept by the process
    # until the user changes (kms.accounts.backends).
    "kms.accounts.backends.KmsModelBackend",
    "kms.accounts.backends.KmsAuthenticationBackend",
    "kms.accounts.backends.ManagerPermissionBackend",
]
_VALIDATION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATION}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{_VALIDATION}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": f"{_VALIDATION}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATION}.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env.str(
    "ACCOUNT_EMAIL_VERIFICATION", default="optional" if DEBUG else "mandatory"
)
if not DEBUG and ACCOUNT_EMAIL_VERIFICATION != "mandatory":
    raise ImproperlyConfigured("E-mail verification is mandatory when DEBUG is off.")
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
# allauth's rate limits are on by default and counted in the cache.
ACCOUNT_ADAPTER = "kms.accounts.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[KMS] "

# ---------------------------------------------------------------------------
# E-mail
# ---------------------------------------------------------------------------
# EMAIL_URL as in django-environ: smtp+tls://user:password@host:587,
# consolemail:// (the default: mails are printed to the console).
globals().update(env.email_url_config(env.str("EMAIL_URL", default="consolemail://")))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="KMS <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Where the site is reached, for links in e-mails sent outside a request.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
ADMINS = [("Admin", a) for a in env.list("ADMINS", default=[])]

# ---------------------------------------------------------------------------
# Languages: Turkish first, English beside it.
# ---------------------------------------------------------------------------
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="tr")
LANGUAGES = [("tr", _("Turkish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Istanbul"
USE_I18N = True
# One way of writing dates per language (kms/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["kms.formats"]
USE_TZ = True

# ---------------------------------------------------------------------------
# Static and uploaded files (whitenoise)
# ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Firm spreadsheet imports (infospots): largest file and most rows accepted.
KMS_IMPORT_MAX_BYTES = env.int("KMS_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
KMS_IMPORT_MAX_ROWS = env.int("KMS_IMPORT_MAX_ROWS", default=20_000)
# An Excel export is built in memory: most firms in one (CSV streams, no limit).
KMS_XLSX_EXPORT_MAX_ROWS = env.int("KMS_XLSX_EXPORT_MAX_ROWS", default=20_000)
# Knowledge-base attachments: the largest file accepted, in bytes.
KMS_ATTACHMENT_MAX_BYTES = env.int("KMS_ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# ---------------------------------------------------------------------------
# Security. With DEBUG off this passes `check --deploy --fail-level WARNING`.
# ---------------------------------------------------------------------------
# Only behind a TLS-terminating proxy that sets X-Forwarded-Proto and that
# clients cannot bypass; otherwise a client could claim https itself.
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = env.bool("USE_X_FORWARDED_HOST", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# The load balancer's health probe speaks plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from Redis, written through to the database: a signed-in
# request saves the session query (about 0.3 ms at national scale), and a
# session outlives a Redis restart. Without Redis the cache is each
# process's own memory, where a logout in one process would stay unseen by
# the others: then sessions live in the database only.
SESSION_ENGINE = (
    # cached_db, whose read of the session brings the request's cache
    # generations along in the same round trip.
    "kms.core.sessions" if REDIS_URL else "django.contrib.sessions.backends.db"
)
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # Styles may be inline (Django admin and Chart.js set style
        # attributes); scripts never are.
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# ---------------------------------------------------------------------------
# Logging: event names with fields, never personal data.
# ---------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Demo accounts (seed_demo) share this password.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="kms-demo-2026")

# Apps whose model permissions project managers hold (see kms.accounts.permissions).
KMS_MANAGER_APPS = frozenset(
    {"kms", "knowledge", "infospots", "clusters", "benchmarking"}
)
