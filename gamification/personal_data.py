"""What gamification holds about a person, for the export and the erasure (see
accounts.personal_data).

An erased person's points go: their ledger entries, badges, score and segment history are
deleted (the ledger is otherwise append-only; erasure is the one exception), so every
leaderboard, which reads Score or sums the ledger, drops them at once. The fact sources
(gamification.facts) leave erased people out, so neither an event nor `rebuild_ledger`
brings their points back."""

from django.db import transaction

from accounts.models import User
from accounts.personal_data import register_export_section, user_erased

from .models import BadgeAward, LedgerEntry, Score, SegmentSnapshot


def _points(user) -> dict:
    score = Score.objects.filter(user=user).values_list("total", flat=True).first()
    return {
        "total": score or 0,
        "ledger": [
            {"rule": code, "kind": kind, "points": points, "idea_id": idea_id, "occurred_at": occurred_at}
            for code, kind, points, idea_id, occurred_at in LedgerEntry.objects.filter(user=user).order_by(
                "occurred_at", "id").values_list("rule__code", "kind", "points", "idea_id", "occurred_at")
        ],
    }


def _badges(user) -> list[dict]:
    return [
        {"badge": code, "level": level, "awarded_at": awarded_at}
        for code, level, awarded_at in BadgeAward.objects.filter(user=user).order_by("awarded_at", "id").values_list(
            "badge__code", "level", "awarded_at")
    ]


def _segments(user) -> list[dict]:
    return [
        {"week": week, "segment": segment}
        for week, segment in SegmentSnapshot.objects.filter(user=user).order_by("week").values_list("week", "segment")
    ]


register_export_section("points", _points)
register_export_section("badges", _badges)
register_export_section("segments", _segments)


@transaction.atomic
def points_forget(*, user_id: int) -> int:
    """Remove a person's points, badges and segment history; returns the points removed."""
    total = Score.objects.filter(user_id=user_id).values_list("total", flat=True).first() or 0
    entries = LedgerEntry.objects.filter(user_id=user_id)
    # Reversals point at their awards (PROTECT): they go first.
    entries.filter(kind=LedgerEntry.Kind.REVERSAL).delete()
    entries.delete()
    BadgeAward.objects.filter(user_id=user_id).delete()
    SegmentSnapshot.objects.filter(user_id=user_id).delete()
    Score.objects.filter(user_id=user_id).delete()
    return total


def on_user_erased(sender, user, **kwargs):
    points_forget(user_id=user.pk)


user_erased.connect(on_user_erased, sender=User, dispatch_uid="gamification.personal_data.erased")
