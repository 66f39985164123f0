"""Who is calling: a personal API token (`Authorization: Bearer <token>`, or `Token <token>`)
or the browser session (DRF's SessionAuthentication, CSRF-checked on unsafe methods). A token authenticates as its owner, so every
permission rule applies unchanged: a suspended person's token reads but cannot write."""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts.tokens import api_token_authenticate

KEYWORDS = ("bearer", "token")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid Authorization header: give the token after the keyword."))
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid API token."))
        found = api_token_authenticate(raw)
        if found is None:
            raise exceptions.AuthenticationFailed(_("Invalid, revoked or unknown API token."))
        user, token = found
        return user, token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) to a request without credentials.
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "core.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": _("A personal API token, created on your profile page or with `manage.py create_api_token`."),
        }
