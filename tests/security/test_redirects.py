"""Where "next" may send a person back to: a path on this site, nothing else."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.http import local_url
from ideas.models import Stage
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("value", "kept"), [
    ("/moderation/submitted/?page=2", True),
    ("/ideas/4/", True),
    ("ideas:list", False),  # a bare word: redirect() would look it up as a URL name
    ("foo", False),
    ("https://evil.example/", False),
    ("//evil.example/", False),
    ("/\\evil.example", False),
    ("/ideas/\x00/", False),
    ("/ideas/\r\nSet-Cookie: x=1", False),
    ("", False),
    (None, False),
    (["/ideas/"], False),
])
def test_only_a_path_on_this_site_is_a_place_to_go_back_to(value, kept):
    request = RequestFactory().post("/", HTTP_HOST="testserver")
    assert local_url(request, value) == (value if kept else None)


@pytest.mark.parametrize("value", ["foo", "a\x00b", "https://evil.example/", "//evil.example"])
def test_a_decision_with_a_strange_next_goes_back_to_the_queue(client_for, community_manager, author, theme, value):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)
    response = client_for(community_manager).post(reverse("moderation:decide", args=[idea.pk, "approve"]),
                                                  {"reason": "", "next": value})
    assert response.status_code == 302
    assert response["Location"] == reverse("moderation:queue")


def test_reading_a_notification_with_a_strange_next_stays_on_the_site(client_for, colleague):
    response = client_for(colleague).post(reverse("notifications:read_all"), {"next": "foo"})
    assert response.status_code == 302 and response["Location"].startswith("/")
