"""Fixtures and hooks shared by the whole suite; an app's own fixtures go in tests/<app>/conftest.py."""

import pytest
from django.core.cache import cache


# --- Isolation between tests ------------------------------------------------------------


@pytest.fixture(autouse=True)
def _clear_cache():
    """Start every test with an empty cache: allauth keeps its login rate-limit counters
    there, and with REDIS_URL set the cache outlives the test process too."""
    cache.clear()
    yield
    cache.clear()
