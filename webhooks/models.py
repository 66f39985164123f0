"""Endpoints other systems give us, and each delivery made to them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    IDEA_PUBLISHED = "idea_published", _("An idea is published")
    STAGE_CHANGED = "stage_changed", _("An idea moves on in the pipeline")
    IDEA_DEPLOYED = "idea_deployed", _("An idea is deployed")
    CHALLENGE_OPENED = "challenge_opened", _("A challenge opens")
    CHALLENGE_EVALUATED = "challenge_evaluated", _("A challenge announces its winners")


# A delivery asked for by the "Send a test" button; no endpoint subscribes to it.
TEST_KIND = "test"


class Format(models.TextChoices):
    GENERIC = "generic", _("JSON signed with HMAC-SHA256")
    SLACK = "slack", _("Slack incoming webhook")
    MATTERMOST = "mattermost", _("Mattermost incoming webhook")
    TEAMS = "teams", _("Microsoft Teams workflow (Adaptive Card)")


class Endpoint(models.Model):
    name = models.CharField(_("name"), max_length=80)
    url = models.URLField(_("URL"), max_length=500)
    format = models.CharField(_("format"), max_length=12, choices=Format.choices, default=Format.GENERIC)
    # Which EventKind values it receives.
    kinds = models.JSONField(_("events"), default=list)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    # Signs generic bodies; shown to those who manage the endpoint so the receiver can check.
    secret = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Failed attempts in a row; WEBHOOK_DISABLE_AFTER of them disable the endpoint.
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.disabled_at is None


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("to send")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    endpoint = models.ForeignKey(Endpoint, models.CASCADE, related_name="deliveries")
    kind = models.CharField(max_length=32)
    # One delivery per endpoint and event: a listener run twice records nothing more.
    key = models.CharField(max_length=120)
    # What the event says, as an ordinary employee may read it; formatted when sent.
    data = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "key"], name="one_delivery_per_endpoint_and_event"),
        ]
        indexes = [
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_log"),
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due",
                         condition=Q(status="pending")),
        ]

    def __str__(self):
        return f"{self.kind} → {self.endpoint_id}"
