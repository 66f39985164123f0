from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginDay(models.Model):
    """One row per person and day they signed in. `User.last_login` keeps only the latest
    sign-in, so "who connected during the last quarter" cannot be read from it once people
    have signed in again since; these rows answer it for any period."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="login_days")
    day = models.DateField()

    class Meta:
        verbose_name = _("sign-in day")
        verbose_name_plural = _("sign-in days")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_login_day_per_user_and_day")]
        indexes = [models.Index(fields=["day", "user"], name="login_day_period")]

    def __str__(self):
        return f"{self.user_id} {self.day}"
