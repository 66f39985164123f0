"""Developer machine: debug on, demo logins shown on the login page."""

from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
DEMO_MODE = env_bool("DEMO_MODE", True)
ACCOUNT_EMAIL_VERIFICATION = "optional" if DEMO_MODE else ACCOUNT_EMAIL_VERIFICATION  # noqa: F405
