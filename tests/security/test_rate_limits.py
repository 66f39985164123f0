"""Abuse: per-person limits on posting ideas, commenting, supporting and reporting, shared by
the pages and the API (core/ratelimit.py); allauth's limits on failed sign-ins."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from core.ratelimit import RATE_LIMITED_VIEWS, Limited, hit, limited_message, parse_rate
from ideas.models import Comment, Idea, Stage, Vote
from moderation.models import Flag
from tests.factories import PASSWORD, IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    def set_limits(**rates):
        settings.RATE_LIMITS_ENABLED = True
        settings.RATE_LIMITS = {"idea": None, "comment": None, "support": None, "flag": None, **rates}

    return set_limits


@pytest.fixture
def published(author, theme):
    return IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED)


def test_rates_are_read_as_count_per_period():
    assert parse_rate("20/h") == (20, 3600)
    assert parse_rate("30/10m") == (30, 600)
    assert parse_rate("5/day") == (5, 86400)
    with pytest.raises(ValueError):
        parse_rate("twenty an hour")


def test_the_window_resets_and_says_when(colleague, limits):
    limits(comment="2/m")
    assert hit(colleague, "comment", now=120.0) is None
    assert hit(colleague, "comment", now=130.0) is None
    over = hit(colleague, "comment", now=150.0)
    assert over == Limited(action="comment", retry_after=30)
    assert hit(colleague, "comment", now=180.0) is None  # next minute


def test_comments_on_pages_stop_at_the_limit_with_a_429_page_and_nothing_saved(client_for, colleague, published, limits):
    limits(comment="3/h")
    client = client_for(colleague)
    url = reverse("ideas:comment", args=[published.pk])
    for n in range(3):
        assert client.post(url, {"body": f"Remark {n}"}).status_code == 302
    refused = client.post(url, {"body": "One too many"})
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "many comments in a short time" in refused.content.decode()
    assert Comment.objects.filter(idea=published, author=colleague).count() == 3
    # Someone else still comments.
    assert client_for(published.author).post(url, {"body": "Thanks"}).status_code == 302


def test_the_page_and_the_api_share_one_count(client_for, api_for, colleague, published, limits):
    """Switching from the page to the API buys no fresh allowance."""
    limits(comment="2/h")
    client_for(colleague).post(reverse("ideas:comment", args=[published.pk]), {"body": "From the page"})
    api = api_for(colleague)
    url = f"/api/v1/ideas/{published.pk}/comments/"
    assert api.post(url, {"body": "From the API"}, format="json").status_code == 201
    refused = api.post(url, {"body": "Again"}, format="json")
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert "many comments" in refused.json()["message"]
    assert int(refused["Retry-After"]) > 0
    assert Comment.objects.filter(idea=published, author=colleague).count() == 2


def test_an_htmx_request_gets_the_sentence_alone(client_for, colleague, published, limits):
    limits(support="1/m")
    client = client_for(colleague)
    url = reverse("ideas:support", args=[published.pk])
    assert client.post(url, {"action": "support"}, HTTP_HX_REQUEST="true").status_code == 200
    refused = client.post(url, {"action": "withdraw"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("text/plain")
    assert "supported or withdrawn many times" in refused.content.decode()
    assert Vote.objects.filter(idea=published, user=colleague).exists()


def test_supports_through_the_api_are_limited(api_for, colleague, published, limits):
    limits(support="2/m")
    api = api_for(colleague)
    url = f"/api/v1/ideas/{published.pk}/vote/"
    assert [api.put(url).status_code, api.delete(url).status_code] == [200, 200]
    assert api.put(url).status_code == 429
    assert not Vote.objects.filter(idea=published, user=colleague).exists()


def test_posting_ideas_is_limited_on_the_page_and_the_api(client_for, api_for, colleague, theme, limits):
    limits(idea="1/h")
    client = client_for(colleague)
    data = {"title": "Lights off at night", "body": "Switch the lights off at 8 pm.", "theme": theme.pk}
    assert client.post(reverse("ideas:create"), data).status_code == 302
    refused = client.post(reverse("ideas:create"), {**data, "title": "Another one"})
    assert refused.status_code == 429
    assert "many ideas" in refused.content.decode()
    api = api_for(colleague)
    assert api.post("/api/v1/ideas/", {"title": "Third", "body": "More", "theme": theme.slug}, format="json").status_code == 429
    assert Idea.objects.filter(author=colleague).count() == 1
    # Reading is never limited.
    assert client.get(reverse("ideas:create")).status_code == 200


def test_reports_are_limited(client_for, colleague, author, theme, limits):
    limits(flag="1/h")
    first, second = (IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED) for _ in range(2))
    client = client_for(colleague)
    assert client.post(reverse("moderation:flag", args=["idea", first.pk]), {"reason": "spam"}).status_code == 302
    refused = client.post(reverse("moderation:flag", args=["idea", second.pk]), {"reason": "spam"})
    assert refused.status_code == 429
    assert Flag.objects.filter(user=colleague).count() == 1


def test_the_limits_are_on_by_default_for_every_action(settings):
    assert settings.RATE_LIMITS_ENABLED
    for action in set(RATE_LIMITED_VIEWS.values()):
        count, period = parse_rate(settings.RATE_LIMITS[action])
        assert count > 0 and period > 0


def test_every_limited_view_name_exists():
    from .walk import url_patterns

    assert set(RATE_LIMITED_VIEWS) <= {name for name, _route, _kwargs, _entry in url_patterns()}


def test_the_wait_is_told_in_whole_minutes(english):
    assert limited_message(Limited(action="comment", retry_after=90)) == (
        "You have posted many comments in a short time. Please try again in 2 minutes.")
    assert limited_message(Limited(action="flag", retry_after=5)).endswith("in 1 minute.")


def test_failed_sign_ins_are_limited_by_allauth(client_for, department, settings):
    """allauth counts failed sign-ins per address and per account (ACCOUNT_RATE_LIMITS)."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "10/m/ip,3/5m/key"}
    user = UserFactory(email="target@multitude.example", entity=department)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    url = reverse("account_login")
    client = client_for(None)
    for _ in range(3):
        client.post(url, {"login": user.email, "password": "wrong-guess"})
    # Even the right password is refused while the account is locked out.
    locked = client.post(url, {"login": user.email, "password": PASSWORD})
    assert locked.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in locked.content.decode()
