"""The permission matrix: every role tries every action on an idea at every stage,
through the portal's and the console's views, and exactly the roles the table names
succeed. The table is the specification; a refused action must leave no trace.

Roles: the idea's author; their line manager, who is also correspondent for the idea's
theme (a manager never validates their team's ideas); a colleague; the correspondent
for the theme; a correspondent for another theme; a community manager; an executive; a
suspended colleague; an anonymous visitor. The pipeline after "has potential" has its
own matrix in test_pipeline.py."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ideas.models import Comment, Idea, Stage, Vote
from moderation.models import Flag
from tests.factories import CorrespondentAssignmentFactory, IdeaFactory, UserFactory

ROLES = ["author", "manager", "colleague", "correspondent", "other_correspondent", "community_manager", "executive",
         "suspended", "anonymous"]
EVERYONE = frozenset(ROLES) - {"anonymous"}
REVIEWERS = frozenset({"author", "correspondent", "community_manager"})
VALIDATORS = frozenset({"correspondent", "community_manager"})
PARTICIPANTS = EVERYONE - {"suspended"}
NOT_AUTHOR = PARTICIPANTS - {"author"}

S = Stage
OPEN = (S.PUBLISHED, S.POTENTIAL, S.DEPLOYED)
STAGES = [S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED, S.REJECTED, S.PUBLISHED, S.POTENTIAL, S.DEPLOYED]


def _by_stage(default=frozenset(), **stages):
    return {stage: frozenset(stages.get(stage, default)) for stage in STAGES}


# action → stage → the roles that succeed
MATRIX = {
    "view": _by_stage(
        draft={"author"}, submitted=REVIEWERS, changes_requested=REVIEWERS, rejected=REVIEWERS,
        published=EVERYONE, potential=EVERYONE, deployed=EVERYONE,
    ),
    "edit": _by_stage(draft={"author"}, changes_requested={"author"}),
    "submit": _by_stage(draft={"author"}, changes_requested={"author"}),
    "delete": _by_stage(draft={"author"}),
    "support": _by_stage(**{stage: NOT_AUTHOR for stage in OPEN}),
    "comment": _by_stage(**{stage: PARTICIPANTS for stage in OPEN}),
    "approve": _by_stage(submitted=VALIDATORS),
    "request_changes": _by_stage(submitted=VALIDATORS),
    "reject": _by_stage(submitted=VALIDATORS),
    "report": _by_stage(**{stage: NOT_AUTHOR for stage in OPEN}),
    "hide": _by_stage(**{stage: {"community_manager"} for stage in STAGES if stage != S.DRAFT}),
    "merge": _by_stage(published=VALIDATORS),
}


@pytest.fixture
def cast(theme, other_theme, department, sibling_division):
    manager = UserFactory(first_name="Mona", last_name="Manager", entity=department)
    CorrespondentAssignmentFactory(user=manager, theme=theme)
    author = UserFactory(first_name="Alice", last_name="Author", entity=department, manager=manager)
    correspondent = UserFactory(entity=sibling_division)
    CorrespondentAssignmentFactory(user=correspondent, theme=theme)
    other = UserFactory(entity=sibling_division)
    CorrespondentAssignmentFactory(user=other, theme=other_theme)
    suspended = UserFactory(entity=department, suspended_until=timezone.now() + timedelta(days=3))
    from accounts.models import RoleAssignment

    return {
        "author": author, "manager": manager, "colleague": UserFactory(entity=department),
        "correspondent": correspondent, "other_correspondent": other,
        "community_manager": UserFactory(entity=sibling_division, roles=[RoleAssignment.Role.COMMUNITY_MANAGER]),
        "executive": UserFactory(entity=sibling_division, roles=[RoleAssignment.Role.EXECUTIVE]),
        "suspended": suspended, "anonymous": None,
    }


def _attempt(action, client, idea, user, cast):
    """Try `action` through its view; True when it took effect."""
    pk = idea.pk
    if action == "view":
        return client.get(reverse("ideas:detail", args=[pk])).status_code == 200
    if action == "edit":
        return client.get(reverse("ideas:update", args=[pk])).status_code == 200
    if action == "submit":
        client.post(reverse("ideas:submit", args=[pk]))
        return idea.stage != S.SUBMITTED and Idea.objects.get(pk=pk).stage == S.SUBMITTED
    if action == "delete":
        client.post(reverse("ideas:delete", args=[pk]))
        return not Idea.objects.filter(pk=pk).exists()
    if action == "support":
        client.post(reverse("ideas:support", args=[pk]), {"action": "support"})
        return user is not None and Vote.objects.filter(idea_id=pk, user=user).exists()
    if action == "comment":
        client.post(reverse("ideas:comment", args=[pk]), {"body": "My two cents"})
        return user is not None and Comment.objects.filter(idea_id=pk, author=user).exists()
    if action in ("approve", "request_changes", "reject"):
        client.post(reverse("moderation:decide", args=[pk, action]), {"reason": "See my note"})
        expected = {"approve": S.PUBLISHED, "request_changes": S.CHANGES_REQUESTED, "reject": S.REJECTED}[action]
        return idea.stage != expected and Idea.objects.get(pk=pk).stage == expected
    if action == "report":
        client.post(reverse("moderation:flag", args=["idea", pk]), {"reason": "Not nice"})
        return user is not None and Flag.objects.filter(idea_id=pk, user=user).exists()
    if action == "hide":
        client.post(reverse("moderation:hide", args=["idea", pk]), {"reason": "Not nice"})
        return Idea.objects.get(pk=pk).hidden_at is not None
    if action == "merge":
        target = IdeaFactory(author=cast["colleague"], theme=idea.theme, stage=S.PUBLISHED, moderator=cast["community_manager"])
        client.post(reverse("moderation:merge", args=[pk]), {"target": target.pk, "reason": "Duplicate"})
        return Idea.objects.get(pk=pk).stage == S.MERGED
    raise AssertionError(action)


CASES = [pytest.param(action, stage, id=f"{action}-{stage}") for action in MATRIX for stage in STAGES]


@pytest.mark.parametrize(("action", "stage"), CASES)
def test_exactly_the_roles_of_the_matrix_succeed(action, stage, cast, client_for, theme):
    allowed = MATRIX[action][stage]
    outcome = {}
    for role in ROLES:
        # A fresh idea per attempt: a successful action must not change the next one's start.
        idea = IdeaFactory(author=cast["author"], theme=theme, stage=stage, moderator=cast["community_manager"],
                           executive=cast["executive"])
        user = cast[role]
        outcome[role] = _attempt(action, client_for(user), idea, user, cast)
    succeeded = {role for role, done in outcome.items() if done}
    assert succeeded == allowed, f"{action} on a {stage} idea: expected {sorted(allowed)}, got {sorted(succeeded)}"


def test_every_refusal_is_a_clear_status_never_a_server_error(cast, client_for, theme):
    """Refused attempts answer 403/404 (or the login page), never 500."""
    idea = IdeaFactory(author=cast["author"], theme=theme, stage=S.SUBMITTED, moderator=cast["community_manager"])
    colleague = client_for(cast["colleague"])
    statuses = {
        colleague.get(reverse("ideas:detail", args=[idea.pk])).status_code,
        colleague.post(reverse("moderation:decide", args=[idea.pk, "approve"])).status_code,
        colleague.post(reverse("moderation:flag", args=["idea", idea.pk]), {"reason": "x"}).status_code,
        colleague.post(reverse("moderation:hide", args=["idea", idea.pk]), {"reason": "x"}).status_code,
        colleague.post(reverse("moderation:merge", args=[idea.pk]), {"target": idea.pk, "reason": "x"}).status_code,
        client_for(cast["manager"]).post(reverse("moderation:decide", args=[idea.pk, "approve"])).status_code,
    }
    assert statuses <= {403, 404}
    assert client_for(None).post(reverse("moderation:decide", args=[idea.pk, "approve"])).status_code == 302
