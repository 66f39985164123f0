"""What an event says to the outside: only what an ordinary employee may read on the site.
An idea hidden by moderation, or not yet public, sends nothing; an author who hid their name
is "a colleague" (null in the JSON). Checked with the site's own permission rules, asked for
a signed-in employee with no role."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.permissions import can
from ideas.authorship import author_visible


def ordinary_employee():
    """A signed-in employee with no role, no team and no idea of their own."""
    reader = get_user_model()(is_active=True)
    reader._multitude_roles = frozenset()
    return reader


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def idea_readable(idea) -> bool:
    return idea.hidden_at is None and can(ordinary_employee(), "ideas.view_idea", idea)


def idea_facts(idea) -> dict:
    reader = ordinary_employee()
    return {
        "id": idea.pk,
        "title": idea.title,
        "url": _absolute(reverse("ideas:detail", args=[idea.pk])),
        "stage": idea.stage,
        "theme": {"en": idea.theme.name_en, "fr": idea.theme.name_fr},
        "author": idea.author.display_name if author_visible(idea, reader) else None,
        "support_count": idea.support_count,
    }


def challenge_facts(challenge) -> dict:
    return {
        "id": challenge.pk,
        "title": challenge.title,
        "question": challenge.question,
        "url": _absolute(reverse("ideas:challenge_detail", args=[challenge.pk])),
        "opens_at": challenge.opens_at.isoformat(),
        "closes_at": challenge.closes_at.isoformat(),
    }
