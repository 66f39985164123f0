"""Request rates: per person, per person for writes, per client address without
credentials; a throttled client gets 429 in the error format with Retry-After."""

import pytest

from ideas.models import Stage
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    def set_rates(**rates):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": "1000/min", "user": "1000/min", "write": "1000/min", **rates},
        }

    return set_rates


def test_a_person_over_their_rate_gets_429_in_the_error_format(api_for, rates, colleague):
    rates(user="3/min")
    client = api_for(colleague)
    assert [client.get("/api/v1/themes/").status_code for _ in range(3)] == [200, 200, 200]
    throttled = client.get("/api/v1/themes/")
    assert throttled.status_code == 429
    assert throttled.json()["code"] == "throttled" and throttled.json()["fields"] == {}
    assert 0 < int(throttled["Retry-After"]) <= 60


def test_the_rate_is_per_person_not_per_token(api_for, rates, colleague, author):
    rates(user="2/min")
    first, second = api_for(colleague), api_for(colleague)
    first.get("/api/v1/themes/")
    second.get("/api/v1/themes/")
    assert first.get("/api/v1/themes/").status_code == 429
    # Someone else is not affected.
    assert api_for(author).get("/api/v1/themes/").status_code == 200


def test_writes_have_their_own_lower_rate(api_for, rates, author, colleague, theme):
    rates(write="2/min")
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED)
    client = api_for(colleague)
    url = f"/api/v1/ideas/{idea.pk}/follow/"
    assert [client.put(url).status_code for _ in range(2)] == [200, 200]
    assert client.put(url).status_code == 429
    assert client.get(f"/api/v1/ideas/{idea.pk}/").status_code == 200


def test_anonymous_clients_are_counted_per_address(api_for, rates):
    rates(anon="2/min")
    client = api_for(None)
    assert [client.get("/api/schema/").status_code for _ in range(2)] == [200, 200]
    assert client.get("/api/schema/").status_code == 429
    # A forged X-Forwarded-For does not buy a fresh allowance (no proxy is trusted by default).
    assert client.get("/api/schema/", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert client.get("/api/schema/", REMOTE_ADDR="198.51.100.7").status_code == 200
