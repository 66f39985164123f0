"""One error format for every refusal of the API:

    {"code": "...", "message": "...", "fields": {"field": ["message", ...]}}

`code` is stable and meant for programs; `message` is translated, for people; `fields` holds
per-field messages for 400 (empty otherwise). Django's ValidationError, PermissionDenied and
Http404, our Conflict/TransitionRefused (409) and database uniqueness races (409) map onto
it, as well as DRF's own exceptions."""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import set_rollback

from core.errors import Conflict

from .parsers import RequestTooLarge

logger = logging.getLogger(__name__)

NON_FIELD = "non_field_errors"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = gettext_lazy("The resource changed since you read it.")


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "precondition_required"
    default_detail = gettext_lazy("Send If-Match with the ETag of the version you edit.")


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"code": code, "message": str(message), "fields": fields or {}}


def _flatten(detail) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _flatten(value)]
    if isinstance(detail, (list, tuple)):
        return [message for value in detail for message in _flatten(value)]
    return [str(detail)]


def _fields_of(detail) -> dict:
    """DRF's error detail → {"field": ["message", ...]}; nested serializers as "a.b"."""
    fields: dict[str, list[str]] = {}

    def walk(prefix, value):
        if isinstance(value, dict):
            for key, inner in value.items():
                name = NON_FIELD if key == api_settings.NON_FIELD_ERRORS_KEY else key
                walk(f"{prefix}.{name}" if prefix else name, inner)
        else:
            fields.setdefault(prefix or NON_FIELD, []).extend(_flatten(value))

    walk("", detail)
    return fields


def _from_django_validation(error: DjangoValidationError) -> Response:
    if hasattr(error, "error_dict"):
        fields = {NON_FIELD if key == "__all__" else key: list(messages) for key, messages in error.message_dict.items()}
    else:
        fields = {NON_FIELD: list(error.messages)}
    return Response(error_body("invalid", _("Some values are not valid."), fields), status=400)


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        # Django's own limit (DATA_UPLOAD_MAX_MEMORY_SIZE), met while reading the body.
        exc = RequestTooLarge()
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        return _from_django_validation(exc)
    if isinstance(exc, Http404):
        return Response(error_body("not_found", _("Not found.")), status=404)
    if isinstance(exc, PermissionDenied):
        message = str(exc) or _("You are not allowed to do this.")
        return Response(error_body("permission_denied", message), status=403)
    if isinstance(exc, Conflict):
        set_rollback()
        return Response(error_body(exc.code, exc.message), status=409)
    if isinstance(exc, IntegrityError):
        # Two requests raced on a unique row: the loser is told, nothing half-saved.
        set_rollback()
        logger.info("Integrity race answered with 409: %s", exc)
        return Response(error_body("conflict", _("Someone else changed this at the same time. Try again.")), status=409)
    if not isinstance(exc, exceptions.APIException):
        return None

    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))

    if isinstance(exc, exceptions.ValidationError):
        body = error_body("invalid", _("Some values are not valid."), _fields_of(exc.detail))
    elif isinstance(exc, exceptions.Throttled):
        body = error_body("throttled", _("Too many requests. Try again in %(seconds)d seconds.") % {"seconds": int(exc.wait or 1)})
    elif isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
        body = error_body(exc.default_code, exc.detail)
    elif isinstance(exc, exceptions.PermissionDenied):
        body = error_body("permission_denied", exc.detail)
    elif isinstance(exc, exceptions.NotFound):
        body = error_body("not_found", _("Not found."))
    else:
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        body = error_body(code, " ".join(_flatten(exc.detail)))
    set_rollback()
    return Response(body, status=exc.status_code, headers=headers)
