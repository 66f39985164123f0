"""A small programme whose figures are computed by hand in the tests (see `programme`).

    group ─┬─ retail division ── stores department: Alice (author), Colin (colleague)
           └─ industry division: Ivan (employee), Eric (executive), Camille (community manager)

Ideas, all submitted 100 days before `NOW` (day 0), moved on the days given:
    A  Alice, cost savings: published d1, potential d3, analysis d7, project d17, pilot d37,
       deployed d67 (12,000 € a year, a quality indicator)
    B  Alice, cost savings: published d2, potential d4 (waiting since: 96 days, stuck)
    C  Colin, cost savings: rejected d5
    D  Colin, workplace:    published d1
    E  Alice, draft (never submitted: counted nowhere)
Supports (today): Ivan on A and D, Colin on A. Comment (today): Ivan on B.
Sign-ins: Alice today, Ivan 30 days ago; nobody else (no last_login either).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from ideas.models import Idea, Stage, StageChange
from ideas.services import comment_post, vote_cast
from reports.models import LoginDay
from reports.rollups import rollups_rebuild
from tests.factories import IdeaFactory, UserFactory

# Days after submission of each stage change, per idea.
TIMELINE = {
    "A": {Stage.SUBMITTED: 0, Stage.PUBLISHED: 1, Stage.POTENTIAL: 3, Stage.ANALYSIS: 7, Stage.PROJECT: 17,
          Stage.PILOT: 37, Stage.DEPLOYED: 67},
    "B": {Stage.SUBMITTED: 0, Stage.PUBLISHED: 2, Stage.POTENTIAL: 4},
    "C": {Stage.SUBMITTED: 0, Stage.REJECTED: 5},
    "D": {Stage.SUBMITTED: 0, Stage.PUBLISHED: 1},
}


@pytest.fixture
def ivan(sibling_division):
    return UserFactory(first_name="Ivan", last_name="Industry", entity=sibling_division)


@pytest.fixture
def programme(author, colleague, ivan, executive, community_manager, theme, other_theme, settings):
    settings.REPORT_STUCK_AFTER_DAYS = 60
    now = timezone.now()
    day0 = now - timedelta(days=100)
    made = {"executive": executive, "moderator": community_manager}
    ideas = {
        "A": IdeaFactory(author=author, theme=theme, stage=Stage.DEPLOYED, **made),
        "B": IdeaFactory(author=author, theme=theme, stage=Stage.POTENTIAL, **made),
        "C": IdeaFactory(author=colleague, theme=theme, stage=Stage.REJECTED, **made),
        "D": IdeaFactory(author=colleague, theme=other_theme, stage=Stage.PUBLISHED, **made),
        "E": IdeaFactory(author=author, theme=theme, stage=Stage.DRAFT),
    }
    # Dates cannot be chosen through the services: move the history back in time.
    for key, timeline in TIMELINE.items():
        idea = ideas[key]
        for stage, days in timeline.items():
            StageChange.objects.filter(idea=idea, to_stage=stage).update(created_at=day0 + timedelta(days=days))
        last = max(timeline.values())
        Idea.objects.filter(pk=idea.pk).update(
            submitted_at=day0, published_at=(day0 + timedelta(days=timeline[Stage.PUBLISHED]))
            if Stage.PUBLISHED in timeline else None, stage_changed_at=day0 + timedelta(days=last),
        )
    Idea.objects.filter(pk=ideas["A"].pk).update(benefit_savings_eur=12000, benefit_quality="Half the delay.")
    vote_cast(idea=ideas["A"], by=ivan)
    vote_cast(idea=ideas["D"], by=ivan)
    vote_cast(idea=ideas["A"], by=colleague)
    comment_post(idea=ideas["B"], by=ivan, body="We did this in the plant: happy to help.")
    LoginDay.objects.create(user=author, day=timezone.localdate(now))
    LoginDay.objects.create(user=ivan, day=timezone.localdate(now - timedelta(days=30)))
    # The history was moved back in time behind the services' backs (and events run only
    # after a commit the test never makes): recompute the report's summary tables.
    rollups_rebuild()
    return {"now": now, "day0": day0, "ideas": ideas}
