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


# --- Rollups ------------------------------------------------------------------------------
# Summary tables the executive report reads instead of the ideas, comments, supports and
# stage history (reports/rollups.py keeps them: each row is recomputed from those tables,
# never incremented, so recomputing twice or late gives the same rows). Dimensions are
# plain references without database constraints: a row is rewritten whenever what it
# summarises changes, and a theme or unit is never deleted while ideas point at it.


def _dimension(model: str, **options) -> models.ForeignKey:
    return models.ForeignKey(model, models.DO_NOTHING, db_constraint=False, related_name="+", **options)


class IdeaRollup(models.Model):
    """One row per idea: what the pipeline, unit and theme figures read of it."""

    idea = models.OneToOneField("ideas.Idea", models.CASCADE, primary_key=True, related_name="+")
    # The local day of submission (None: never submitted, a draft).
    submitted_day = models.DateField(null=True)
    author_entity = _dimension("accounts.Entity", null=True)
    theme = _dimension("ideas.Theme")
    challenge = _dimension("ideas.Challenge", null=True)
    stage = models.CharField(max_length=20)
    savings_eur = models.PositiveIntegerField(null=True)
    has_quality = models.BooleanField(default=False)
    # Supported by, commented by or co-authored with someone of another unit (their unit
    # today: a move between units shows at the next full refresh).
    supported_outside = models.BooleanField(default=False)
    developed_outside = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["submitted_day", "author_entity"], name="idea_rollup_day"),
            models.Index(fields=["stage", "author_entity"], name="idea_rollup_stage"),
        ]


class StageStay(models.Model):
    """One row per stage change of an idea: the stage entered, when, and when it was left
    (None: the idea is still there)."""

    idea = models.ForeignKey("ideas.Idea", models.CASCADE, related_name="+")
    stage = models.CharField(max_length=20)
    entered_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True)
    # (left_at - entered_at) in days, as the report shows it.
    days = models.FloatField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["stage", "entered_at"], name="stage_stay_entered"),
            models.Index(fields=["idea", "stage"], name="stage_stay_idea"),
        ]


class ActivityDay(models.Model):
    """What one person did on one (local) day on ideas of one theme, challenge and author's
    unit: ideas submitted, comments written (not deleted), supports given (not those a merge
    carried over). The person's unit is read from the person, so a move is seen at once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    day = models.DateField()
    theme = _dimension("ideas.Theme")
    challenge = _dimension("ideas.Challenge", null=True)
    author_entity = _dimension("accounts.Entity", null=True)
    ideas = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)
    supports = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["day", "user"], name="activity_day_user"),
            models.Index(fields=["user", "day"], name="activity_user_day"),
        ]


class FirstContribution(models.Model):
    """When each person first submitted an idea, commented (even a comment since deleted)
    or supported: the "new contributors per month" figure."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, primary_key=True, related_name="+")
    first_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["first_at"], name="first_contribution_at")]


class RollupDue(models.Model):
    """An idea or a person whose rollup rows are to be recomputed. With a worker tier, the
    domain events' listeners only write these marks, and `rollups_due_flush` (beat, every
    few seconds) recomputes each marked idea and person once for all the actions since: the
    report may lag by seconds, the points and notifications of the same events do not wait
    for it."""

    class Kind(models.TextChoices):
        IDEA = "idea", _("idea")
        PERSON = "person", _("person")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    object_id = models.BigIntegerField()
    # Changed by every new mark: a flush removes the marks it recomputed only if no action
    # marked them again meanwhile.
    token = models.UUIDField()
    # Taken by a flush until then (a flush that died leaves it to the next one).
    claimed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rollup to recompute")
        verbose_name_plural = _("rollups to recompute")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_rollup_due_per_object")]

    def __str__(self):
        return f"{self.kind} {self.object_id}"
