from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def _translated(obj, field: str) -> str:
    language = translation.get_language() or ""
    return getattr(obj, f"{field}_fr") if language.startswith("fr") else getattr(obj, f"{field}_en")


class PointsRule(models.Model):
    """How many points a kind of contribution earns, and how often per day it may."""

    class Code(models.TextChoices):
        IDEA_PUBLISHED = "idea_published", _("idea published")
        COMMENT_POSTED = "comment_posted", _("comment on a colleague's idea")
        SUPPORT_GIVEN = "support_given", _("support given")
        SUPPORT_RECEIVED = "support_received", _("support received")
        IDEA_POTENTIAL = "idea_potential", _("idea marked as having potential")
        IDEA_DEPLOYED = "idea_deployed", _("idea deployed")
        COMMENT_HELPFUL = "comment_helpful", _("comment marked helpful")
        BADGE_EARNED = "badge_earned", _("badge earned")
        CHALLENGE_WON = "challenge_won", _("idea among a challenge's winners")
        EVALUATION_SUBMITTED = "evaluation_submitted", _("expert evaluation submitted")

    code = models.CharField(max_length=32, choices=Code.choices, unique=True)
    label_en = models.CharField(_("label (English)"), max_length=120)
    label_fr = models.CharField(_("label (French)"), max_length=120)
    points = models.IntegerField(
        _("points"), default=0, help_text=_("For badges, the points are set on each badge level.")
    )
    daily_cap = models.PositiveIntegerField(
        _("awards per day at most"), null=True, blank=True, help_text=_("Empty: no daily limit.")
    )
    per_idea_cap = models.PositiveIntegerField(
        _("awards per idea at most"), null=True, blank=True, help_text=_("Empty: no limit per idea.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("points rule")
        verbose_name_plural = _("points rules")
        ordering = ["position", "code"]
        constraints = [
            # A reconciliation looks at one day or at one idea: never both caps on one rule.
            models.CheckConstraint(
                condition=Q(daily_cap__isnull=True) | Q(per_idea_cap__isnull=True), name="points_rule_one_cap_at_most"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return _translated(self, "label")


class LedgerEntry(models.Model):
    """One points entry. Append-only: a withdrawn support or a hidden comment writes a
    reversal (negative points, `reversal_of` the award), never an update or a delete.

    For one (user, rule, object) awards and reversals alternate; `generation` counts the
    awards, and a reversal carries the generation of the award it cancels, so the same
    event handled twice writes once (unique key) while a support given again after a
    withdrawal is a new generation."""

    class Kind(models.TextChoices):
        AWARD = "award", _("award")
        REVERSAL = "reversal", _("reversal")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="ledger_entries")
    rule = models.ForeignKey(PointsRule, models.PROTECT, related_name="entries")
    content_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.AWARD)
    generation = models.PositiveIntegerField(default=1)
    points = models.IntegerField()
    # The idea the entry is about (theme leaderboards); kept when the object is gone.
    idea = models.ForeignKey("ideas.Idea", models.SET_NULL, null=True, blank=True, related_name="+")
    # When the contribution happened (a reversal keeps its award's time, so periods net out).
    occurred_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    reversal_of = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points entries")
        ordering = ["occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "rule", "content_type", "object_id", "kind", "generation"],
                name="ledger_once_per_object_kind_generation",
            ),
            models.CheckConstraint(
                condition=(Q(kind="award") & Q(reversal_of__isnull=True))
                | (Q(kind="reversal") & Q(reversal_of__isnull=False)),
                name="ledger_reversal_points_to_its_award",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "rule", "idea"], name="ledger_user_rule_idea"),
            models.Index(fields=["user", "rule", "occurred_at"], name="ledger_user_rule_time"),
            models.Index(fields=["occurred_at", "user"], name="ledger_period"),
            models.Index(fields=["rule", "idea"], name="ledger_rule_idea"),
        ]

    def __str__(self):
        return f"{self.user_id} {self.rule_id} {self.points:+d}"


class Score(models.Model):
    """A person's running total, updated with F() in the same transaction as the ledger
    rows, so the all-time leaderboard is one indexed read."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, primary_key=True, related_name="score")
    total = models.IntegerField(default=0)
    # The time of the latest contribution that counted: ties go to who got there first.
    reached_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        indexes = [models.Index(fields=["-total", "reached_at", "user"], name="score_leaderboard")]

    def __str__(self):
        return f"{self.user_id}: {self.total}"


class Badge(models.Model):
    """A badge: what is counted and how much is needed for bronze, silver and gold."""

    class Criterion(models.TextChoices):
        IDEAS_PUBLISHED = "ideas_published", _("ideas published")
        SUPPORTS_GIVEN = "supports_given", _("supports given")
        COMMENTS_ON_OTHERS = "comments_on_others", _("comments on colleagues' ideas")
        IDEAS_POTENTIAL = "ideas_potential", _("ideas that reached potential")
        IDEAS_DEPLOYED = "ideas_deployed", _("ideas deployed")
        THEMES_EXPLORED = "themes_explored", _("themes explored")
        HELPFUL_COMMENTS = "helpful_comments", _("comments marked helpful")
        CHALLENGES_WON = "challenges_won", _("ideas among a challenge's winners")

    class Level(models.TextChoices):
        BRONZE = "bronze", _("bronze")
        SILVER = "silver", _("silver")
        GOLD = "gold", _("gold")

    code = models.SlugField(unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_fr = models.CharField(_("name (French)"), max_length=80)
    description_en = models.CharField(_("description (English)"), max_length=200, blank=True)
    description_fr = models.CharField(_("description (French)"), max_length=200, blank=True)
    criterion = models.CharField(_("what is counted"), max_length=32, choices=Criterion.choices)
    bronze = models.PositiveIntegerField(_("bronze from"))
    silver = models.PositiveIntegerField(_("silver from"))
    gold = models.PositiveIntegerField(_("gold from"))
    points_bronze = models.PositiveIntegerField(_("points for bronze"), default=5)
    points_silver = models.PositiveIntegerField(_("points for silver"), default=20)
    points_gold = models.PositiveIntegerField(_("points for gold"), default=50)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(bronze__gte=1) & Q(silver__gt=models.F("bronze")) & Q(gold__gt=models.F("silver")),
                name="badge_levels_increase",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return _translated(self, "name")

    @property
    def description(self) -> str:
        return _translated(self, "description")

    def levels(self) -> list[tuple[str, int, int]]:
        """(level, threshold, points), from bronze to gold."""
        return [
            (self.Level.BRONZE, self.bronze, self.points_bronze),
            (self.Level.SILVER, self.silver, self.points_silver),
            (self.Level.GOLD, self.gold, self.points_gold),
        ]

    def points_for(self, level: str) -> int:
        return {lvl: pts for lvl, _t, pts in self.levels()}[level]


class BadgeAward(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="badge_awards")
    badge = models.ForeignKey(Badge, models.CASCADE, related_name="awards")
    level = models.CharField(max_length=10, choices=Badge.Level.choices)
    awarded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("badge earned")
        verbose_name_plural = _("badges earned")
        ordering = ["awarded_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "badge", "level"], name="one_award_per_user_badge_level"),
        ]
        indexes = [models.Index(fields=["awarded_at"], name="badgeaward_time")]

    def __str__(self):
        return f"{self.user_id} {self.badge_id} {self.level}"


class Segment(models.TextChoices):
    """Contributor segments, in precedence order: a person who qualifies for several is
    placed in the first."""

    TOP_MANAGER = "top_manager", _("top managers")
    EXPERT = "expert", _("idea-developer experts")
    FACILITATOR = "facilitator", _("innovation facilitators")
    INFLUENCER = "influencer", _("influencers")
    BIG_CONTRIBUTOR = "big_contributor", _("big contributors")
    REGULAR = "regular", _("regular contributors")
    PASSIVE = "passive", _("passive")


class SegmentSnapshot(models.Model):
    """Where a person stood in a given week, with the figures that placed them there."""

    week = models.DateField(help_text="The Monday of the week.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="segment_snapshots")
    segment = models.CharField(max_length=20, choices=Segment.choices)
    figures = models.JSONField(default=dict)
    taken_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("segment snapshot")
        verbose_name_plural = _("segment snapshots")
        ordering = ["-week", "user_id"]
        constraints = [models.UniqueConstraint(fields=["week", "user"], name="one_snapshot_per_user_and_week")]
        indexes = [models.Index(fields=["week", "segment"], name="snapshot_week_segment")]

    def __str__(self):
        return f"{self.week} {self.user_id} {self.segment}"


class SegmentMessage(models.Model):
    """A community manager's message to the members of a segment."""

    sender = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="segment_messages")
    segment = models.CharField(_("segment"), max_length=20, choices=Segment.choices)
    entity = models.ForeignKey(
        "accounts.Entity", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("business unit")
    )
    subject = models.CharField(_("subject"), max_length=160)
    body = models.TextField(_("message"))
    recipients_count = models.PositiveIntegerField(default=0)
    snapshot_week = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message to a segment")
        verbose_name_plural = _("messages to segments")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.subject
