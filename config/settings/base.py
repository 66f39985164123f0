"""Settings shared by every environment, read from the process environment.

SQLite, local-memory cache and in-memory channel layer by default; PostgreSQL when
DATABASE_URL is set; Redis cache and channel layer when REDIS_URL is set.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "channels",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "accounts",
    "ideas",
    "moderation",
    "gamification",
    "notifications",
    "reports",
    "webhooks",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.session_cache.CachedAuthenticationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SessionExpiryMiddleware",
    "accounts.middleware.MfaRequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.ratelimit.RateLimitMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "core.context_processors.platform",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite serialises writers: WAL lets readers go on while one writes, IMMEDIATE takes the
# write lock at BEGIN (no deadlocking upgrade from a read lock), and the timeout makes a
# busy writer wait instead of failing with "database is locked".
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": SQLITE_OPTIONS,
            # A file, not memory: threaded tests need connections that share the database.
            "TEST": {"NAME": str(BASE_DIR / "test_db.sqlite3")},
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", SQLITE_OPTIONS)
# PostgreSQL's JIT compiles any query its planner deems costly; for a page's queries that
# compilation costs more than it saves (1.4 s of a 2 s trending list in bench/), so it is
# off for the site's connections unless DATABASE_JIT asks for it.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool("DATABASE_JIT", False):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# PostgreSQL under ASGI: each request runs in a thread of its own, so a connection kept
# open by its thread (CONN_MAX_AGE) is never reused and they pile up to max_connections.
# DATABASE_POOL takes connections from a pool per process instead (psycopg_pool).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_POOL", False):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", 8)),
        # How long a request waits for a connection (the database restarting) before a 503.
        "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", 10)),
    }
    # A pooled connection broken by a database restart is noticed when taken (Django then
    # asks the pool to check it), not by the request that would use it (bench/storm.py).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# A streaming replica of the primary, for the heavy reads that may lag a little (the
# executive report and its exports): core.db.reading_from_replica() sends a block's reads
# there; every other read, and every write, goes to the primary. The tests read the primary.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
                                conn_health_checks=True),
        "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["core.db.ReplicaRouter"]

# Under an ASGI server: how many HTTP requests of one process run at once (the others wait
# in the event loop). As many as the pool has connections, so none waits for one.
ASGI_HTTP_CONCURRENCY = int(os.environ.get("ASGI_HTTP_CONCURRENCY", os.environ.get("DATABASE_POOL_MAX_SIZE", 8)))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and channel layer ------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Answers as an empty cache while Redis is unreachable (core/cache.py); short
            # timeouts so that a Redis that hangs costs a page half a second, not a minute.
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "multitude"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # No read timeout: a socket's receive loop waits on Redis (BZPOPMIN, 5 s on the
            # server's side); redis-py 8's default of 5 s on the client's side ended it first, and
            # daphne closed every websocket idle for 5 s with 1011 (tests/deploy/check_two_nodes.py).
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": None}],
                       "prefix": os.environ.get("CHANNEL_PREFIX", "multitude")},
        }
    }
else:
    # Room for the cached fragments of a few thousand ideas (core/fragments.py).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 20_000}}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Cached fragments are keyed by the versions of what they show (core/fragments.py), so this
# only lets unused ones go; it never decides when a page changes.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", 24 * 3600))

# --- Worker tier (Celery) ----------------------------------------------------------------
# With a broker (CELERY_BROKER_URL, else REDIS_URL) the side effects of an action run on
# Celery workers; without one they run in the web process right after commit (core/outbox.py),
# so the embedded default needs nothing more.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged once it has run, and given back to the broker if its worker dies.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", 600))}
CELERY_TIMEZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
# "worker": side effects on Celery workers; "in_process": in the web process after commit.
TASKS_MODE = os.environ.get("TASKS_MODE") or ("worker" if CELERY_BROKER_URL else "in_process")
# A broker that is down answers within a second; the sweep hands over what it missed.
CELERY_BROKER_TRANSPORT_OPTIONS.update({"socket_connect_timeout": 1, "socket_timeout": 5})
CELERY_BROKER_CONNECTION_TIMEOUT = 2
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", 8))
OUTBOX_LEASE_SECONDS = int(os.environ.get("OUTBOX_LEASE_SECONDS", 30))
OUTBOX_SWEEP_AFTER_SECONDS = int(os.environ.get("OUTBOX_SWEEP_AFTER_SECONDS", 10))
OUTBOX_SWEEP_BATCH = 1000
# A worker delivers an event together with up to this many owed events of its kind behind it.
OUTBOX_BATCH = int(os.environ.get("OUTBOX_BATCH", 200))
OUTBOX_BROKER_BACKOFF_SECONDS = 5
OUTBOX_KEEP_DAYS = int(os.environ.get("OUTBOX_KEEP_DAYS", 7))

# Outgoing webhooks (webhooks/): hosts allowed although private or loopback (a receiver on
# the company network), attempts per delivery, failed attempts in a row that disable an endpoint.
WEBHOOK_ALLOWED_HOSTS = env_list("WEBHOOK_ALLOWED_HOSTS", "")
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", 6))
WEBHOOK_DISABLE_AFTER = int(os.environ.get("WEBHOOK_DISABLE_AFTER", 10))
WEBHOOK_RETRY_BASE_SECONDS = int(os.environ.get("WEBHOOK_RETRY_BASE_SECONDS", 30))
WEBHOOK_SWEEP_AFTER_SECONDS = 120
WEBHOOK_TIMEOUT_SECONDS = 5
# Recurring work on beat (`celery -A config beat`); each job runs one at a time (core/scheduling.py).
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "core.tasks.outbox_sweep", "schedule": float(os.environ.get("OUTBOX_SWEEP_EVERY", 5))},
    "outbox-purge": {"task": "core.tasks.outbox_purge", "schedule": crontab(minute=15, hour=4)},
    "webhooks-sweep": {"task": "webhooks.tasks.webhooks_sweep", "schedule": 60.0},
    "webhooks-challenges-opened": {"task": "webhooks.tasks.webhooks_challenges_opened",
                                   "schedule": crontab(minute="*/5")},
    "trending-recount": {"task": "ideas.tasks.trending_recount", "schedule": crontab(minute=5)},
    "reports-refresh": {"task": "reports.tasks.reports_refresh", "schedule": crontab(minute="*/5")},
    "report-rollups-due": {"task": "reports.tasks.report_rollups_due_flush",
                           "schedule": float(os.environ.get("REPORT_ROLLUPS_FLUSH_EVERY", 2))},
    "report-rollups-refresh": {"task": "reports.tasks.report_rollups_refresh", "schedule": crontab(minute=30, hour=2)},
    "digests-send": {"task": "notifications.tasks.digests_send_daily", "schedule": crontab(minute=0, hour=7)},
    "evaluation-reminders": {"task": "notifications.tasks.evaluation_reminders_send_daily",
                             "schedule": crontab(minute=30, hour=8)},
    "segments-snapshot": {"task": "gamification.tasks.segments_snapshot_weekly",
                          "schedule": crontab(minute=0, hour=3, day_of_week="mon")},
    "personal-data-purge": {"task": "accounts.tasks.personal_data_purge_daily", "schedule": crontab(minute=30, hour=3)},
}

# --- Accounts ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "ideas:list"

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
# Adding an address that is already a colleague's is refused (accounts.email_forms).
ACCOUNT_FORMS = {"add_email": "accounts.email_forms.AddEmailForm"}
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Multitude] "
# How many proxies in front of the site append to X-Forwarded-For (API_NUM_PROXIES, one
# setting for both): allauth's per-address sign-in limits and the API's anonymous throttle
# read the client's address that far back. 0: the connecting address (behind a proxy, the
# proxy's, which every employee would then share).
NUM_PROXIES = int(os.environ.get("API_NUM_PROXIES", 0))
ALLAUTH_TRUSTED_PROXY_COUNT = NUM_PROXIES
# allauth's defaults throttle failed logins per IP and per account; the counters live in
# the cache, so several processes share them only with Redis. Wrong second-factor codes
# count as failed logins (per address, and per account under its own key).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}

# Sign-up is open only to these company e-mail domains.
COMPANY_EMAIL_DOMAINS = env_list("COMPANY_EMAIL_DOMAINS", "multitude.example,eureka.example")

# --- Identity: SSO, MFA, sessions, directory (accounts/, README "Identity") -------------
# Enterprise single sign-on through the company's OpenID Connect provider, configured from
# the environment (no database row). Without OIDC_SERVER_URL there is no SSO button.
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"


def sso_providers(environ) -> dict:
    """allauth's SOCIALACCOUNT_PROVIDERS for the OpenID Connect provider the environment
    names (OIDC_SERVER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_PROVIDER_NAME,
    OIDC_PROVIDER_ID, OIDC_TOKEN_AUTH_METHOD); none without OIDC_SERVER_URL."""
    server_url = environ.get("OIDC_SERVER_URL", "")
    if not server_url:
        return {}
    app_settings = {"server_url": server_url}
    if environ.get("OIDC_TOKEN_AUTH_METHOD"):
        app_settings["token_auth_method"] = environ["OIDC_TOKEN_AUTH_METHOD"]
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": environ.get("OIDC_PROVIDER_ID", "company"),
                    "name": environ.get("OIDC_PROVIDER_NAME", "Company account"),
                    "client_id": environ.get("OIDC_CLIENT_ID", ""),
                    "secret": environ.get("OIDC_CLIENT_SECRET", ""),
                    "settings": app_settings,
                }
            ],
        }
    }


SOCIALACCOUNT_PROVIDERS = sso_providers(os.environ)
# A person is found by the verified company e-mail the provider vouches for: an existing
# account is linked, a new one is created without a local password.
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10

# Time-based one-time codes (an authenticator app), with recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "Multitude")
# People holding these roles must set up an authenticator app before using the site
# (accounts.middleware.MfaRequiredMiddleware). Empty turns the requirement off.
MFA_ROLES = ("correspondent", "community_manager", "executive", "administrator")
MFA_REQUIRED_FOR_ROLES = env_list("MFA_REQUIRED_FOR_ROLES", ",".join(MFA_ROLES))

# A session ends SESSION_COOKIE_AGE seconds after sign-in, or after SESSION_IDLE_TIMEOUT
# seconds without a request (0: no idle limit).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 12 * 3600))
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", 2 * 3600))
# The idle timeout needs the time of the last request: it is written to the session at most
# once per this many seconds (and per a tenth of the timeout), so a reading writes nothing.
SESSION_SEEN_REFRESH_SECONDS = int(os.environ.get("SESSION_SEEN_REFRESH_SECONDS", 300))
# Sessions stay in the database; with a cache every process shares (Redis), each session
# and the signed-in person are also read from a copy kept this many seconds at most
# (accounts/session_cache.py), so a signed-in request asks the database nothing. 0: off.
SESSION_ENGINE = "accounts.session_cache"
SESSION_CACHE_SECONDS = int(os.environ.get("SESSION_CACHE_SECONDS", 300 if REDIS_URL else 0))

# --- Personal data (accounts/personal_data.py, README) ----------------------------------
# purge_personal_data deletes notifications older than this, and blanks the free-text
# details of audit entries older than that (the entries themselves are kept).
NOTIFICATION_RETENTION_DAYS = int(os.environ.get("NOTIFICATION_RETENTION_DAYS", 180))
AUDIT_DETAIL_RETENTION_DAYS = int(os.environ.get("AUDIT_DETAIL_RETENTION_DAYS", 730))
# sync_directory refuses to deactivate more than this share of the people it manages at
# once (a truncated export), unless told --force.
DIRECTORY_SYNC_MAX_DEACTIVATE_PERCENT = int(os.environ.get("DIRECTORY_SYNC_MAX_DEACTIVATE_PERCENT", 10))

# --- E-mail -----------------------------------------------------------------------------
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Multitude <no-reply@multitude.example>")

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # English dates day first, on a 24-hour clock
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Behind nginx (deploy/): protected pictures are handed to nginx's internal location of this
# prefix (X-Accel-Redirect) once the view has checked who may see them; empty: the view
# streams them itself.
MEDIA_ACCEL_REDIRECT_PREFIX = os.environ.get("MEDIA_ACCEL_REDIRECT_PREFIX", "")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Uploaded pictures: Pillow only warns below twice its own limit, so ours is lower and
# enforced as an error (see core.images).
IMAGE_MAX_BYTES = int(os.environ.get("IMAGE_MAX_BYTES", 8 * 1024 * 1024))
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", 40_000_000))
IMAGE_MAX_SIDE = int(os.environ.get("IMAGE_MAX_SIDE", 10_000))
IDEA_MAX_IMAGES = 5

# --- Product rules ----------------------------------------------------------------------
COMMENT_EDIT_WINDOW_MINUTES = 15
IDEAS_PER_PAGE = 20
TRENDING_WINDOW_DAYS = 7
# Content reported by this many different people is hidden until a community manager reviews it.
FLAG_HIDE_THRESHOLD = int(os.environ.get("FLAG_HIDE_THRESHOLD", 3))
# Longest suspension a community manager may give at once, in days.
SUSPENSION_MAX_DAYS = 365
# Writes per person (core/ratelimit.py), pages and API alike: "<count>/<period>", period s,
# m, h or d, optionally with a number ("30/10m"). Over it: 429 with Retry-After.
RATE_LIMITS_ENABLED = env_bool("RATE_LIMITS_ENABLED", True)
RATE_LIMITS = {
    "idea": os.environ.get("RATE_LIMIT_IDEA", "20/h"),
    "comment": os.environ.get("RATE_LIMIT_COMMENT", "60/h"),
    "support": os.environ.get("RATE_LIMIT_SUPPORT", "120/10m"),
    "flag": os.environ.get("RATE_LIMIT_FLAG", "20/h"),
}
# Similar-idea suggestions asked for while typing (ideas/similar_views.py), per person.
SIMILAR_RATE_PER_MINUTE = int(os.environ.get("SIMILAR_RATE_PER_MINUTE", 60))
# How long a process answers suggestions and searches by meaning from its index before asking
# whether ideas or the lexicon changed (ideas/similar.py).
SIMILAR_FRESH_FOR = float(os.environ.get("SIMILAR_FRESH_FOR", 5))

# --- Notifications (notifications/, README) ----------------------------------------------
# Links in e-mails point here (no request to read the host from when cron sends digests).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Supports on an idea are told to its author in one notification per this many hours.
NOTIFICATION_SUPPORTS_WINDOW_HOURS = int(os.environ.get("NOTIFICATION_SUPPORTS_WINDOW_HOURS", 24))
# Mentions notify at most this many people per comment, and per writer in an hour (a
# mention past either still links to the person, without notifying).
NOTIFICATION_MENTIONS_PER_COMMENT = int(os.environ.get("NOTIFICATION_MENTIONS_PER_COMMENT", 10))
NOTIFICATION_MENTIONS_PER_HOUR = int(os.environ.get("NOTIFICATION_MENTIONS_PER_HOUR", 30))

# --- Gamification: contributor segments (gamification/segments.py, README) --------------
# Behaviour is read over this many days; thresholds are counts within that window.
SEGMENT_WINDOW_DAYS = int(os.environ.get("SEGMENT_WINDOW_DAYS", 90))
SEGMENT_EXPERT_MIN_ADVANCED = int(os.environ.get("SEGMENT_EXPERT_MIN_ADVANCED", 2))
SEGMENT_FACILITATOR_MIN_HELPFUL = int(os.environ.get("SEGMENT_FACILITATOR_MIN_HELPFUL", 3))
SEGMENT_INFLUENCER_MIN_SUPPORTS_RECEIVED = int(os.environ.get("SEGMENT_INFLUENCER_MIN_SUPPORTS_RECEIVED", 20))
SEGMENT_BIG_CONTRIBUTOR_MIN_IDEAS = int(os.environ.get("SEGMENT_BIG_CONTRIBUTOR_MIN_IDEAS", 3))
SEGMENT_BIG_CONTRIBUTOR_MIN_ACTIONS = int(os.environ.get("SEGMENT_BIG_CONTRIBUTOR_MIN_ACTIONS", 30))
SEGMENT_REGULAR_MIN_ACTIONS = int(os.environ.get("SEGMENT_REGULAR_MIN_ACTIONS", 3))
LEADERBOARD_PER_PAGE = 25

# --- Reports (reports/, README) -----------------------------------------------------------
# An idea waiting longer than this in a stage of the flow is listed as stuck.
REPORT_STUCK_AFTER_DAYS = int(os.environ.get("REPORT_STUCK_AFTER_DAYS", 60))
# The report's figures are computed at most once per this many seconds for each set of
# filters and language, and show the time they are of (seconds at 10x Eurêka; 0: always
# computed).
REPORT_CACHE_SECONDS = int(os.environ.get("REPORT_CACHE_SECONDS", 300))
DEMO_MODE = env_bool("DEMO_MODE", False)
# Benchmarks only (bench/): serves the load run's floor page at /bench/floor/. Never on in use.
BENCH_FLOOR = env_bool("BENCH_FLOOR", False)

# --- REST API (/api/v1/, see core/api/ and config/api_urls.py) ---------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.IsActiveMember"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.KeysetCursorPagination",
    "PAGE_SIZE": int(os.environ.get("API_PAGE_SIZE", 20)),
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON only, refused when too large (413), nested too deep or carrying a NUL (400).
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.JSONParser"],
    "DEFAULT_METADATA_CLASS": "core.api.metadata.Metadata",
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttles.AnonRateThrottle",
        "core.api.throttles.UserRateThrottle",
        "core.api.throttles.WriteRateThrottle",
    ],
    # Counted in the default cache: with REDIS_URL every worker shares the counters.
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "60/min"),
        "user": os.environ.get("API_THROTTLE_USER", "600/min"),
        "write": os.environ.get("API_THROTTLE_WRITE", "60/min"),
    },
    # How many proxies stand in front of the site: the client address for anonymous
    # throttling is read from X-Forwarded-For only as far as they vouch for it.
    "NUM_PROXIES": NUM_PROXIES,
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Multitude API",
    "DESCRIPTION": "Ideas, comments, supports and moderation of the Multitude platform. "
                   "Authenticate with a personal API token (Authorization: Bearer …) or a browser session.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"IdeaStageEnum": "ideas.models.Stage"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.close_components",
    ],
}
# How deep an API body's arrays and objects may nest (no endpoint takes more than three levels).
API_MAX_JSON_DEPTH = int(os.environ.get("API_MAX_JSON_DEPTH", 32))
# A personal API token records its last use at most this often (seconds), not on every request.
API_TOKEN_TOUCH_INTERVAL = 60
API_TOKENS_PER_USER = 20

# --- Content Security Policy (django-csp, docs/security.md) ------------------------------
# Scripts and styles come from the site's own static files; an inline <script> or <style>
# runs only with the request's nonce ({{ CSP_NONCE }}); no plugin, no framing, no foreign
# form target. The Swagger UI page and Django's admin write inline scripts of their own and
# are left out (both are reachable only by signed-in people; the admin only by staff).
from csp.constants import NONCE, NONE, SELF  # noqa: E402

_form_targets = [SELF]
if os.environ.get("OIDC_SERVER_URL"):
    # Signing in with the company's provider posts a form that redirects there.
    from urllib.parse import urlsplit  # noqa: E402

    _oidc = urlsplit(os.environ["OIDC_SERVER_URL"])
    _form_targets.append(f"{_oidc.scheme}://{_oidc.netloc}")
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/docs/", "/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": _form_targets,
        "frame-ancestors": [NONE],
    },
}

# --- Messages and logging ---------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}
