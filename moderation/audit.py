"""The audit log: every moderation and pipeline action leaves one row, written in the
same transaction as the action itself so that neither exists without the other."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry

Action = AuditEntry.Action


def audit(*, actor, action: str, target, before: dict | None = None, after: dict | None = None, reason: str = "") -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        target_label=str(target)[:200],
        before=before or {},
        after=after or {},
        reason=reason or "",
    )
