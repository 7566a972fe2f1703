"""Project settings: every knob comes from the environment, read once, here.

Defaults let `make serve` and `pytest` run with no environment at all; with
NEWSAPI_ENV=production the process refuses to start on an unsafe configuration.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = os.environ.get("NEWSAPI_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("NEWSAPI_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=not PRODUCTION)

_DEVELOPMENT_KEY = "django-insecure-development-only-key"
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else _DEVELOPMENT_KEY)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver"
)

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production.")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("SECRET_KEY must be set to a long random value in production.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must list the served host names in production.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "django_prometheus",
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "articles",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "newsapi.observability.RequestIdMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "articles.problems.DatabaseUnavailableMiddleware",
    "articles.throttling.RateLimitHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    "articles.cached_reads.CachedReadsMiddleware",
]

ROOT_URLCONF = "newsapi.urls"
WSGI_APPLICATION = "newsapi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "newsapi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database(url: str, **test_options) -> dict:
    """One database's settings: kept, health-checked connections and query metrics."""
    config = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
        test_options=test_options or None,
    )
    # Query counts and latencies per database, for /metrics.
    config["ENGINE"] = config["ENGINE"].replace(
        "django.db.backends.", "django_prometheus.db.backends."
    )
    if config["ENGINE"].endswith(".postgresql"):
        # Fail fast while the database is down, rather than hold a worker for a minute.
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    return config


DATABASES = {
    "default": database(os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))
}
# Reads go to the replica, writes and the reads after them to the primary (newsapi/db_router.py).
# Tests read through the replica alias from the primary's test database (a mirror).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database(DATABASE_REPLICA_URL, MIRROR="default")
    DATABASE_ROUTERS = ["newsapi.db_router.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(0, "newsapi.db_router.ReadYourWritesMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# Only a cache that every worker shares may hold validators and whole responses.
SHARED_CACHE = bool(REDIS_URL)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsapi.cache.ReusingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsapi",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Serve static files straight from the apps in development, so no collectstatic is needed.
WHITENOISE_USE_FINDERS = not PRODUCTION

# Request bodies above this size are refused with 413 (wire copy and bulk batches included).
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("MAX_REQUEST_BYTES", str(5 * 1024 * 1024)))

# Feed fetching: the project's own client refuses private, loopback and metadata addresses.
FEED_ALLOW_PRIVATE_ADDRESSES = env_bool("FEED_ALLOW_PRIVATE_ADDRESSES", default=False)
FEED_ALLOWED_NETWORKS = env_list("FEED_ALLOWED_NETWORKS")  # CIDRs opened on purpose
FEED_ALLOWED_PORTS = [int(port) for port in env_list("FEED_ALLOWED_PORTS", "80,443")]
FEED_MAX_BYTES = int(os.environ.get("FEED_MAX_BYTES", str(5 * 1024 * 1024)))
FEED_CONNECT_TIMEOUT = float(os.environ.get("FEED_CONNECT_TIMEOUT", "5"))
FEED_READ_TIMEOUT = float(os.environ.get("FEED_READ_TIMEOUT", "10"))
FEED_FETCH_DEADLINE = float(os.environ.get("FEED_FETCH_DEADLINE", "30"))
FEED_MAX_REDIRECTS = int(os.environ.get("FEED_MAX_REDIRECTS", "5"))
if PRODUCTION and FEED_ALLOW_PRIVATE_ADDRESSES:
    raise ImproperlyConfigured("FEED_ALLOW_PRIVATE_ADDRESSES must be off in production.")

# Feed polling: each source's interval is in the database; these are the shared rules.
FEED_SCHEDULER_TICK = float(os.environ.get("FEED_SCHEDULER_TICK", "15"))  # seconds between checks
FEED_STALE_AFTER_INTERVALS = int(os.environ.get("FEED_STALE_AFTER_INTERVALS", "3"))
FEED_BACKOFF_MAX = float(os.environ.get("FEED_BACKOFF_MAX", str(6 * 60 * 60)))  # seconds
FEED_HOST_CONCURRENCY = int(os.environ.get("FEED_HOST_CONCURRENCY", "2"))  # fetches per host
FEED_HOST_BUSY_DELAY = float(os.environ.get("FEED_HOST_BUSY_DELAY", "5"))  # seconds
FEED_FETCH_LOG_DAYS = int(os.environ.get("FEED_FETCH_LOG_DAYS", "30"))

# The job queue (newsapi/celery.py): Redis is the broker when REDIS_URL is set; without it
# nothing is queued and `manage.py poll_feeds` runs the same tasks in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task is acknowledged only once it has finished, and given back if its worker dies, so a
# killed worker loses no poll; tasks are idempotent, so running one twice is harmless.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "newsapi")
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # keep the LOGGING below
# An unacknowledged task of a vanished worker is delivered again after this many seconds;
# it must exceed the longest poll. Abandoned tasks are looked for ten times as often.
CELERY_VISIBILITY_TIMEOUT = int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "900"))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": max(1, min(60, CELERY_VISIBILITY_TIMEOUT // 10)),
    "unacked_restore_throttle": 1,
}
CELERY_BEAT_SCHEDULE = {
    "enqueue-due-feeds": {
        "task": "articles.tasks.enqueue_due_feeds",
        "schedule": FEED_SCHEDULER_TICK,
    },
    "prune-feed-fetches": {"task": "articles.tasks.prune_feed_fetches", "schedule": 60 * 60},
}

# Copies of one story (articles/stories/) are looked for this far either side of an
# article's publication time.
STORY_WINDOW_HOURS = int(os.environ.get("STORY_WINDOW_HOURS", "72"))

# The change feed (GET /api/v1/changes/) and the webhooks fed from it (articles/changes/,
# articles/webhooks/). Events older than the retention are pruned, their deliveries too.
CHANGES_RETENTION_DAYS = int(os.environ.get("CHANGES_RETENTION_DAYS", "30"))
WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", "15"))  # seconds for one attempt
# Seconds before each retry of a failed attempt: 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h
# (about 21 hours in all, less up to a fifth of jitter); then the delivery is given up.
_RETRIES = env_list("WEBHOOK_RETRY_SCHEDULE", "10,60,300,1800,7200,21600,43200")
WEBHOOK_RETRY_SCHEDULE = [float(delay) for delay in _RETRIES]
# A subscription is disabled after this many failed attempts in a row, to any of its events.
WEBHOOK_DISABLE_AFTER = int(os.environ.get("WEBHOOK_DISABLE_AFTER", "50"))
# "queue": job-queue workers send (with REDIS_URL); "thread": a background thread of the
# process that wrote sends, after the commit, and `manage.py send_webhooks` flushes retries.
WEBHOOK_DELIVERY = os.environ.get("WEBHOOK_DELIVERY", "queue" if REDIS_URL else "thread")
if WEBHOOK_DELIVERY not in {"queue", "thread"}:
    raise ImproperlyConfigured("WEBHOOK_DELIVERY must be 'queue' or 'thread'.")
# The thread waits this long for retries coming due before it ends.
WEBHOOK_THREAD_LINGER = float(os.environ.get("WEBHOOK_THREAD_LINGER", "60"))
WEBHOOK_TICK = float(os.environ.get("WEBHOOK_TICK", "15"))  # seconds between looks for due work
CELERY_IMPORTS = ["articles.webhooks.tasks"]
CELERY_BEAT_SCHEDULE.update(
    {
        "deliver-webhooks": {
            "task": "articles.webhooks.tasks.deliver_webhooks",
            "schedule": WEBHOOK_TICK,
        },
        "prune-changes": {"task": "articles.webhooks.tasks.prune_changes", "schedule": 60 * 60},
    }
)

ENABLE_BROWSABLE_API = env_bool("ENABLE_BROWSABLE_API", default=not PRODUCTION)
ENABLE_ADMIN = env_bool("ENABLE_ADMIN", default=True)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["articles.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "drf_orjson_renderer.renderers.ORJSONRenderer",
        *(["rest_framework.renderers.BrowsableAPIRenderer"] if ENABLE_BROWSABLE_API else []),
    ],
    "DEFAULT_PARSER_CLASSES": ["articles.parsers.StrictJSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "articles.negotiation.ContentNegotiation",
    "DEFAULT_FILTER_BACKENDS": ["articles.filters.StrictFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "articles.schema.NewsAutoSchema",
    "EXCEPTION_HANDLER": "articles.problems.problem_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "articles.throttling.AnonThrottle",
        "articles.throttling.UserThrottle",
        "articles.throttling.ScopedThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("THROTTLE_ANON", "600/min"),
        "user": os.environ.get("THROTTLE_USER", "3000/min"),
        "ingest": os.environ.get("THROTTLE_INGEST", "300/min"),
        "geoparse": os.environ.get("THROTTLE_GEOPARSE", "120/min"),
    },
    # Client address behind this many trusted proxies; X-Forwarded-For is ignored when 0.
    "NUM_PROXIES": int(os.environ.get("NUM_PROXIES", "0")),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "News API",
    "DESCRIPTION": (
        "Structured, region-tagged news items as JSON. Reads are public; writes need a "
        "bearer token. Errors are RFC 9457 problem details (`application/problem+json`)."
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Tags come from the path after the prefix: articles, sources, sections, regions.
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SORT_OPERATION_PARAMETERS": False,
    "ENUM_NAME_OVERRIDES": {
        "RegionKindEnum": "articles.models.RegionKind",
        "SourceKindEnum": "articles.models.SourceKind",
        "TagMethodEnum": "articles.models.TagMethod",
    },
    "TAGS": [
        {"name": "articles", "description": "News items: read, search, filter and write."},
        {"name": "sources", "description": "Who published the news: agencies and outlets."},
        {"name": "sections", "description": "Editorial sections such as World or Politics."},
        {"name": "regions", "description": "The gazetteer that articles are tagged with."},
        {"name": "stories", "description": "One piece of news and every copy that carries it."},
        {"name": "feeds", "description": "RSS, Atom and JSON feeds of the latest articles."},
        {"name": "changes", "description": "Every change to an article, in commit order."},
        {"name": "webhooks", "description": "Change events POSTed to you, signed."},
        {"name": "operations", "description": "Health probes for orchestrators."},
    ],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "articles.schema.complete_parameters",
        "articles.schema.sparse_fields_are_optional",
        "articles.schema.without_database_limits",
    ],
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": True},
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Probes come over plain HTTP from inside the host or cluster.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Structured JSON lines in production (LOG_FORMAT=json), readable text in development.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "newsapi.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "newsapi.observability.NewsJsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # One line per request comes from the access log; Django's own would repeat it.
        "django.request": {"level": "ERROR"},
        "newsapi.access": {"level": os.environ.get("ACCESS_LOG_LEVEL", "INFO")},
    },
}

# Browser clients on other origins: reads and writes from the listed origins only.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_ALLOW_ALL_ORIGINS = env_bool("CORS_ALLOW_ALL_ORIGINS", default=False)
CORS_URLS_REGEX = r"^/(api|feeds)/.*$"
CORS_EXPOSE_HEADERS = [
    "ETag", "Link", "Location", "Retry-After", "X-Request-ID",
    "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
]  # fmt: skip
CORS_ALLOW_HEADERS = [
    "accept", "authorization", "content-type", "if-match", "if-none-match",
    "idempotency-key", "x-request-id",
]  # fmt: skip

# Prometheus metrics at /metrics: request counts and latencies, database queries.
METRICS_ENABLED = env_bool("METRICS_ENABLED", default=True)
