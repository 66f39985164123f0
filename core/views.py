"""Error pages that must work when the rest of the site cannot: no database, no context
processors, nothing but a template and the request's path."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader

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


def server_error(request):
    """handler500: a 503 saying to retry shortly when the database is unreachable (every
    transaction rolled back, so nothing was half-saved); otherwise the plain 500 page."""
    error = sys.exc_info()[1]
    if database_unavailable(error):
        return service_unavailable(request)
    return HttpResponse(loader.get_template("500.html").render(), status=500)


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
