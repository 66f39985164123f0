from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Entity
from ideas.models import Theme


class CorrespondentAssignment(models.Model):
    """Names a functional correspondent for a theme, optionally limited to some business
    units (and their sub-units). Correspondents validate ideas instead of line managers."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="correspondent_assignments")
    theme = models.ForeignKey(Theme, models.CASCADE, related_name="correspondent_assignments", verbose_name=_("theme"))
    entities = models.ManyToManyField(
        Entity,
        blank=True,
        related_name="+",
        verbose_name=_("limited to business units"),
        help_text=_("Leave empty for ideas from every business unit."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("functional correspondent")
        verbose_name_plural = _("functional correspondents")
        constraints = [models.UniqueConstraint(fields=["user", "theme"], name="one_assignment_per_user_and_theme")]

    def __str__(self):
        return f"{self.user} · {self.theme}"
