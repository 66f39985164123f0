"""What the worker tier keeps in the database: the outbox of domain events, and the record of
each scheduled job (core/outbox.py, core/scheduling.py)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutboxEvent(models.Model):
    """A domain event written in the transaction of the action that caused it, so that its
    side effects are owed as soon as the action commits, whatever happens to the broker or
    the worker afterwards. Delivered once all its listeners have run."""

    name = models.CharField(_("event"), max_length=100)
    sender = models.CharField(_("sender"), max_length=100)
    payload = models.JSONField(_("payload"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # A delivery in progress holds the event until then; a dead worker's lease runs out.
    leased_until = models.DateTimeField(_("held until"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    # The listeners still to run after a failed attempt (empty: all of them).
    pending_listeners = models.JSONField(_("listeners still to run"), default=list, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    failed_at = models.DateTimeField(_("gave up"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("outbox event")
        verbose_name_plural = _("outbox events")
        indexes = [
            # The relay's sweep: what is still owed, oldest first.
            models.Index(fields=["created_at"], name="outbox_owed_idx",
                         condition=Q(delivered_at__isnull=True, failed_at__isnull=True)),
        ]

    def __str__(self):
        return f"{self.name} #{self.pk}"

    @property
    def status(self) -> str:
        if self.delivered_at:
            return "delivered"
        if self.failed_at:
            return "failed"
        return "pending"


class ScheduledJob(models.Model):
    """One recurring job (digests, trending recount...): who holds it now, and how its last
    run went. The conditional update on `running_until` lets one run at a time, whatever the
    number of beats and workers."""

    name = models.CharField(_("job"), max_length=100, primary_key=True)
    running_until = models.DateTimeField(_("running until"), null=True, blank=True)
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_succeeded_at = models.DateTimeField(_("last succeeded"), null=True, blank=True)
    last_result = models.TextField(_("last result"), blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
        ordering = ["name"]

    def __str__(self):
        return self.name
