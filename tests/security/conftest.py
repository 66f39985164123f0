"""Fixtures of the security tests: the API clients of tests/api (a personal token each), and
the hypothesis profile "ci" their property-based tests run with: few, reproducible examples
(derandomised, no example database), no deadline — small enough for CI's time budget.
HYPOTHESIS_PROFILE=thorough runs ten times as many, for a deeper look by hand."""

from hypothesis import HealthCheck, settings

from tests.api.conftest import api_for, session_api_for  # noqa: F401

settings.register_profile("ci", max_examples=30, deadline=None, derandomize=True, database=None,
                          suppress_health_check=list(HealthCheck))
settings.register_profile("thorough", settings.get_profile("ci"), max_examples=300, derandomize=False)
