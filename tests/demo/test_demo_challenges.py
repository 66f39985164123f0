"""The demo holds an open challenge with answers (one without its author's name) and a
closed, evaluated one with winners; seeding again adds nothing."""

import pytest
from django.core.management import call_command
from django.utils import translation

from gamification.models import BadgeAward
from ideas.models import Challenge, ChallengeStatus, Idea

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_the_demo_has_an_open_and_an_evaluated_challenge(client_for):
    with translation.override("en"):
        call_command("seed_demo", stdout=None)
    statuses = {c.title: c.status for c in Challenge.objects.all()}
    assert sorted(statuses.values()) == [ChallengeStatus.EVALUATED, ChallengeStatus.OPEN]
    open_one = Challenge.objects.get(title="Moins de papier d'ici l'été")
    assert open_one.sponsor.email == "philippe.lefevre@multitude.example"
    assert open_one.ideas.filter(stage="published").count() == 3
    assert open_one.ideas.filter(author_name_hidden=True).count() == 1
    closed = Challenge.objects.exclude(pk=open_one.pk).get()
    winners = Idea.objects.filter(challenge=closed, challenge_winner_at__isnull=False)
    assert winners.count() == 1 and closed.results_note
    assert BadgeAward.objects.filter(badge__code="challenge-winner", user=winners.get().author).exists()
    before = Challenge.objects.count(), Idea.objects.count()
    with translation.override("en"):
        call_command("seed_demo", stdout=None)
    assert (Challenge.objects.count(), Idea.objects.count()) == before
    page = client_for(open_one.sponsor).get(open_one.get_absolute_url())
    assert page.status_code == 200
