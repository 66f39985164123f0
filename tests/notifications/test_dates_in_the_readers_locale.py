"""Dates and ages as each reader writes them: day before month and a 24-hour clock in both
languages, and "just now" rather than "0 minutes ago"."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ideas.models import Comment, Stage
from ideas.services import comment_post
from notifications.models import Notification
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def commented(author, colleague, correspondent, django_capture_on_commit_callbacks):
    """A comment written on 3 December 2026 at 13:35 (Paris), and the author's notification."""
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent)
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_post(idea=idea, by=colleague, body="Happy to help with this.")
    moment = timezone.make_aware(datetime(2026, 12, 3, 13, 35))
    Comment.objects.filter(pk=comment.pk).update(created_at=moment)
    return idea


@pytest.mark.parametrize(("language", "shown", "not_shown"), [
    ("en", "03/12/2026 13:35", "12/03/2026"),
    ("fr", "03/12/2026 13:35", "12/03/2026"),
])
def test_a_comments_time_reads_day_first_on_a_24_hour_clock(client_for, colleague, commented, language, shown,
                                                           not_shown):
    html = client_for(colleague, HTTP_ACCEPT_LANGUAGE=language).get(commented.get_absolute_url()).content.decode()

    assert shown in html and not_shown not in html and "p.m." not in html


@pytest.mark.parametrize(("language", "fresh", "older"), [
    ("en", "just now", "3 hours ago"),
    ("fr", "à l'instant", "il y a 3 heures"),
])
def test_a_notification_of_a_moment_ago_says_just_now(client_for, author, commented, language, fresh, older):
    client = client_for(author, HTTP_ACCEPT_LANGUAGE=language)
    html = client.get(reverse("notifications:list")).content.decode().replace("&#x27;", "'").replace("\xa0", " ")
    assert fresh in html and "0 minutes" not in html and "0 minute" not in html

    Notification.objects.filter(recipient=author).update(updated_at=timezone.now() - timedelta(hours=3, seconds=5))
    html = client.get(reverse("notifications:list")).content.decode().replace("&#x27;", "'").replace("\xa0", " ")
    assert older in html and fresh not in html
