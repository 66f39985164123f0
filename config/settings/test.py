"""Test run: fast password hashing, local mail outbox, no demo logins."""

import os
import tempfile

from .base import *  # noqa: F401,F403

DEBUG = False
DEMO_MODE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="multitude-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Static files come from the app folders (no collectstatic before tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A file, not memory, so that threaded tests share the database; one per test process,
# so that two runs on the same machine do not drop each other's tables.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"multitude-test-{os.getpid()}.sqlite3")
    }

# Most tests sign people in with force_login and no authenticator app: the MFA requirement
# is off here and turned on by the tests of it (tests/accounts/test_mfa.py).
MFA_REQUIRED_FOR_ROLES = []
# Tests change data between two readings of the report: figures always computed, but in
# the tests of the cache itself (tests/reports/test_report_cache.py).
REPORT_CACHE_SECONDS = 0
SIMILAR_FRESH_FOR = 0  # tests read what they just wrote
# Tests change people and sessions directly between requests: no cached copies of them,
# but in the tests of the copies themselves (tests/accounts/test_session_cache.py).
# (TEST_SESSION_CACHE_SECONDS=300 runs the suite with them.)
SESSION_CACHE_SECONDS = int(os.environ.get("TEST_SESSION_CACHE_SECONDS", 0))
# Side effects in-process after commit, even with REDIS_URL: the tests that prove the worker
# tier start a real worker and switch this to "worker" themselves (tests/core/test_worker.py).
TASKS_MODE = os.environ.get("TASKS_MODE", "in_process")

# Tests spread over several processes (pytest-xdist) each have their own database; with
# Redis each takes its own Redis database too, counting down from the one named in
# REDIS_URL (15 → 14, 13...): a test empties the cache before it starts (FLUSHDB), which
# would also wipe the channel groups another process is listening on.
_worker = os.environ.get("PYTEST_XDIST_WORKER")
if _worker and REDIS_URL:  # noqa: F405
    from urllib.parse import urlsplit, urlunsplit

    _parts = urlsplit(REDIS_URL)  # noqa: F405
    _database = (int(_parts.path.strip("/") or 0) - 1 - int(_worker.removeprefix("gw") or 0)) % 16
    REDIS_URL = urlunsplit(_parts._replace(path=f"/{_database}"))
    CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
    CHANNEL_LAYERS["default"]["CONFIG"]["hosts"] = [REDIS_URL]  # noqa: F405
    if not os.environ.get("CELERY_BROKER_URL"):
        CELERY_BROKER_URL = REDIS_URL
