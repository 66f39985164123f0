"""What moderation holds about a person, for the export and the erasure, and how long
audit details are kept (see accounts.personal_data)."""

from accounts.models import User
from accounts.personal_data import audit_detail_cutoff, register_export_section, register_purger, user_erased

from .models import AuditEntry, CorrespondentAssignment, Flag, Sanction


def _flags(user) -> list[dict]:
    return [
        {"idea_id": f.idea_id, "comment_id": f.comment_id, "reason": f.reason, "created_at": f.created_at,
         "resolved_at": f.resolved_at}
        for f in Flag.objects.filter(user=user).order_by("id")
    ]


def _sanctions(user) -> list[dict]:
    return [
        {"kind": s.kind, "reason": s.reason, "until": s.until, "created_at": s.created_at, "lifted_at": s.lifted_at}
        for s in Sanction.objects.filter(user=user).order_by("id")
    ]


def _correspondent_for(user) -> list[dict]:
    return [
        {"theme": slug, "since": created_at}
        for slug, created_at in CorrespondentAssignment.objects.filter(user=user).order_by("id").values_list(
            "theme__slug", "created_at")
    ]


register_export_section("flags", _flags)
register_export_section("sanctions", _sanctions)
register_export_section("correspondent_for", _correspondent_for)


def on_user_erased(sender, user, **kwargs):
    # No longer a correspondent; the reports they made and the sanctions stay on record
    # (the moderation history), under a former employee's name.
    CorrespondentAssignment.objects.filter(user=user).delete()


user_erased.connect(on_user_erased, sender=User, dispatch_uid="moderation.personal_data.erased")


def purge_audit_details(now) -> dict:
    """Audit entries are kept (who did what, when); their free text and before/after
    values are blanked after AUDIT_DETAIL_RETENTION_DAYS."""
    old = AuditEntry.objects.filter(created_at__lt=audit_detail_cutoff(now))
    blanked = old.exclude(reason="", before={}, after={}).update(reason="", before={}, after={})
    return {"moderation audit details blanked": blanked}


register_purger("moderation", purge_audit_details)
