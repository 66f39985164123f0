"""Writes a person asks for: a segment snapshot taken now, a message to a segment. Points
and badges are written by the event listeners (receivers) and rebuild_ledger."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.events import send_on_commit
from core.permissions import require

from . import events
from .models import Segment, SegmentMessage
from .segments import latest_week, snapshot_segments
from .selectors import segment_members

SUBJECT_MAX_LENGTH = 160
BODY_MAX_LENGTH = 5000


def segments_snapshot_take(*, by):
    """Store this week's segments now (the weekly job does it too; idempotent per week)."""
    require(by, "gamification.view_segments", message=_("Only community managers see segments."))
    return snapshot_segments()


def segment_message_send(*, by, segment: str, subject: str, body: str, entity=None) -> SegmentMessage:
    """Record a message to the members of `segment` (of `entity` and its sub-units when
    given), as placed by the latest snapshot, and announce it after commit with the ids of
    its recipients; the notifications app delivers it."""
    require(by, "gamification.message_segment", message=_("Only community managers write to segments."))
    subject, body = (subject or "").strip(), (body or "").strip()
    errors = {}
    if segment not in Segment.values:
        errors["segment"] = _("Choose a segment.")
    if not subject:
        errors["subject"] = _("Give the message a subject.")
    elif len(subject) > SUBJECT_MAX_LENGTH:
        errors["subject"] = _("A subject is limited to %(max)d characters.") % {"max": SUBJECT_MAX_LENGTH}
    if not body:
        errors["body"] = _("Write something before sending.")
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = _("A message is limited to %(max)d characters.") % {"max": BODY_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        week = latest_week()
        if week is None:
            week, _count = snapshot_segments()
        recipient_ids = [
            uid for uid in segment_members(segment=segment, entity=entity, week=week).values_list("user_id", flat=True)
            if uid != by.pk
        ]
        message = SegmentMessage.objects.create(
            sender=by, segment=segment, entity=entity, subject=subject, body=body,
            recipients_count=len(recipient_ids), snapshot_week=week,
        )
        send_on_commit(events.segment_messaged, SegmentMessage, message=message, recipient_ids=recipient_ids)
    return message


def gamification_refresh() -> dict:
    """Badges, ledger and this week's segments brought up to date with the data as it is
    (after loading data in bulk, e.g. the demo). Idempotent."""
    from .badges import badges_award_missing
    from .ledger import rebuild

    badges = badges_award_missing()
    result = rebuild()
    week, people = snapshot_segments()
    return {"badges": badges, **result, "segment_week": week, "segment_people": people}
