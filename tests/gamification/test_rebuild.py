"""The ledger rebuilt from history equals the one the listeners wrote, on random histories."""

import random

import pytest
from django.core.management import call_command
from django.db.models import Sum

from accounts.models import RoleAssignment
from gamification.models import BadgeAward, LedgerEntry, PointsRule, Score
from ideas.models import OPEN_STAGES, Comment, Idea, Stage, Vote
from ideas.services import comment_delete, comment_mark_helpful, comment_post, idea_transition, vote_cast, vote_withdraw
from moderation.content import content_hide, content_restore
from moderation.sanctions import user_suspend
from tests.factories import IdeaFactory, UserFactory

Code = PointsRule.Code


def scores() -> dict[int, int]:
    return {user_id: total for user_id, total in Score.objects.filter(total__gt=0).values_list("user_id", "total")}


def ledger_totals() -> dict[int, int]:
    rows = LedgerEntry.objects.order_by().values("user_id").annotate(total=Sum("points"))
    return {row["user_id"]: row["total"] for row in rows if row["total"]}


class History:
    """Random actions through the services, each committed with its events handled."""

    def __init__(self, rng, live, *, theme, people, moderator, executive):
        self.rng, self.live, self.theme = rng, live, theme
        self.people, self.moderator, self.executive = people, moderator, executive

    def run(self, steps: int) -> None:
        actions = [self.publish, self.support, self.support, self.support, self.withdraw, self.comment, self.comment,
                   self.delete_comment, self.hide_comment, self.restore, self.helpful, self.potential,
                   self.hide_idea, self.suspend]
        weights = [3, 4, 4, 4, 3, 4, 4, 1, 1, 1, 2, 1, 1, 0.3]
        for _ in range(steps):
            action = self.rng.choices(actions, weights)[0]
            with self.live():
                action()

    def _open_ideas(self):
        return list(Idea.objects.filter(stage__in=OPEN_STAGES, hidden_at__isnull=True).order_by("pk"))

    def _active(self):
        return [p for p in self.people if not type(p).objects.get(pk=p.pk).is_suspended]

    def publish(self):
        IdeaFactory(author=self.rng.choice(self._active()), theme=self.theme, stage=Stage.PUBLISHED,
                    moderator=self.moderator)

    def support(self):
        ideas = self._open_ideas()
        if ideas:
            idea = self.rng.choice(ideas)
            candidates = [p for p in self._active() if p.pk != idea.author_id]
            vote_cast(idea=idea, by=self.rng.choice(candidates))

    def withdraw(self):
        votes = list(Vote.objects.filter(idea__stage__in=OPEN_STAGES, idea__hidden_at__isnull=True, merged_from=None)
                     .select_related("idea", "user").order_by("pk"))
        votes = [v for v in votes if not v.user.is_suspended]
        if votes:
            vote = self.rng.choice(votes)
            vote_withdraw(idea=vote.idea, by=vote.user)

    def comment(self):
        ideas = self._open_ideas()
        if ideas:
            comment_post(idea=self.rng.choice(ideas), by=self.rng.choice(self._active()), body="Let us try.")

    def _comments(self, **filters):
        return list(Comment.objects.filter(deleted_at=None, **filters).select_related("idea", "author").order_by("pk"))

    def delete_comment(self):
        comments = [c for c in self._comments(hidden_at=None) if not c.author.is_suspended]
        if comments:
            comment = self.rng.choice(comments)
            comment_delete(comment=comment, by=comment.author)

    def hide_comment(self):
        comments = self._comments(hidden_at=None)
        if comments:
            content_hide(target=self.rng.choice(comments), by=self.moderator, reason="Off topic.")

    def restore(self):
        hidden = self._comments(hidden_at__isnull=False) + list(Idea.objects.filter(hidden_at__isnull=False))
        if hidden:
            content_restore(target=self.rng.choice(hidden), by=self.moderator, reason="Fine after all.")

    def helpful(self):
        comments = [c for c in self._comments(hidden_at=None, idea__hidden_at=None) if c.author_id != c.idea.author_id]
        comments = [c for c in comments if not c.idea.author.is_suspended and c.idea.is_open]
        if comments:
            comment = self.rng.choice(comments)
            comment_mark_helpful(comment=comment, by=comment.idea.author, helpful=comment.marked_helpful_at is None)

    def potential(self):
        ideas = list(Idea.objects.filter(stage=Stage.PUBLISHED, hidden_at=None).order_by("pk"))
        if ideas:
            idea_transition(idea=self.rng.choice(ideas), to_stage=Stage.POTENTIAL, by=self.moderator)

    def hide_idea(self):
        ideas = self._open_ideas()
        if ideas:
            content_hide(target=self.rng.choice(ideas), by=self.moderator, reason="Confidential.")

    def suspend(self):
        candidates = self._active()
        if len(candidates) > 3:
            user_suspend(user=self.rng.choice(candidates), by=self.moderator, days=3, reason="Spam.")


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_rebuilt_ledger_equals_the_incremental_one(seed, theme, department, live):
    # Tight caps, so that they are reached and freed again.
    PointsRule.objects.filter(code=Code.SUPPORT_GIVEN).update(daily_cap=3)
    PointsRule.objects.filter(code=Code.COMMENT_POSTED).update(daily_cap=2)
    PointsRule.objects.filter(code=Code.SUPPORT_RECEIVED).update(per_idea_cap=3)
    people = [UserFactory(entity=department) for _ in range(7)]
    moderator = UserFactory(roles=[RoleAssignment.Role.COMMUNITY_MANAGER])
    executive = UserFactory(roles=[RoleAssignment.Role.EXECUTIVE])
    History(random.Random(seed), live, theme=theme, people=people, moderator=moderator, executive=executive).run(70)

    incremental = scores()
    assert incremental, "the history earned no points at all"
    assert incremental == ledger_totals()
    assert LedgerEntry.objects.filter(kind="reversal").exists(), "the history reversed nothing"
    badges = set(BadgeAward.objects.values_list("user_id", "badge_id", "level"))

    # On a consistent ledger, a rebuild finds nothing to correct.
    call_command("rebuild_ledger", stdout=open("/dev/null", "w"))
    assert scores() == incremental
    assert set(BadgeAward.objects.values_list("user_id", "badge_id", "level")) == badges

    written_before = LedgerEntry.objects.count()
    call_command("rebuild_ledger", stdout=open("/dev/null", "w"))
    assert LedgerEntry.objects.count() == written_before

    # From scratch, with no reversal left, the totals are the same.
    call_command("rebuild_ledger", "--reset", stdout=open("/dev/null", "w"))
    assert not LedgerEntry.objects.filter(kind="reversal").exists()
    assert scores() == incremental == ledger_totals()
