"""Points: who earns what for which contribution, reversals, caps and idempotence."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from gamification import receivers
from gamification.ledger import touch
from gamification.models import LedgerEntry, PointsRule, Score
from ideas.models import Comment, Vote
from ideas.services import comment_delete, comment_mark_helpful, comment_post, idea_transition, vote_cast, vote_withdraw
from moderation.content import content_hide, content_restore
from moderation.merges import ideas_merge, merge_undo
from moderation.sanctions import user_suspend
from tests.factories import IdeaFactory, Stage, UserFactory

from .conftest import ledger_sum, points_of, set_rule

Code = PointsRule.Code
pytestmark = pytest.mark.usefixtures("no_badge_points")


def entries(user, code):
    return list(
        LedgerEntry.objects.filter(user=user, rule__code=code).order_by("id").values_list("kind", "generation", "points")
    )


def test_publishing_an_idea_earns_its_author_ten_points_once(published_idea, author, moderator):
    assert points_of(author) == 10
    assert points_of(moderator) == 0

    # The same event handled again writes nothing.
    receivers.on_stage_changed(sender=None, idea=published_idea)
    touch(Code.IDEA_PUBLISHED, author.pk, published_idea.pk)

    assert entries(author, Code.IDEA_PUBLISHED) == [("award", 1, 10)]
    assert points_of(author) == ledger_sum(author) == 10


def test_the_database_refuses_a_second_award_of_the_same_generation(published_idea, author):
    award = LedgerEntry.objects.get(user=author)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            user=author, rule=award.rule, content_type=award.content_type, object_id=award.object_id,
            kind="award", generation=1, points=10, occurred_at=award.occurred_at,
        )


def test_a_support_earns_a_point_to_both_and_a_withdrawal_reverses_them(published_idea, author, colleague, live):
    with live():
        vote_cast(idea=published_idea, by=colleague)
    assert (points_of(colleague), points_of(author)) == (1, 11)

    with live():
        vote_withdraw(idea=published_idea, by=colleague)
    assert (points_of(colleague), points_of(author)) == (0, 10)
    assert entries(colleague, Code.SUPPORT_GIVEN) == [("award", 1, 1), ("reversal", 1, -1)]
    reversal = LedgerEntry.objects.get(user=colleague, kind="reversal")
    assert reversal.reversal_of.kind == "award" and reversal.occurred_at == reversal.reversal_of.occurred_at

    with live():
        vote_cast(idea=published_idea, by=colleague)
    assert (points_of(colleague), points_of(author)) == (1, 11)
    assert points_of(colleague) == ledger_sum(colleague) and points_of(author) == ledger_sum(author)


def test_commenting_on_ones_own_idea_earns_nothing(published_idea, author, live):
    with live():
        comment_post(idea=published_idea, by=author, body="Some more figures.")
    assert points_of(author) == 10


def test_a_deleted_comment_is_reversed(published_idea, colleague, live):
    with live():
        comment = comment_post(idea=published_idea, by=colleague, body="Good idea.")
    assert points_of(colleague) == 2
    with live():
        comment_delete(comment=comment, by=colleague)
    assert points_of(colleague) == 0
    assert entries(colleague, Code.COMMENT_POSTED) == [("award", 1, 2), ("reversal", 1, -2)]


def test_a_hidden_comment_is_reversed_and_earns_again_a_new_generation_when_restored(
    published_idea, colleague, community_manager, live
):
    with live():
        comment = comment_post(idea=published_idea, by=colleague, body="Good idea.")
    with live():
        content_hide(target=comment, by=community_manager, reason="Off topic.")
    assert points_of(colleague) == 0
    with live():
        content_restore(target=comment, by=community_manager, reason="On topic after all.")
    assert points_of(colleague) == 2
    assert entries(colleague, Code.COMMENT_POSTED) == [("award", 1, 2), ("reversal", 1, -2), ("award", 2, 2)]


def test_a_hidden_idea_loses_its_authors_points(published_idea, author, colleague, community_manager, live):
    with live():
        vote_cast(idea=published_idea, by=colleague)
        content_hide(target=published_idea, by=community_manager, reason="Confidential.")
    assert points_of(author) == 0
    # The supporter did nothing wrong.
    assert points_of(colleague) == 1


def test_a_comment_marked_helpful_earns_five_points_and_unmarking_reverses(published_idea, author, colleague, live):
    with live():
        comment = comment_post(idea=published_idea, by=colleague, body="Try the third floor first.")
        comment_mark_helpful(comment=comment, by=author)
    assert points_of(colleague) == 2 + 5
    with live():
        comment_mark_helpful(comment=comment, by=author, helpful=False)
    assert points_of(colleague) == 2
    assert entries(colleague, Code.COMMENT_HELPFUL) == [("award", 1, 5), ("reversal", 1, -5)]


def test_the_daily_cap_keeps_the_first_supports_of_the_day_and_a_withdrawal_frees_a_place(
    author, theme, moderator, colleague, live
):
    set_rule(Code.SUPPORT_GIVEN, daily_cap=2)
    with live():
        ideas = [IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=moderator) for _ in range(3)]
        for idea in ideas:
            vote_cast(idea=idea, by=colleague)
    assert points_of(colleague) == 2

    with live():
        vote_withdraw(idea=ideas[0], by=colleague)
    # The third support of the day now counts in place of the withdrawn one.
    assert points_of(colleague) == 2
    awarded = {row.object_id for row in LedgerEntry.objects.filter(user=colleague, kind="award")}
    reversed_ = {row.object_id for row in LedgerEntry.objects.filter(user=colleague, kind="reversal")}
    live_votes = set(Vote.objects.filter(user=colleague).values_list("pk", flat=True))
    assert (awarded - reversed_) == live_votes
    assert points_of(colleague) == ledger_sum(colleague)


def test_supports_received_are_capped_per_idea(published_idea, author, live):
    set_rule(Code.SUPPORT_RECEIVED, per_idea_cap=2)
    with live():
        for _ in range(3):
            vote_cast(idea=published_idea, by=UserFactory())
    assert points_of(author) == 10 + 2


def test_a_support_from_a_deactivated_account_does_not_count(published_idea, author, live):
    supporter = UserFactory()
    with live():
        vote_cast(idea=published_idea, by=supporter)
    assert points_of(author) == 11
    supporter.is_active = False
    supporter.save(update_fields=["is_active"])
    touch(Code.SUPPORT_RECEIVED, author.pk, published_idea.pk)
    assert points_of(author) == 10


def test_a_suspended_author_earns_nothing_while_suspended(published_idea, author, colleague, community_manager, live):
    with live():
        user_suspend(user=author, by=community_manager, days=7, reason="Insults.")
        vote_cast(idea=published_idea, by=colleague)
    assert points_of(author) == 10
    assert points_of(colleague) == 1


def test_potential_earns_thirty_and_deployment_is_shared_with_the_coauthors(
    author, colleague, theme, moderator, executive, community_manager, live
):
    with live():
        target = IdeaFactory(author=author, theme=theme, stage=Stage.POTENTIAL, moderator=moderator, executive=executive)
        source = IdeaFactory(author=colleague, theme=theme, stage=Stage.PUBLISHED, moderator=moderator)
    assert points_of(author) == 10 + 30
    with live():
        # Merging is only into an open idea: do it before the pipeline goes on.
        ideas_merge(source=source, target=target, by=community_manager, note="Same idea.")
        for stage in (Stage.ANALYSIS, Stage.PROJECT, Stage.DEPLOYED):
            idea_transition(idea=target, to_stage=stage, by=executive)
    assert points_of(author) == 10 + 30 + 50
    assert points_of(colleague) == 10 + 50

    with live():
        merge_undo(source=source, by=community_manager, reason="Not the same after all.")
    assert points_of(author) == 10 + 30 + 100
    assert points_of(colleague) == 10
    assert entries(colleague, Code.IDEA_DEPLOYED) == [("award", 1, 50), ("reversal", 1, -50)]


def test_a_merge_moves_the_supports_received_to_the_target_and_its_undo_moves_them_back(
    author, colleague, theme, moderator, community_manager, live
):
    supporters = [UserFactory() for _ in range(3)]
    with live():
        source = IdeaFactory(author=colleague, theme=theme, stage=Stage.PUBLISHED, moderator=moderator)
        target = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=moderator)
        for supporter in supporters:
            vote_cast(idea=source, by=supporter)
    assert points_of(colleague) == 10 + 3

    with live():
        ideas_merge(source=source, target=target, by=community_manager, note="Same idea.")
    assert points_of(colleague) == 10
    assert points_of(author) == 10 + 3
    # The supporters gave one support each: the merge's copies are not new ones.
    assert all(points_of(s) == 1 for s in supporters)

    with live():
        merge_undo(source=source, by=community_manager, reason="Different after all.")
    assert points_of(colleague) == 10 + 3
    assert points_of(author) == 10
    assert entries(colleague, Code.SUPPORT_RECEIVED)[-1] == ("award", 2, 1)


def test_a_moderator_moving_their_own_idea_earns_nothing_for_it(author, theme, moderator, live):
    """The points of a stage go to the author for someone else's decision only."""
    with live():
        idea = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=moderator)
    from ideas.models import StageChange

    StageChange.objects.filter(idea=idea, to_stage=Stage.PUBLISHED).update(actor=author)
    receivers.on_stage_changed(sender=None, idea=idea)
    assert points_of(author) == 0


def test_the_score_is_updated_in_the_same_transaction_as_the_ledger(published_idea, author, colleague, live):
    with pytest.raises(RuntimeError), transaction.atomic():
        vote = Vote.objects.create(idea=published_idea, user=colleague)
        touch(Code.SUPPORT_RECEIVED, author.pk, published_idea.pk)
        assert points_of(author) == 11
        raise RuntimeError("roll back")
    assert points_of(author) == 10 == ledger_sum(author)
    assert not Vote.objects.filter(pk=getattr(vote, "pk", None)).exists()


def test_period_entries_keep_the_time_of_the_contribution(published_idea, colleague, live):
    with live():
        comment = comment_post(idea=published_idea, by=colleague, body="Agreed.")
    earlier = timezone.now() - timedelta(days=40)
    Comment.objects.filter(pk=comment.pk).update(created_at=earlier)
    touch(Code.COMMENT_POSTED, colleague.pk, published_idea.pk)
    # The stale award is reversed at its own time, the new one written at the comment's.
    rows = list(LedgerEntry.objects.filter(user=colleague).order_by("id").values_list("kind", "occurred_at", "points"))
    assert rows[-1] == ("award", earlier, 2)
    assert Score.objects.get(user=colleague).total == 2
