import importlib

import pytest
from django.apps import apps

from gamification.models import LedgerEntry, PointsRule, Score
from tests.factories import IdeaFactory, Stage, UserFactory


@pytest.fixture(autouse=True)
def default_rules_and_badges(db):
    """The defaults of the data migration (a transactional test flushes them)."""
    migration = importlib.import_module("gamification.migrations.0002_default_rules_and_badges")
    migration.create_defaults(apps, None)


@pytest.fixture
def no_badge_points(db):
    """Badges still come, but earn nothing: the figures of a test are the rule's alone."""
    PointsRule.objects.filter(code=PointsRule.Code.BADGE_EARNED).update(is_active=False)


@pytest.fixture
def live(django_capture_on_commit_callbacks):
    """`with live():` runs the on-commit callbacks (domain events, their listeners) at once."""

    def make():
        return django_capture_on_commit_callbacks(execute=True)

    return make


@pytest.fixture
def moderator(community_manager):
    return community_manager


@pytest.fixture
def published_idea(author, theme, moderator, live):
    with live():
        return IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=moderator)


def points_of(user) -> int:
    return Score.objects.filter(user=user).values_list("total", flat=True).first() or 0


def ledger_sum(user) -> int:
    return sum(LedgerEntry.objects.filter(user=user).values_list("points", flat=True))


def set_rule(code, **values):
    PointsRule.objects.filter(code=code).update(**values)


__all__ = ["UserFactory", "points_of", "ledger_sum", "set_rule"]
