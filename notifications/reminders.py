"""Reminders of expert evaluations still to do (run daily by `remind_evaluations`)."""

from datetime import timedelta

from django.utils import timezone

from moderation.evaluations import pending_evaluations

from . import services
from .models import Kind


def evaluation_reminders_send(*, days: int, now=None) -> int:
    """Remind each expert of every evaluation asked for more than `days` days ago and not
    submitted. At most one reminder per evaluation and day: running twice the same day
    sends nothing more (the notification key holds the date). Returns how many were sent."""
    now = now or timezone.now()
    today = timezone.localdate(now).isoformat()
    sent = 0
    for evaluation in pending_evaluations(older_than=timedelta(days=days), now=now):
        sent += len(services.notify(
            kind=Kind.EVALUATION_REMINDER, recipients=[evaluation.evaluator_id],
            key=f"evaluation-reminder:{evaluation.pk}:{today}", idea=evaluation.idea,
            data={"evaluation": evaluation.pk, "asked_on": evaluation.requested_at.date().isoformat()},
        ))
    return sent
