"""Helpers about requests and responses shared by the apps' views."""

import re

from django.utils.http import url_has_allowed_host_and_scheme

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def local_url(request, value) -> str | None:
    """`value` when it is a path on this site to send the person back to ("next"), else None.

    Only a path will do: a bare word would be taken by `redirect()` for a URL name (and fail
    with a server error when it is none), control characters have no place in a URL, and
    another host is an open redirect."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//") or _CONTROL.search(value):
        return None
    if not url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return None
    return value


def query_text(value, max_length: int | None = None) -> str:
    """Text typed in a query string, fit to search with: control characters (a NUL byte is an
    error in PostgreSQL text) become spaces, runs of spaces one, cut to `max_length`."""
    text = " ".join(_CONTROL.sub(" ", value if isinstance(value, str) else "").split())
    return text[:max_length] if max_length is not None else text
