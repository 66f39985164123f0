"""In-app notifications and how each person wants to receive them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    IDEA_APPROVED = "idea_approved", _("My idea is published")
    IDEA_CHANGES_REQUESTED = "idea_changes_requested", _("Changes are requested on my idea")
    IDEA_REJECTED = "idea_rejected", _("My idea is rejected")
    STAGE_CHANGED = "stage_changed", _("An idea I follow moves on in the pipeline")
    IDEA_MERGED = "idea_merged", _("An idea I follow is merged into another")
    COMMENT = "comment", _("A new comment on an idea I follow")
    REPLY = "reply", _("A reply to my comment")
    MENTION = "mention", _("Someone mentions me in a comment")
    SUPPORTS = "supports", _("Colleagues support my idea")
    BADGE = "badge", _("I earn a badge")
    MESSAGE = "message", _("A message from the community managers")
    CHALLENGE_RESULTS = "challenge_results", _("A challenge I answered announces its winners")
    EVALUATION_REQUESTED = "evaluation_requested", _("I am asked to evaluate an idea as an expert")
    EVALUATION_REMINDER = "evaluation_reminder", _("An evaluation I was asked for is still to do")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("On the site only")
    EMAIL = "email", _("On the site and by e-mail at once")
    DIGEST = "digest", _("On the site and in a daily e-mail digest")
    OFF = "off", _("Never")


# What a person gets until they choose: decisions on their own ideas and messages from the
# community managers by e-mail, the rest on the site.
DEFAULT_CHANNELS = {
    Kind.IDEA_APPROVED: Channel.EMAIL,
    Kind.IDEA_CHANGES_REQUESTED: Channel.EMAIL,
    Kind.IDEA_REJECTED: Channel.EMAIL,
    Kind.MESSAGE: Channel.EMAIL,
    Kind.EVALUATION_REQUESTED: Channel.EMAIL,
    Kind.EVALUATION_REMINDER: Channel.EMAIL,
    Kind.MENTION: Channel.DIGEST,
    Kind.REPLY: Channel.DIGEST,
}


def default_channel(kind: str) -> str:
    return DEFAULT_CHANNELS.get(kind, Channel.IN_APP)


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    # One notification per recipient and event: a signal received twice creates nothing more.
    key = models.CharField(max_length=120)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    idea = models.ForeignKey("ideas.Idea", models.CASCADE, null=True, blank=True, related_name="+")
    comment = models.ForeignKey("ideas.Comment", models.CASCADE, null=True, blank=True, related_name="+")
    # Supports arrive in batches: one notification counts them while it is unread.
    count = models.PositiveIntegerField(default=1)
    # What the text needs and may no longer find later (reason, badge name, message).
    data = models.JSONField(default=dict, blank=True)
    # How it was to be delivered when it was created (the preference at that time).
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.IN_APP)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="one_notification_per_recipient_and_event"),
            models.CheckConstraint(condition=Q(count__gte=1), name="notification_count_positive"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-updated_at", "-id"], name="notification_inbox"),
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["channel", "digested_at"], name="notification_digest_due"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(models.Model):
    """A person's choice for one kind of notification; no row means the default."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_user_and_kind")]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.channel}"
