"""Optimistic concurrency with ETags. A resource's ETag names its version; an edit must
send it back in If-Match, so that two people editing at once cannot silently overwrite
each other: the second gets 412 and reads the new version first. If-Match is required on
edits (428 without it); `If-Match: *` accepts any version, knowingly."""

import hashlib

from .errors import PreconditionFailed, PreconditionRequired


def etag_for(*parts) -> str:
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()[:20]
    return f'"{digest}"'


def _listed(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def require_if_match(request, current_etag: str) -> None:
    header = request.headers.get("If-Match")
    if not header:
        raise PreconditionRequired()
    tags = _listed(header)
    # If-Match uses the strong comparison: a weak tag (W/"...") never matches.
    if "*" not in tags and current_etag not in tags:
        raise PreconditionFailed()
