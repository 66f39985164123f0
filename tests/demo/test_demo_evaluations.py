"""The demo holds an idea with potential scored by two experts (the executive reads their
scores on the pipeline decision page) and an evaluation waiting for the demo employee;
seeding again adds nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from demo.logins import demo_logins
from moderation.models import Evaluation

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_the_demo_has_two_expert_evaluations_and_one_to_do(client_for):
    with translation.override("en"):
        call_command("seed_demo", stdout=None)
    submitted = Evaluation.objects.filter(submitted_at__isnull=False).select_related("idea")
    assert submitted.count() == 2 and len({e.idea_id for e in submitted}) == 1
    idea = submitted[0].idea
    assert idea.author_id not in {e.evaluator_id for e in submitted}
    logins = {row["role"]: User.objects.get(email=row["email"]) for row in demo_logins()}
    pending = Evaluation.objects.get(submitted_at__isnull=True)
    assert pending.evaluator == logins["employee"]
    page = client_for(logins["employee"]).get(reverse("moderation:evaluations")).content.decode()
    assert pending.idea.title in page
    decision = client_for(logins["executive"]).get(reverse("moderation:pipeline_decide", args=[idea.pk]))
    assert "2 experts have submitted" in decision.content.decode()
    with translation.override("en"):
        call_command("seed_demo", stdout=None)
    assert Evaluation.objects.count() == 3
