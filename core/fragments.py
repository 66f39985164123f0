"""Rendered fragments of pages, kept in the cache under keys made of what they show.

A key names the kind of fragment, the language, and the versions of the data it shows
(an idea's `content_version`, a row's own values, a global counter), so a change makes a
new key in the same transaction as the data and an old fragment is never read again: no
deletion to miss, no window after a commit. What differs from one viewer to the next is
applied outside the cached part (see ideas.fragments).

The cache is Django's default one: local memory in the embedded default, Redis with
REDIS_URL (core.cache.ResilientRedisCache answers as an empty cache while Redis is down,
so the pages are rendered as if nothing were cached, never served stale or as an error).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Bumped when the markup of a cached fragment changes, so a deployment never serves the
# previous release's fragments.
MARKUP_VERSION = 1


def fragment_key(kind: str, *parts) -> str:
    return ":".join(["frag", str(MARKUP_VERSION), kind, get_language() or "", *map(str, parts)])


def digest(*values) -> str:
    """A short fingerprint of the values a fragment shows, for keys made of a row's content."""
    return hashlib.blake2b(repr(values).encode(), digest_size=12).hexdigest()


def get_many(keys: list[str]) -> dict:
    if not keys:
        return {}
    return cache.get_many(keys)


def set_many(fragments: dict) -> None:
    if fragments:
        cache.set_many(fragments, settings.FRAGMENT_CACHE_SECONDS)


def assembled(html: str) -> SafeString:
    """The one place a fragment is marked safe again after being joined or filled in: it is
    made of template output (escaped there) and of slots filled with format_html or
    escape() by the caller (docs/security.md, "Static analysis")."""
    return mark_safe(html)


def get(key: str):
    return cache.get(key)


def put(key: str, value) -> None:
    cache.set(key, value, settings.FRAGMENT_CACHE_SECONDS)
