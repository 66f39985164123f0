"""When a service the site depends on is away: the database → a clean 503 (pages and API)
that says nothing was half-saved; Redis → the cache answers as an empty one and pages go
on. The whole-server runs (a real server, the database and Redis stopped mid-load) are in
bench/storm.py; these check the pieces in-process."""

import pytest
from django.db import OperationalError
from django.test import Client

from core.cache import ResilientRedisCache
from ideas import views as idea_views
from ideas.models import Stage
from tests.factories import IdeaFactory


@pytest.fixture
def idea(author, correspondent):
    return IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent)


@pytest.fixture
def database_gone(monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    monkeypatch.setattr(idea_views, "_visible_idea", unreachable)


def test_a_page_gets_a_503_saying_nothing_was_half_saved(database_gone, colleague, idea):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(colleague)

    response = client.post(f"/ideas/{idea.pk}/support/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Nothing was half-saved" in response.content.decode()


def test_any_other_failure_stays_a_500(monkeypatch, colleague, idea):
    def broken(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(idea_views, "_visible_idea", broken)
    client = Client(raise_request_exception=False)
    client.force_login(colleague)

    response = client.get(f"/ideas/{idea.pk}/")

    assert response.status_code == 500
    assert "Retry-After" not in response


def test_the_api_answers_503_in_its_error_format(monkeypatch, colleague):
    from ideas import api as idea_api

    def unreachable(*args, **kwargs):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(idea_api.IdeaViewSet, "list", unreachable)
    client = Client(raise_request_exception=False)
    client.force_login(colleague)

    response = client.get("/api/v1/ideas/")

    assert response.status_code == 503
    assert response.json()["code"] == "unavailable"


@pytest.fixture
def cache_without_redis():
    # Port 9 (discard) on loopback: nothing listens, every connection is refused at once.
    return ResilientRedisCache("redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 0.5}})


def test_without_redis_the_cache_answers_as_an_empty_one(cache_without_redis):
    cache = cache_without_redis
    assert cache.get("k", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("k") is False
    cache.set("k", 1)
    cache.set_many({"a": 1})
    cache.delete("k")
    assert cache.add("counter", 0) is True
    assert cache.incr("counter") == 1  # a counter starting over


def test_without_redis_rate_limits_let_people_through(cache_without_redis, monkeypatch, colleague, settings):
    from core import ratelimit

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "support": "1/h"}
    monkeypatch.setattr(ratelimit, "cache", cache_without_redis)
    assert [ratelimit.hit(colleague, "support") for _ in range(3)] == [None, None, None]
