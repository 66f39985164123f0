"""Developer machine: debug on, demo logins shown on the login page. E-mails (sign-up
verification, password reset) are printed in the terminal by the console backend."""

from .base import *  # noqa: F401,F403
from .base import env_bool, env_list

DEBUG = env_bool("DEBUG", True)
DEMO_MODE = env_bool("DEMO_MODE", True)
# The demo people sign in with a password only: no authenticator app is asked of the
# correspondents, community managers, executives and administrators here (see README).
MFA_REQUIRED_FOR_ROLES = env_list("MFA_REQUIRED_FOR_ROLES", "")
