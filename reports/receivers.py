"""Sign-ins are recorded per day, for the participation report's "connected" figure."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

from .models import LoginDay


@receiver(user_logged_in, dispatch_uid="reports.record_login_day")
def record_login_day(sender, request, user, **kwargs):
    # ignore_conflicts: a second sign-in the same day changes nothing and raises nothing.
    LoginDay.objects.bulk_create([LoginDay(user_id=user.pk, day=timezone.localdate())], ignore_conflicts=True)
