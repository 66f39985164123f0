"""Error pages that must work when the rest of the site cannot: no database, no context
processors, nothing but a template and the request's path. Under /api/ they answer in the
API's error format ({"code", "message", "fields"}), never with an HTML page."""

import logging
import sys

from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

from core.api.errors import error_body

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait before trying again while the database is away.
RETRY_AFTER_SECONDS = 5


def database_unavailable(error: BaseException | None) -> bool:
    """The database could not be reached (stopped, restarting, out of connections), as
    opposed to a query that failed: that is an outage to wait out, not a bug."""
    while error is not None:
        if isinstance(error, (OperationalError, InterfaceError)):
            return True
        error = error.__cause__ or error.__context__
    return False


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def server_error(request):
    """handler500: a 503 saying to retry shortly when the database is unreachable (every
    transaction rolled back, so nothing was half-saved); otherwise the plain 500 page."""
    error = sys.exc_info()[1]
    if database_unavailable(error):
        return service_unavailable(request)
    if is_api(request):
        return JsonResponse(error_body("server_error", _("Something went wrong on our side. It has been recorded.")),
                            status=500)
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def page_not_found(request, exception):
    """handler404: a URL under /api/ that names no endpoint (or an id that is no number)."""
    if is_api(request):
        return JsonResponse(error_body("not_found", _("Not found.")), status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception):
    """handler400: what Django refuses before any view runs, e.g. a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE (413 in the API) or a forged Host."""
    if is_api(request):
        if isinstance(exception, RequestDataTooBig):
            return JsonResponse(error_body("too_large", _("The request body is too large.")), status=413)
        return JsonResponse(error_body("bad_request", _("The request could not be read.")), status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    """handler403: a refusal raised outside the API's views (their own are answered by DRF)."""
    if is_api(request):
        return JsonResponse(error_body("permission_denied", _("You are not allowed to do this.")), status=403)
    return defaults.permission_denied(request, exception)


def service_unavailable(request):
    if request.path.startswith("/api/"):
        response = JsonResponse(
            error_body("unavailable", "The database is briefly unavailable; nothing was half-saved. Retry in a few seconds."),
            status=503,
        )
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
