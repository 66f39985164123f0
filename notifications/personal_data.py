"""What notifications hold about a person, for the export and the erasure, and how long
notifications are kept (see accounts.personal_data)."""

from datetime import timedelta

from django.conf import settings

from accounts.models import User
from accounts.personal_data import register_export_section, register_purger, user_erased

from .models import Notification, Preference


def _notifications(user) -> list[dict]:
    return [
        {"kind": n.kind, "idea_id": n.idea_id, "comment_id": n.comment_id, "count": n.count, "data": n.data,
         "channel": n.channel, "created_at": n.created_at, "updated_at": n.updated_at, "read_at": n.read_at,
         "emailed_at": n.emailed_at}
        for n in Notification.objects.filter(recipient=user).order_by("created_at", "id")
    ]


def _preferences(user) -> list[dict]:
    return [
        {"kind": kind, "channel": channel}
        for kind, channel in Preference.objects.filter(user=user).order_by("kind").values_list("kind", "channel")
    ]


register_export_section("notifications", _notifications)
register_export_section("notification_preferences", _preferences)


def on_user_erased(sender, user, **kwargs):
    Notification.objects.filter(recipient=user).delete()
    Preference.objects.filter(user=user).delete()


user_erased.connect(on_user_erased, sender=User, dispatch_uid="notifications.personal_data.erased")


def purge_old_notifications(now) -> dict:
    """Notifications untouched for NOTIFICATION_RETENTION_DAYS are deleted, read or not."""
    cutoff = now - timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    deleted, _by_model = Notification.objects.filter(updated_at__lt=cutoff).delete()
    return {"notifications deleted": deleted}


register_purger("notifications", purge_old_notifications)
