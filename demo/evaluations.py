"""Expert evaluation in the demo company, built through the services: an idea with
potential scored by two experts from other business units (their scores, each blind to the
other's, show to the top managers on the pipeline decision page), and an evaluation still
to do for the demo employee, asked more than a week ago (so remind_evaluations has
something to remind of).

Called by demo.seeding once the company and its ideas exist; it adds nothing when demo
evaluations are already there (seed_demo stays idempotent). No random draw."""

from collections import Counter
from datetime import datetime, timedelta

from accounts.models import User
from ideas.models import Coauthor, Idea, Stage
from moderation.evaluations import evaluation_submit, evaluators_assign
from moderation.models import Evaluation

from .logins import demo_logins
from .organisation import COMMUNITY_MANAGERS, DOMAIN

# (scores, comment) of the two experts, in French like the rest of the demo.
EXPERT_OPINIONS = [
    ({"impact": 4, "feasibility": 5, "cost": 4, "strategic-fit": 3},
     "Facile à tester sur un site pilote en un mois ; le gain est réel mais il faudra le mesurer avant de généraliser."),
    ({"impact": 3, "feasibility": 3, "cost": 2, "strategic-fit": 4},
     "Dans la ligne de notre plan de transformation ; attention au coût d'intégration avec les outils existants."),
]


def _experts_for(idea: Idea, *, count: int, excluded: set[int]) -> list[User]:
    """Active demo colleagues from other business units than the author's, never the
    author or a co-author, the first ones by id."""
    authors = {idea.author_id, *Coauthor.objects.filter(idea=idea).values_list("user_id", flat=True)}
    people = (
        User.objects.filter(email__iendswith=f"@{DOMAIN}", is_active=True)
        .exclude(pk__in=authors | excluded)
        .exclude(entity_id=idea.author.entity_id)
        .order_by("id")
    )
    return list(people[:count])


def seed_evaluations(*, now: datetime) -> Counter:
    demo_ideas = Idea.objects.filter(author__email__iendswith=f"@{DOMAIN}")
    if Evaluation.objects.filter(idea__in=demo_ideas).exists():
        return Counter()
    manager = User.objects.filter(email=f"{COMMUNITY_MANAGERS[0]}@{DOMAIN}").first()
    employee_email = next((row["email"] for row in demo_logins() if row["role"] == "employee"), None)
    employee = User.objects.filter(email=employee_email).first() if employee_email else None
    candidates = list(
        demo_ideas.filter(stage__in=[Stage.POTENTIAL, Stage.ANALYSIS], hidden_at__isnull=True)
        .select_related("author").order_by("-support_count", "id")
    )
    if manager is None or len(candidates) < 2:
        return Counter()
    counts = Counter()
    scored, waiting = candidates[0], next(
        (idea for idea in candidates[1:] if employee is None or idea.author_id != employee.pk), None
    )
    excluded = {manager.pk} | ({employee.pk} if employee else set())
    experts = _experts_for(scored, count=len(EXPERT_OPINIONS), excluded=excluded)
    for evaluation, expert, (scores, comment) in zip(
        evaluators_assign(idea=scored, evaluators=experts, by=manager), experts, EXPERT_OPINIONS
    ):
        evaluation_submit(evaluation=evaluation, by=expert, scores=scores, comment=comment)
        counts["evaluations_submitted"] += 1
    # Asked twelve days ago, submitted within the week.
    Evaluation.objects.filter(idea=scored).update(requested_at=now - timedelta(days=12))
    Evaluation.objects.filter(idea=scored, submitted_at__isnull=False).update(submitted_at=now - timedelta(days=6))
    if employee is not None and waiting is not None:
        evaluators_assign(idea=waiting, evaluators=[employee], by=manager)
        Evaluation.objects.filter(idea=waiting, evaluator=employee).update(requested_at=now - timedelta(days=8))
        counts["evaluations_pending"] += 1
    return counts
