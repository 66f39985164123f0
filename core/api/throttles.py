"""Request rates, counted in the default cache (Redis when configured, so workers share
them). Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], read at each request so
that a settings change (or a test) takes effect without re-importing."""

from rest_framework import throttling
from rest_framework.settings import api_settings


class _LiveRates:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        # The rate may have changed since __init__ parsed it.
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


class AnonRateThrottle(_LiveRates, throttling.AnonRateThrottle):
    """Per client address, for requests without credentials."""


class UserRateThrottle(_LiveRates, throttling.UserRateThrottle):
    """Per person, every request (anonymous ones fall back to the client address)."""


class WriteRateThrottle(_LiveRates, throttling.UserRateThrottle):
    """Per person, writes only (POST, PUT, PATCH, DELETE)."""

    scope = "write"

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)
