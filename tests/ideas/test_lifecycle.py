"""The idea lifecycle: every listed transition works for the role it names, writes one
history row, and nothing else moves an idea."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.errors import TransitionRefused
from ideas.models import Idea, Stage, StageChange
from ideas.services import TRANSITIONS, idea_submit, idea_transition
from ideas.services.lifecycle import REASON_REQUIRED, allowed_targets
from moderation.services import idea_approve, idea_reject, idea_request_changes
from tests.factories import STAGE_PATHS, IdeaFactory, UserFactory

# Who takes each step: the permission named in TRANSITIONS decides it.
ACTOR_FOR_PERMISSION = {
    "ideas.submit_idea": "author",
    "moderation.approve_idea": "correspondent",
    "moderation.request_changes_idea": "correspondent",
    "moderation.reject_idea": "correspondent",
    "moderation.mark_potential_idea": "correspondent",
    "moderation.merge_idea": "community_manager",
    "moderation.decide_idea": "executive",
}

TRANSITION_CASES = [pytest.param(frm, to, id=f"{frm}->{to}") for (frm, to) in TRANSITIONS]


def _history(idea):
    return list(StageChange.objects.filter(idea=idea).values_list("from_stage", "to_stage", "actor_id", "reason"))


@pytest.mark.parametrize(("from_stage", "to_stage"), TRANSITION_CASES)
def test_each_listed_transition_moves_the_idea_and_writes_exactly_one_history_row(
    from_stage, to_stage, author, correspondent, community_manager, executive
):
    # Given an idea brought to `from_stage` through the services
    idea = IdeaFactory(author=author, stage=from_stage, moderator=correspondent, executive=executive)
    actor = {"author": author, "correspondent": correspondent, "community_manager": community_manager,
             "executive": executive}[ACTOR_FOR_PERMISSION[TRANSITIONS[(from_stage, to_stage)]]]
    reason = "Because the figures say so." if to_stage in REASON_REQUIRED else ""
    rows_before = StageChange.objects.filter(idea=idea).count()

    # When the role named by the lifecycle takes the step (a merge names the idea it goes into)
    into = IdeaFactory(author=actor, stage=Stage.PUBLISHED, moderator=correspondent) if to_stage == Stage.MERGED else None
    idea_transition(idea=idea, to_stage=to_stage, by=actor, reason=reason, merged_into=into)

    # Then the idea is at the new stage, and one history row says who, from, to and why
    assert Idea.objects.get(pk=idea.pk).stage == to_stage
    assert idea.stage == to_stage
    assert StageChange.objects.filter(idea=idea).count() == rows_before + 1
    last = StageChange.objects.filter(idea=idea).latest("created_at", "id")
    assert (last.from_stage, last.to_stage, last.actor_id, last.reason) == (from_stage, to_stage, actor.pk, reason)


REACHABLE_STAGES = [stage for stage in Stage if stage in STAGE_PATHS]


@pytest.mark.parametrize("from_stage", REACHABLE_STAGES)
def test_a_transition_not_listed_from_the_current_stage_is_refused_and_leaves_no_trace(
    from_stage, author, correspondent, executive
):
    # Given an idea at `from_stage`
    idea = IdeaFactory(author=author, stage=from_stage, moderator=correspondent, executive=executive)
    history = _history(idea)
    refused = [to for to in Stage if to not in allowed_targets(from_stage)]
    assert refused

    for to_stage in refused:
        # When anyone, even the one who could otherwise decide, asks for an unlisted move
        for actor in (author, correspondent, executive):
            with pytest.raises(TransitionRefused):
                idea_transition(idea=idea, to_stage=to_stage, by=actor, reason="Trying anyway.")

    # Then nothing changed and no history row was written
    assert Idea.objects.get(pk=idea.pk).stage == from_stage
    assert _history(idea) == history


def test_stages_that_end_the_path_lead_nowhere():
    assert allowed_targets(Stage.DEPLOYED) == []
    assert allowed_targets(Stage.NOT_RETAINED) == []
    assert allowed_targets(Stage.REJECTED) == []
    assert allowed_targets(Stage.MERGED) == []


@pytest.mark.parametrize(("decide", "to_stage"), [(idea_request_changes, Stage.CHANGES_REQUESTED), (idea_reject, Stage.REJECTED)])
@pytest.mark.parametrize("reason", ["", "   \n "])
def test_asking_for_changes_or_rejecting_without_a_reason_changes_nothing(decide, to_stage, reason, author, correspondent):
    idea = IdeaFactory(author=author, stage=Stage.SUBMITTED)
    history = _history(idea)

    with pytest.raises(ValidationError) as refused:
        decide(idea=idea, by=correspondent, reason=reason)

    assert "reason" in refused.value.message_dict
    assert Idea.objects.get(pk=idea.pk).stage == Stage.SUBMITTED
    assert _history(idea) == history


def test_not_retaining_an_idea_needs_a_reason(author, executive):
    idea = IdeaFactory(author=author, stage=Stage.ANALYSIS, executive=executive)

    with pytest.raises(ValidationError):
        idea_transition(idea=idea, to_stage=Stage.NOT_RETAINED, by=executive)

    assert Idea.objects.get(pk=idea.pk).stage == Stage.ANALYSIS


@pytest.mark.parametrize("role", ["colleague", "author", "other_theme_correspondent", "executive"])
def test_only_a_moderator_in_scope_may_approve(role, people, executive, author):
    people = {**people, "executive": executive}
    idea = IdeaFactory(author=author, stage=Stage.SUBMITTED)

    with pytest.raises(PermissionDenied):
        idea_approve(idea=idea, by=people[role])

    assert Idea.objects.get(pk=idea.pk).stage == Stage.SUBMITTED
    assert not StageChange.objects.filter(idea=idea, to_stage=Stage.PUBLISHED).exists()


def test_a_colleague_cannot_submit_someone_elses_draft(author, colleague):
    idea = IdeaFactory(author=author, stage=Stage.DRAFT)

    with pytest.raises(PermissionDenied):
        idea_submit(idea=idea, by=colleague)

    assert Idea.objects.get(pk=idea.pk).stage == Stage.DRAFT


def test_a_correspondent_cannot_push_the_pipeline_which_belongs_to_top_managers(author, correspondent):
    idea = IdeaFactory(author=author, stage=Stage.POTENTIAL, moderator=correspondent)

    with pytest.raises(PermissionDenied):
        idea_transition(idea=idea, to_stage=Stage.ANALYSIS, by=correspondent)


def test_an_executive_cannot_decide_on_an_idea_of_their_direct_report(department, executive):
    report = UserFactory(entity=department, manager=executive)
    idea = IdeaFactory(author=report, stage=Stage.POTENTIAL)

    with pytest.raises(PermissionDenied):
        idea_transition(idea=idea, to_stage=Stage.ANALYSIS, by=executive)


def test_an_executive_higher_up_the_line_decides_on_the_pipeline(department, executive):
    # Line-manager censorship concerns validation; top managers (up to the CEO) decide on
    # the whole pipeline, so only the direct line manager is kept out.
    middle_manager = UserFactory(entity=department, manager=executive)
    idea = IdeaFactory(author=UserFactory(entity=department, manager=middle_manager), stage=Stage.POTENTIAL)

    idea_transition(idea=idea, to_stage=Stage.ANALYSIS, by=executive)

    assert Idea.objects.get(pk=idea.pk).stage == Stage.ANALYSIS


def test_submission_and_publication_are_dated(author, correspondent):
    idea = IdeaFactory(author=author, stage=Stage.DRAFT)
    assert idea.submitted_at is None and idea.published_at is None

    idea_submit(idea=idea, by=author)
    assert idea.submitted_at is not None and idea.published_at is None

    idea_approve(idea=idea, by=correspondent)
    assert idea.published_at is not None
    assert Idea.objects.get(pk=idea.pk).published_at == idea.published_at


def test_changes_requested_then_edited_resubmitted_and_approved(client_for, author, correspondent, theme):
    """The round trip of an idea that needed a second look, through the pages."""
    # Given an idea the correspondent sent back for changes
    idea = IdeaFactory(author=author, stage=Stage.SUBMITTED, title="Share the printers between floors")
    response = client_for(correspondent).post(
        reverse("moderation:decide", args=[idea.pk, "request_changes"]), {"reason": "How many printers?"}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.stage == Stage.CHANGES_REQUESTED

    # When the author reads the reason, edits the idea and submits it again
    author_client = client_for(author)
    assert "How many printers?" in author_client.get(reverse("ideas:mine")).content.decode()
    response = author_client.post(reverse("ideas:update", args=[idea.pk]), {
        "title": "Share the 40 printers between floors", "theme": theme.pk,
        "body": "We have 40 printers for 300 people.", "submit": "1",
    })
    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.stage, idea.title) == (Stage.SUBMITTED, "Share the 40 printers between floors")

    # And the correspondent approves it
    client_for(correspondent).post(reverse("moderation:decide", args=[idea.pk, "approve"]), {"reason": ""})

    # Then it is published, and the history tells the whole story in order
    idea.refresh_from_db()
    assert idea.stage == Stage.PUBLISHED
    assert _history(idea) == [
        (Stage.DRAFT, Stage.SUBMITTED, author.pk, ""),
        (Stage.SUBMITTED, Stage.CHANGES_REQUESTED, correspondent.pk, "How many printers?"),
        (Stage.CHANGES_REQUESTED, Stage.SUBMITTED, author.pk, ""),
        (Stage.SUBMITTED, Stage.PUBLISHED, correspondent.pk, ""),
    ]
    page = client_for(colleague_of(author)).get(idea.get_absolute_url()).content.decode()
    assert "How many printers?" in page  # the history panel shows the reasons


def colleague_of(user):
    return UserFactory(entity=user.entity)


def test_an_idea_is_merged_only_by_naming_the_idea_it_goes_into(author, community_manager, correspondent, english):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent)

    with pytest.raises(TransitionRefused, match="merge action"):
        idea_transition(idea=idea, to_stage=Stage.MERGED, by=community_manager, reason="Duplicate")

    assert Idea.objects.get(pk=idea.pk).stage == Stage.PUBLISHED
    assert not StageChange.objects.filter(idea=idea, to_stage=Stage.MERGED).exists()
