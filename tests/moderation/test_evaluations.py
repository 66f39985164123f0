"""Expert evaluation: community managers name experts for ideas with potential or awaiting
analysis, experts score the criteria blind to each other, top managers read the aggregate
on the pipeline decision page."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.roles import Role
from ideas.models import Stage
from moderation import events
from moderation.evaluations import evaluation_submit, evaluators_assign
from moderation.models import Evaluation, EvaluationCriterion, Score
from tests.factories import EntityFactory, IdeaFactory, UserFactory

FULL_MARKS = {"impact": 5, "feasibility": 4, "cost": 3, "strategic-fit": 5}
LOW_MARKS = {"impact": 3, "feasibility": 2, "cost": 3, "strategic-fit": 1}


@pytest.fixture
def idea(author, theme, community_manager, executive):
    return IdeaFactory(author=author, theme=theme, stage=Stage.POTENTIAL, title="Share the printers between floors",
                       moderator=community_manager, executive=executive)


@pytest.fixture
def experts(group):
    """Two experts from business units far from the author's."""
    return [UserFactory(first_name="Xavier", last_name="Expert", entity=EntityFactory(parent=group)),
            UserFactory(first_name="Yasmine", last_name="Expert", entity=EntityFactory(parent=group))]


@pytest.fixture
def asked(idea, experts, community_manager):
    return {e.evaluator_id: e for e in evaluators_assign(idea=idea, evaluators=experts, by=community_manager)}


def _form(scores, comment="Cheap and quick to test on one floor."):
    return {**{code: str(value) for code, value in scores.items()}, "comment": comment}


def _submit_through_page(client_for, expert, evaluation, scores, comment="Cheap and quick to test on one floor."):
    return client_for(expert).post(reverse("moderation:evaluation", args=[evaluation.pk]), _form(scores, comment))


# --- Defaults -------------------------------------------------------------------------------

def test_the_four_default_criteria_are_seeded_with_both_languages(db):
    criteria = list(EvaluationCriterion.objects.filter(is_active=True).order_by("position"))
    assert [c.code for c in criteria] == ["impact", "feasibility", "cost", "strategic-fit"]
    assert all(c.name_fr and c.name_en and c.help_fr and c.help_en for c in criteria)


# --- Naming experts -------------------------------------------------------------------------

def test_a_community_manager_asks_experts_from_any_business_unit(client_for, community_manager, idea, experts):
    response = client_for(community_manager).post(
        reverse("moderation:idea_evaluations", args=[idea.pk]),
        {"evaluators": f"{experts[0].email}, {experts[1].email.upper()}"},
    )
    assert response.status_code == 302
    assert set(Evaluation.objects.filter(idea=idea).values_list("evaluator_id", flat=True)) == {e.pk for e in experts}


def test_asking_the_same_expert_twice_creates_one_evaluation(community_manager, idea, experts, asked):
    assert evaluators_assign(idea=idea, evaluators=experts, by=community_manager) == []
    assert Evaluation.objects.filter(idea=idea).count() == 2


def test_the_author_cannot_be_asked_to_evaluate_their_own_idea(client_for, community_manager, idea, author):
    response = client_for(community_manager).post(reverse("moderation:idea_evaluations", args=[idea.pk]),
                                                  {"evaluators": author.email})
    assert response.status_code == 400
    assert "wrote this idea" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_the_database_keeps_one_evaluation_per_idea_and_expert(idea, experts, community_manager, asked):
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.create(idea=idea, evaluator=experts[0], requested_by=community_manager)


@pytest.mark.parametrize("role", ["colleague", "correspondent", "executive", "author"])
def test_only_community_managers_ask_experts(request, client_for, role, idea, experts):
    user = request.getfixturevalue(role)
    response = client_for(user).post(reverse("moderation:idea_evaluations", args=[idea.pk]),
                                     {"evaluators": experts[0].email})
    assert response.status_code == 403
    assert not Evaluation.objects.exists()


def test_only_ideas_with_potential_or_in_analysis_are_evaluated(client_for, community_manager, author, theme, experts):
    published = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager)
    response = client_for(community_manager).post(reverse("moderation:idea_evaluations", args=[published.pk]),
                                                  {"evaluators": experts[0].email})
    assert response.status_code == 403


def test_asking_an_expert_is_an_event_after_commit(idea, experts, community_manager, django_capture_on_commit_callbacks):
    received = []

    def listener(sender, evaluation, idea, evaluator, by, **kwargs):
        received.append((evaluator.pk, idea.pk, by.pk))

    events.evaluation_requested.connect(listener, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            evaluators_assign(idea=idea, evaluators=experts[:1], by=community_manager)
    finally:
        events.evaluation_requested.disconnect(listener)
    assert received == [(experts[0].pk, idea.pk, community_manager.pk)]


# --- Scoring --------------------------------------------------------------------------------

def test_an_expert_finds_the_idea_in_their_evaluations_to_do_and_scores_it(client_for, experts, asked, idea):
    client = client_for(experts[0])
    page = client.get(reverse("moderation:evaluations")).content.decode()
    assert idea.title in page and reverse("moderation:evaluation", args=[asked[experts[0].pk].pk]) in page
    response = _submit_through_page(client_for, experts[0], asked[experts[0].pk], FULL_MARKS)
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(pk=asked[experts[0].pk].pk)
    assert evaluation.submitted_at is not None and evaluation.comment
    assert {s.criterion.code: s.value for s in evaluation.scores.select_related("criterion")} == FULL_MARKS
    assert "No evaluation waits for you." in client.get(reverse("moderation:evaluations")).content.decode()


def test_every_criterion_needs_a_score_within_the_scale_and_a_comment(client_for, experts, asked):
    evaluation = asked[experts[0].pk]
    response = _submit_through_page(client_for, experts[0], evaluation, {**FULL_MARKS, "cost": 6}, comment="")
    assert response.status_code == 400
    assert not Score.objects.exists()
    assert Evaluation.objects.get(pk=evaluation.pk).submitted_at is None


def test_the_database_refuses_a_score_outside_1_to_5(experts, asked):
    criterion = EvaluationCriterion.objects.get(code="impact")
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(evaluation=asked[experts[0].pk], criterion=criterion, value=6)


def test_a_submitted_evaluation_is_final(client_for, experts, asked):
    evaluation = asked[experts[0].pk]
    _submit_through_page(client_for, experts[0], evaluation, FULL_MARKS)
    response = _submit_through_page(client_for, experts[0], evaluation, LOW_MARKS)
    assert response.status_code == 302
    assert sorted(Score.objects.filter(evaluation=evaluation).values_list("value", flat=True)) == sorted(FULL_MARKS.values())


def test_nobody_else_opens_or_submits_an_experts_evaluation(client_for, experts, asked, community_manager):
    evaluation = asked[experts[0].pk]
    assert client_for(experts[1]).get(reverse("moderation:evaluation", args=[evaluation.pk])).status_code == 404
    assert client_for(community_manager).post(reverse("moderation:evaluation", args=[evaluation.pk]),
                                              _form(FULL_MARKS)).status_code == 404
    assert not Score.objects.exists()


def test_once_the_idea_moves_on_it_can_no_longer_be_scored(client_for, experts, asked, idea, executive):
    from moderation.pipeline import idea_pipeline_step

    idea_pipeline_step(idea=idea, to_stage=Stage.NOT_RETAINED, by=executive, note="Done elsewhere already.")
    response = _submit_through_page(client_for, experts[0], asked[experts[0].pk], FULL_MARKS)
    assert response.status_code == 403
    assert not Score.objects.exists()


# --- Independence and who reads the scores ------------------------------------------------

def test_an_expert_sees_no_other_score_before_submitting_their_own(client_for, experts, asked, idea):
    _submit_through_page(client_for, experts[0], asked[experts[0].pk], FULL_MARKS, comment="SECRET-COMMENT-A")
    second = client_for(experts[1])
    page = second.get(reverse("moderation:evaluation", args=[asked[experts[1].pk].pk])).content.decode()
    assert "SECRET-COMMENT-A" not in page and "Mean" not in page
    assert second.get(reverse("moderation:idea_evaluations", args=[idea.pk])).status_code == 403
    # Then they submit, and read the first expert's scores and comment.
    _submit_through_page(client_for, experts[1], asked[experts[1].pk], LOW_MARKS)
    page = second.get(reverse("moderation:evaluation", args=[asked[experts[1].pk].pk])).content.decode()
    assert "SECRET-COMMENT-A" in page and "Mean" in page


def test_a_top_manager_asked_as_expert_does_not_see_the_scores_before_submitting(client_for, idea, community_manager,
                                                                                   experts, sibling_division):
    director = UserFactory(entity=sibling_division, roles=[Role.EXECUTIVE])
    evaluators_assign(idea=idea, evaluators=[experts[0], director], by=community_manager)
    first = Evaluation.objects.get(idea=idea, evaluator=experts[0])
    _submit_through_page(client_for, experts[0], first, FULL_MARKS, comment="SECRET-COMMENT-A")
    page = client_for(director).get(reverse("moderation:pipeline_decide", args=[idea.pk])).content.decode()
    assert "SECRET-COMMENT-A" not in page and "Expert evaluation" not in page


def test_top_managers_read_the_aggregate_on_the_pipeline_decision_page(client_for, executive, experts, asked, idea):
    _submit_through_page(client_for, experts[0], asked[experts[0].pk], FULL_MARKS)
    _submit_through_page(client_for, experts[1], asked[experts[1].pk], LOW_MARKS)
    response = client_for(executive).get(reverse("moderation:pipeline_decide", args=[idea.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Expert evaluation" in page
    assert "2 experts have submitted, 0 still to come." in page
    # Impact 5 and 3: mean 4.0, range 3–5, population standard deviation 1.00.
    assert "<th scope=\"row\">Impact</th>" in page and "4.0" in page and "3–5" in page and "1.00" in page


@pytest.mark.parametrize("role", ["colleague", "correspondent", "author"])
def test_employees_do_not_read_the_scores(request, client_for, role, experts, asked, idea):
    _submit_through_page(client_for, experts[0], asked[experts[0].pk], FULL_MARKS, comment="SECRET-COMMENT-A")
    user = request.getfixturevalue(role)
    client = client_for(user)
    assert client.get(reverse("moderation:idea_evaluations", args=[idea.pk])).status_code == 403
    assert "SECRET-COMMENT-A" not in client.get(idea.get_absolute_url()).content.decode()


def test_the_service_refuses_a_submission_by_someone_else(experts, asked):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        evaluation_submit(evaluation=asked[experts[0].pk], by=experts[1], scores=FULL_MARKS, comment="Mine.")


# --- Console and query counts --------------------------------------------------------------

def test_the_console_counts_pending_evaluations_for_community_managers(client_for, community_manager, asked):
    page = client_for(community_manager).get(reverse("moderation:console")).content.decode()
    assert "Expert evaluations pending" in page


def _ask_more(idea, community_manager, count, group):
    people = [UserFactory(entity=EntityFactory(parent=group)) for _ in range(count)]
    evaluators_assign(idea=idea, evaluators=people, by=community_manager)
    for person in people:
        evaluation_submit(evaluation=Evaluation.objects.get(idea=idea, evaluator=person), by=person,
                          scores=FULL_MARKS, comment="Worth a pilot.")


def test_the_evaluation_page_asks_the_same_questions_for_2_and_8_experts(client_for, executive, idea, community_manager,
                                                                         group, django_assert_num_queries):
    from tests.support import queries_of

    client = client_for(executive)
    url = reverse("moderation:idea_evaluations", args=[idea.pk])
    _ask_more(idea, community_manager, 2, group)
    few, _ = queries_of(lambda: client.get(url))
    _ask_more(idea, community_manager, 6, group)
    many, _ = queries_of(lambda: client.get(url))
    assert few == many


def test_the_evaluations_to_do_page_asks_the_same_questions_for_1_and_6_ideas(client_for, experts, author, theme,
                                                                            community_manager, executive):
    from tests.support import queries_of

    expert = experts[0]

    def ask(count):
        for _ in range(count):
            idea = IdeaFactory(author=author, theme=theme, stage=Stage.POTENTIAL, moderator=community_manager,
                               executive=executive)
            evaluators_assign(idea=idea, evaluators=[expert], by=community_manager)

    client = client_for(expert)
    ask(1)
    few, _ = queries_of(lambda: client.get(reverse("moderation:evaluations")))
    ask(5)
    many, _ = queries_of(lambda: client.get(reverse("moderation:evaluations")))
    assert few == many


# --- Notifications, reminders and points ----------------------------------------------------

def test_an_expert_is_notified_when_asked_with_a_link_to_the_scoring_form(idea, experts, community_manager,
                                                                         django_capture_on_commit_callbacks, english):
    from notifications.models import Kind, Notification
    from notifications.texts import describe, target_url

    with django_capture_on_commit_callbacks(execute=True):
        created = evaluators_assign(idea=idea, evaluators=experts[:1], by=community_manager)
    notification = Notification.objects.get(recipient=experts[0], kind=Kind.EVALUATION_REQUESTED)
    assert describe(notification) == f"Camille Manager asks you to evaluate “{idea.title}” as an expert."
    assert target_url(notification) == reverse("moderation:evaluation", args=[created[0].pk])


def test_reminders_go_to_experts_late_by_more_than_n_days_once_a_day(idea, experts, community_manager, asked):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from notifications.models import Kind, Notification

    late, recent = asked[experts[0].pk], asked[experts[1].pk]
    Evaluation.objects.filter(pk=late.pk).update(requested_at=timezone.now() - timedelta(days=6))
    call_command("remind_evaluations", "--days", "5")
    call_command("remind_evaluations", "--days", "5")  # the same day: nothing more
    reminders = Notification.objects.filter(kind=Kind.EVALUATION_REMINDER)
    assert list(reminders.values_list("recipient_id", flat=True)) == [experts[0].pk]
    assert reminders.get().data["evaluation"] == late.pk
    # Submitted evaluations are not reminded of.
    evaluation_submit(evaluation=late, by=experts[0], scores=FULL_MARKS, comment="Done.")
    from notifications.reminders import evaluation_reminders_send

    assert evaluation_reminders_send(days=5, now=timezone.now() + timedelta(days=1)) == 0
    assert recent.pk not in [n.data["evaluation"] for n in reminders]


def test_submitting_an_evaluation_earns_the_experts_points_once(experts, asked, django_capture_on_commit_callbacks):
    from gamification.models import LedgerEntry, PointsRule

    rule = PointsRule.objects.get(code=PointsRule.Code.EVALUATION_SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_submit(evaluation=asked[experts[0].pk], by=experts[0], scores=FULL_MARKS, comment="Worth a pilot.")
    entries = LedgerEntry.objects.filter(user=experts[0], rule=rule)
    assert [e.points for e in entries] == [rule.points] and rule.points > 0
    assert not LedgerEntry.objects.filter(user=experts[1], rule=rule).exists()
