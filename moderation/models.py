from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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


class CannedReason(models.Model):
    """A ready-made reason a moderator picks instead of typing, in both languages."""

    class Use(models.TextChoices):
        REQUEST_CHANGES = "request_changes", _("request changes")
        REJECT = "reject", _("reject")
        NOT_RETAINED = "not_retained", pgettext_lazy("reason use", "not retained")
        HIDE = "hide", _("hide content")
        FLAG = "flag", _("report content")
        SANCTION = "sanction", _("warn or suspend")
        MERGE = "merge", _("merge")

    use = models.CharField(_("used for"), max_length=20, choices=Use.choices)
    label_en = models.CharField(_("label (English)"), max_length=80)
    label_fr = models.CharField(_("label (French)"), max_length=80)
    text_en = models.TextField(_("text (English)"))
    text_fr = models.TextField(_("text (French)"))
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("canned reason")
        verbose_name_plural = _("canned reasons")
        ordering = ["use", "position", "id"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return self.label_fr if (translation.get_language() or "").startswith("fr") else self.label_en

    @property
    def text(self) -> str:
        return self.text_fr if (translation.get_language() or "").startswith("fr") else self.text_en


class Flag(models.Model):
    """An employee reports an idea or a comment, once per item, with a reason."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="flags")
    idea = models.ForeignKey("ideas.Idea", models.CASCADE, null=True, blank=True, related_name="flags")
    comment = models.ForeignKey("ideas.Comment", models.CASCADE, null=True, blank=True, related_name="flags")
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when a moderator settles the report (content hidden or kept).
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            # Exactly one target: an idea, or a comment (whose idea is known through it).
            models.CheckConstraint(
                condition=(Q(idea__isnull=False) & Q(comment__isnull=True)) | (Q(idea__isnull=True) & Q(comment__isnull=False)),
                name="flag_one_target",
            ),
            models.UniqueConstraint(fields=["user", "idea"], condition=Q(idea__isnull=False), name="one_flag_per_user_and_idea"),
            models.UniqueConstraint(
                fields=["user", "comment"], condition=Q(comment__isnull=False), name="one_flag_per_user_and_comment"
            ),
        ]
        indexes = [
            models.Index(fields=["resolved_at", "created_at"], name="flag_open_age"),
        ]

    def __str__(self):
        return f"{self.user} → {self.idea_id or self.comment_id}"

    @property
    def target(self):
        return self.idea if self.idea_id else self.comment


class Sanction(models.Model):
    """A warning, or a suspension for a period (the user may read but not take part)."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("warning")
        SUSPENSION = "suspension", _("suspension")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="sanctions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    until = models.DateTimeField(_("until"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="warning", until__isnull=True) | Q(kind="suspension", until__isnull=False),
                name="sanction_until_only_for_suspensions",
            ),
        ]


class AuditEntry(models.Model):
    """One row per moderation or pipeline action: who did what to which object, the state
    before and after, and why. Append-only; moderation never hard-deletes content."""

    class Action(models.TextChoices):
        APPROVE = "approve", pgettext_lazy("audit action", "approved")
        REQUEST_CHANGES = "request_changes", pgettext_lazy("audit action", "requested changes")
        REJECT = "reject", pgettext_lazy("audit action", "rejected")
        STAGE_CHANGE = "stage_change", pgettext_lazy("audit action", "changed stage")
        HIDE = "hide", pgettext_lazy("audit action", "hid content")
        RESTORE = "restore", pgettext_lazy("audit action", "restored content")
        DISMISS_FLAGS = "dismiss_flags", pgettext_lazy("audit action", "dismissed reports")
        WARN = "warn", pgettext_lazy("audit action", "warned a user")
        SUSPEND = "suspend", pgettext_lazy("audit action", "suspended a user")
        LIFT_SUSPENSION = "lift_suspension", pgettext_lazy("audit action", "lifted a suspension")
        MERGE = "merge", pgettext_lazy("audit action", "merged ideas")
        UNMERGE = "unmerge", pgettext_lazy("audit action", "undid a merge")
        THEME_CHANGE = "theme_change", pgettext_lazy("audit action", "changed theme")
        EDIT = "edit", pgettext_lazy("audit action", "edited content")
        ASSIGN_EVALUATORS = "assign_evaluators", pgettext_lazy("audit action", "asked experts to evaluate")

    # Empty when the platform acted by itself (content hidden after enough reports).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("actor")
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    target_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    # What the target was called at the time, so the log reads well even if it changes.
    target_label = models.CharField(max_length=200)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "created_at"], name="audit_target_time"),
            models.Index(fields=["actor", "created_at"], name="audit_actor_time"),
            models.Index(fields=["action", "created_at"], name="audit_action_time"),
        ]

    def __str__(self):
        return f"{self.actor or '-'} {self.action} {self.target_label}"


# --- Expert evaluation ----------------------------------------------------------------------

SCORE_MIN = 1
SCORE_MAX = 5


class EvaluationCriterion(models.Model):
    """A criterion experts score ideas on, from 1 to 5; data, edited in the admin."""

    code = models.SlugField(unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_fr = models.CharField(_("name (French)"), max_length=80)
    # What 1 and 5 mean, so that every expert reads the scale the same way.
    help_en = models.CharField(_("scale (English)"), max_length=200, blank=True)
    help_fr = models.CharField(_("scale (French)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive criteria are no longer asked; past scores are kept.")
    )

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_fr if (translation.get_language() or "").startswith("fr") else self.name_en

    @property
    def help(self) -> str:
        return self.help_fr if (translation.get_language() or "").startswith("fr") else self.help_en


class Evaluation(models.Model):
    """An expert asked by a community manager to score an idea with potential; submitted
    once scored. Until then the expert sees nobody else's scores (independence)."""

    idea = models.ForeignKey("ideas.Idea", models.CASCADE, related_name="evaluations", verbose_name=_("idea"))
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="evaluations", verbose_name=_("expert evaluator")
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("expert evaluation")
        verbose_name_plural = _("expert evaluations")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["idea", "evaluator"], name="one_evaluation_per_idea_and_evaluator"),
        ]
        indexes = [
            # An expert's list (pending first), and the reminders of pending evaluations.
            models.Index(fields=["evaluator", "submitted_at"], name="evaluation_evaluator_status"),
            models.Index(fields=["submitted_at", "requested_at"], name="evaluation_pending_age"),
        ]

    def __str__(self):
        return f"{self.evaluator} · {self.idea_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    """One expert's score on one criterion."""

    evaluation = models.ForeignKey(Evaluation, models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(EvaluationCriterion, models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="one_score_per_evaluation_and_criterion"),
            models.CheckConstraint(
                condition=Q(value__gte=SCORE_MIN) & Q(value__lte=SCORE_MAX), name="score_within_scale"
            ),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.value}"


class SimilarIdeas(models.Model):
    """The public ideas that resemble a submitted idea, found once (on submission, or the
    first time the queue shows it) and kept, so that the validation queue does not search
    the whole table for every idea at every reading (moderation/similar.py)."""

    idea = models.OneToOneField("ideas.Idea", models.CASCADE, primary_key=True, related_name="similar_found")
    # A digest of the title and description the list was found for: another text, another search.
    text_digest = models.CharField(max_length=64)
    # [[idea id, score], ...], best first.
    found = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("similar ideas")
        verbose_name_plural = _("similar ideas")

    def __str__(self):
        return f"{self.idea_id}: {[pk for pk, _score in self.found]}"
