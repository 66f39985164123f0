"""manage.py seed_demo: a whole company with every role and every stage, built through the
services, safe to run twice; and the demo logins shown on the login page."""

from datetime import timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils import timezone, translation

from accounts.models import Entity, RoleAssignment, User
from accounts.roles import manages
from demo.logins import demo_logins
from demo.management.commands.seed_demo import DEMO_PASSWORD
from demo.organisation import DOMAIN, GROUP_CODE
from ideas.models import PUBLIC_STAGES, Comment, Idea, Stage, StageChange, Vote
from moderation.models import AuditEntry, CorrespondentAssignment

pytestmark = pytest.mark.django_db

PIPELINE_STAGES = {Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT, Stage.DEPLOYED, Stage.NOT_RETAINED}
EXPECTED_STAGES = {
    Stage.DRAFT, Stage.SUBMITTED, Stage.CHANGES_REQUESTED, Stage.PUBLISHED, Stage.REJECTED,
    Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT, Stage.DEPLOYED, Stage.NOT_RETAINED, Stage.MERGED,
}


def seed_demo() -> str:
    out = StringIO()
    # Commands speak the active language; these tests read English.
    with translation.override("en"):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {
        "entities": Entity.objects.count(),
        "users": User.objects.count(),
        "emails": EmailAddress.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "correspondents": CorrespondentAssignment.objects.count(),
        "ideas": Idea.objects.count(),
        "stage_changes": StageChange.objects.count(),
        "comments": Comment.objects.count(),
        "votes": Vote.objects.count(),
    }


@pytest.mark.slow
def test_seed_demo_creates_people_with_every_role_in_a_management_hierarchy():
    seed_demo()

    people = User.objects.filter(email__endswith=f"@{DOMAIN}")
    assert people.count() >= 55
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == set(RoleAssignment.Role.values)
    administrator = User.objects.get(role_assignments__role=RoleAssignment.Role.ADMINISTRATOR)
    assert administrator.is_superuser and administrator.is_staff
    assert CorrespondentAssignment.objects.values("theme").distinct().count() == 6
    assert CorrespondentAssignment.objects.filter(entities__isnull=False).exists()
    plain = people.filter(role_assignments__isnull=True, correspondent_assignments__isnull=True, reports__isnull=True)
    assert plain.count() >= 30
    # Directors over managers over employees: someone sits three levels down.
    assert any(user.management_path.count("/") == 4 for user in people)
    assert all(user.check_password(DEMO_PASSWORD) for user in people[:3])
    assert EmailAddress.objects.filter(user__in=people, verified=True, primary=True).count() == people.count()
    assert Entity.objects.get(code=GROUP_CODE).children.count() >= 2
    assert Entity.objects.filter(kind=Entity.Kind.DEPARTMENT).count() >= 5


@pytest.mark.slow
def test_seed_demo_puts_ideas_in_every_stage_over_every_theme_and_six_months():
    seed_demo()

    assert Idea.objects.count() >= 75
    assert set(Idea.objects.values_list("stage", flat=True)) == EXPECTED_STAGES
    assert Idea.objects.values("theme").distinct().count() == 6
    oldest = Idea.objects.order_by("created_at").first().created_at
    assert timedelta(days=120) < timezone.now() - oldest <= timedelta(days=190)
    # Every idea past the draft stage has a history, and each row follows the lifecycle.
    assert not Idea.objects.exclude(stage=Stage.DRAFT).filter(stage_changes__isnull=True).exists()
    for idea in Idea.objects.exclude(stage=Stage.DRAFT).prefetch_related("stage_changes"):
        changes = list(idea.stage_changes.all())
        assert changes[0].from_stage == Stage.DRAFT and changes[-1].to_stage == idea.stage
        assert all(a.to_stage == b.from_stage and a.created_at <= b.created_at for a, b in zip(changes, changes[1:]))


@pytest.mark.slow
def test_seed_demo_supports_and_comments_match_the_idea_counters():
    seed_demo()

    # Comments hidden by moderation are not counted: colleagues cannot read them.
    visible = Q(comments__hidden_at__isnull=True, comments__deleted_at__isnull=True)
    ideas = Idea.objects.annotate(
        votes_n=Count("votes", distinct=True), comments_n=Count("comments", filter=visible, distinct=True)
    )
    assert all(idea.support_count == idea.votes_n for idea in ideas)
    assert all(idea.comment_count == idea.comments_n for idea in ideas)
    assert Vote.objects.count() > 300
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert not Vote.objects.exclude(idea__stage__in=PUBLIC_STAGES).exists()
    assert not Comment.objects.exclude(idea__stage__in=PUBLIC_STAGES).exists()
    assert not Vote.objects.filter(user=F("idea__author")).exists()
    assert Vote.objects.filter(created_at__gte=timezone.now() - timedelta(days=7)).count() >= 20


@pytest.mark.slow
def test_seed_demo_never_lets_anyone_decide_on_their_own_idea_or_their_teams():
    seed_demo()

    decisions = StageChange.objects.exclude(to_stage=Stage.SUBMITTED).select_related("actor", "idea__author")
    assert decisions.count() > 50
    for change in decisions:
        assert change.actor_id != change.idea.author_id, change
        assert not manages(change.actor, change.idea.author), change
    # Submitting is the author's own step.
    submissions = StageChange.objects.filter(to_stage=Stage.SUBMITTED).select_related("idea")
    assert all(change.actor_id == change.idea.author_id for change in submissions)


@pytest.mark.slow
def test_seed_demo_takes_ideas_through_the_pipeline_with_notes_owners_and_benefits():
    seed_demo()

    assert PIPELINE_STAGES <= set(Idea.objects.values_list("stage", flat=True))
    steps = StageChange.objects.filter(to_stage__in=PIPELINE_STAGES).select_related("actor", "idea__author")
    for change in steps:
        assert change.actor_id != change.idea.author_id and change.actor_id != change.idea.author.manager_id
        assert change.reason.strip(), change  # every step has its decision note
    assert not steps.filter(to_stage__in=[Stage.PROJECT, Stage.PILOT, Stage.DEPLOYED], owner__isnull=True).exists()
    carried = Idea.objects.filter(stage__in=[Stage.PROJECT, Stage.PILOT, Stage.DEPLOYED])
    assert carried.exists() and not carried.filter(owner__isnull=True).exists()
    for idea in Idea.objects.filter(stage=Stage.DEPLOYED):
        assert idea.benefit_savings_eur is not None or idea.benefit_quality
    # Each step went through the pipeline service, which audits it.
    assert AuditEntry.objects.filter(action=AuditEntry.Action.STAGE_CHANGE).count() == steps.count()


@pytest.mark.slow
def test_seed_demo_run_twice_changes_nothing_and_prints_the_logins_again():
    first = seed_demo()
    counts = row_counts()

    second = seed_demo()

    assert row_counts() == counts
    assert "already present" in second
    for output in (first, second):
        assert DEMO_PASSWORD in output
        assert f"@{DOMAIN}" in output


@pytest.mark.slow
def test_demo_logins_name_one_person_per_role_in_three_queries(django_assert_num_queries):
    seed_demo()

    with django_assert_num_queries(3):
        logins = demo_logins()

    assert [login["role"] for login in logins] == [
        "employee", "correspondent", "community_manager", "executive", "administrator",
    ]
    assert all(login["email"].endswith(f"@{DOMAIN}") and login["entity"] for login in logins)
    assert logins == demo_logins()
    employee = User.objects.get(email=logins[0]["email"])
    assert not employee.role_assignments.exists() and not employee.correspondent_assignments.exists()


def test_demo_logins_are_empty_without_demo_data():
    assert demo_logins() == []


@pytest.mark.slow
def test_seed_demo_gives_community_managers_a_merge_reports_and_hidden_comments_to_work_on():
    from moderation.models import AuditEntry, Flag, Sanction

    seed_demo()

    merged = Idea.objects.get(stage=Stage.MERGED)
    assert merged.merged_into.stage in PUBLIC_STAGES and merged.merged_into.coauthors.filter(user=merged.author).exists()
    assert Comment.objects.filter(hidden_at__isnull=False).count() == 2
    assert Flag.objects.filter(resolved_at__isnull=True).exists()
    assert Sanction.objects.filter(kind=Sanction.Kind.WARNING).count() == 1
    assert AuditEntry.objects.filter(action=AuditEntry.Action.MERGE).count() == 1


@pytest.mark.slow
# Transactional, so that the notifications are delivered after each commit as in `make run`
# (and so with the migrations' data written again: an earlier transactional test flushed it).
@pytest.mark.django_db(transaction=True)
def test_seed_demo_summary_speaks_english_with_stage_names_and_leaves_a_believable_few_unread(migrations_data):
    from notifications.services import unread_count

    out = StringIO()
    with translation.override("fr"):  # the site's default language: the summary still speaks English
        call_command("seed_demo", stdout=out)
    summary = out.getvalue()

    assert "Demo data created:" in summary and "Ideas by stage:" in summary
    assert "awaiting validation" in summary and "has potential" in summary
    assert "submitted " not in summary and "potential " not in summary.replace("has potential", "")
    unread = {login["email"]: unread_count(user_id=User.objects.get(email=login["email"]).pk) for login in demo_logins()}
    assert all(count <= 6 for count in unread.values()), unread
    assert any(count > 0 for count in unread.values()), unread
