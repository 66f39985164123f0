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
