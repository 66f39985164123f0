"""Settings of the site the browser tests drive (see conftest.py): the test settings, with
the database, the uploaded files and an e-mail folder chosen by the test session through
the environment. E-mails are written as files there, so a test reads what a person would
receive (the sign-up verification link)."""

import os

from config.settings.test import *  # noqa: F401,F403
from config.settings.test import ACCOUNT_RATE_LIMITS, DATABASES, MEDIA_ROOT

# The test settings made an empty media folder of their own: the session gives another.
try:
    os.rmdir(MEDIA_ROOT)
except OSError:
    pass

DATABASES["default"]["NAME"] = os.environ["BROWSER_SITE_DATABASE"]
MEDIA_ROOT = os.environ["BROWSER_SITE_MEDIA"]
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["BROWSER_SITE_MAIL"]
SITE_URL = os.environ.get("BROWSER_SITE_URL", "http://127.0.0.1")

# Every browser of the session signs in from 127.0.0.1: allauth's 30 sign-ins a minute per
# address (kept everywhere else, where each person comes from their own) refused the later
# ones of a busy minute, and their page never reached the idea list.
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login": "600/m/ip"}
