from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from accounts.models import Entity
from core.text import plain_excerpt


class Theme(models.Model):
    """A domain ideas belong to; functional correspondents are named per theme."""

    slug = models.SlugField(unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "slug"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_fr if (translation.get_language() or "").startswith("fr") else self.name_en

    @property
    def description(self) -> str:
        return self.description_fr if (translation.get_language() or "").startswith("fr") else self.description_en


class ChallengeStatus(models.TextChoices):
    UPCOMING = "upcoming", pgettext_lazy("challenge status", "upcoming")
    OPEN = "open", pgettext_lazy("challenge status", "open")
    CLOSED = "closed", pgettext_lazy("challenge status", "closed")
    EVALUATED = "evaluated", pgettext_lazy("challenge status", "evaluated")


class ChallengeQuerySet(models.QuerySet):
    def with_status(self, now=None):
        """Annotate `status_code` (see Challenge.status) so lists can filter and sort by it in SQL."""
        now = now or timezone.now()
        return self.annotate(
            status_code=models.Case(
                models.When(evaluated_at__isnull=False, then=models.Value(ChallengeStatus.EVALUATED.value)),
                models.When(opens_at__gt=now, then=models.Value(ChallengeStatus.UPCOMING.value)),
                models.When(closes_at__gt=now, then=models.Value(ChallengeStatus.OPEN.value)),
                default=models.Value(ChallengeStatus.CLOSED.value),
                output_field=models.CharField(),
            )
        )

    def open(self, now=None):
        now = now or timezone.now()
        return self.filter(evaluated_at__isnull=True, opens_at__lte=now, closes_at__gt=now)


class Challenge(models.Model):
    """A precise question a sponsor puts to employees for a limited time.

    The status is derived, never stored: upcoming before `opens_at`, open until `closes_at`,
    then closed; evaluated once the sponsor has announced the winners (`evaluated_at`, the
    only stored step, with `results_note`). Opening and closing thus happen by the clock,
    with no job to run and no state to drift; the shortlist and the winners are marked on
    the ideas themselves (Idea.challenge_shortlisted_at / challenge_winner_at).
    """

    title = models.CharField(_("title"), max_length=160)
    question = models.CharField(_("question"), max_length=300, help_text=_("The precise question employees answer."))
    context = models.TextField(_("context"), blank=True, help_text=_("Markdown is accepted."))
    context_html = models.TextField(editable=False, default="")
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="sponsored_challenges", verbose_name=_("sponsor")
    )
    themes = models.ManyToManyField(Theme, related_name="challenges", verbose_name=_("themes"))
    target_entities = models.ManyToManyField(
        Entity, blank=True, related_name="challenges", verbose_name=_("business units addressed"),
        help_text=_("Leave empty to address everyone."),
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the sponsor announces the winners: the challenge is then "evaluated".
    evaluated_at = models.DateTimeField(null=True, blank=True)
    results_note = models.TextField(_("results note"), blank=True, help_text=_("Markdown is accepted."))
    results_note_html = models.TextField(editable=False, default="")

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-opens_at", "-id"]
        indexes = [models.Index(fields=["closes_at", "opens_at"], name="challenge_dates")]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="challenge_closes_after_opening"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ideas:challenge_detail", args=[self.pk])

    def status_at(self, now) -> str:
        if self.evaluated_at is not None:
            return ChallengeStatus.EVALUATED
        if now < self.opens_at:
            return ChallengeStatus.UPCOMING
        if now < self.closes_at:
            return ChallengeStatus.OPEN
        return ChallengeStatus.CLOSED

    @property
    def status(self) -> str:
        return self.status_at(timezone.now())

    def get_status_display(self) -> str:
        return ChallengeStatus(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status == ChallengeStatus.OPEN


class Stage(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("awaiting validation")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("rejected")
    MERGED = "merged", _("merged")
    POTENTIAL = "potential", _("has potential")
    ANALYSIS = "analysis", _("awaiting analysis")
    PROJECT = "project", _("in project")
    PILOT = "pilot", _("in pilot")
    DEPLOYED = "deployed", _("deployed")
    NOT_RETAINED = "not_retained", _("not retained")


# Stages seen by every employee; the earlier ones only by the author and moderators.
PUBLIC_STAGES = frozenset(
    {Stage.PUBLISHED, Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT, Stage.DEPLOYED,
     Stage.NOT_RETAINED, Stage.MERGED}
)
# Stages browsed in lists: a merged idea lives on in the idea it went into.
LISTED_STAGES = PUBLIC_STAGES - {Stage.MERGED}
# Stages in which colleagues may still support and comment.
OPEN_STAGES = frozenset({Stage.PUBLISHED, Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT, Stage.DEPLOYED})
EDITABLE_STAGES = frozenset({Stage.DRAFT, Stage.CHANGES_REQUESTED})


class Idea(models.Model):
    title = models.CharField(_("title"), max_length=160)
    body = models.TextField(_("description"), help_text=_("Markdown is accepted."))
    body_html = models.TextField(editable=False, default="")
    theme = models.ForeignKey(Theme, models.PROTECT, related_name="ideas", verbose_name=_("theme"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="ideas", verbose_name=_("author"))
    # The unit the author belonged to when posting: a later move must not rewrite history.
    author_entity = models.ForeignKey(
        Entity, models.PROTECT, null=True, blank=True, related_name="ideas", verbose_name=_("business unit")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    stage_changed_at = models.DateTimeField(null=True, blank=True)
    # Counters kept exact by F() updates in the same transaction as the rows they count.
    support_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    # Supports of the last TRENDING_WINDOW_DAYS (the trending sort): raised and lowered with
    # each support like support_count, and recounted from the rows by `refresh_trending`
    # (hourly), which lets the supports that aged out of the window go.
    recent_support_count = models.PositiveIntegerField(default=0)
    # PostgreSQL only (ideas.search keeps it); SQLite searches the text itself.
    search_vector = SearchVectorField(null=True, editable=False)
    # Hidden by moderation (flags or a community manager): a tombstone with the reason for
    # colleagues, the full idea for its author and moderators; takes no supports or comments.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.TextField(blank=True)
    # Set while the idea is merged into another (stage "merged"); cleared when undone.
    merged_into = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="merged_ideas", verbose_name=_("merged into")
    )
    # Pipeline: who carries the idea now, and what it brought once deployed.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="owned_ideas",
        verbose_name=_("owner"),
    )
    benefit_savings_eur = models.PositiveIntegerField(_("annual savings (euros)"), null=True, blank=True)
    benefit_quality = models.TextField(_("quality indicator"), blank=True)
    # The challenge this idea answers, if any (chosen while the challenge is open).
    challenge = models.ForeignKey(
        Challenge, models.PROTECT, null=True, blank=True, related_name="ideas", verbose_name=_("challenge")
    )
    # Marked by the sponsor once the challenge has closed; winners are announced together.
    challenge_shortlisted_at = models.DateTimeField(null=True, blank=True)
    challenge_winner_at = models.DateTimeField(null=True, blank=True)
    # Posted without one's name: colleagues see "a colleague"; the author, the theme's
    # correspondents and community managers still see who it is (rule ideas.see_idea_author).
    author_name_hidden = models.BooleanField(_("hide my name from colleagues"), default=False)
    # Raised in the same transaction as every change to what the idea's page shows alike to
    # everyone (its text, pictures, comments): the cached fragments are keyed by it
    # (ideas.fragments), so the next page never reads one made before the change.
    content_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["stage", "-published_at", "-id"], name="idea_stage_newest"),
            models.Index(fields=["stage", "-support_count", "-id"], name="idea_stage_supported"),
            models.Index(fields=["stage", "-comment_count", "-id"], name="idea_stage_discussed"),
            models.Index(fields=["theme", "stage"], name="idea_theme_stage"),
            models.Index(fields=["author", "stage"], name="idea_author_stage"),
            models.Index(fields=["stage", "submitted_at"], name="idea_queue"),
            models.Index(fields=["stage", "stage_changed_at"], name="idea_stage_age"),
            models.Index(fields=["challenge", "stage"], name="idea_challenge_stage"),
            # Browsing: visible ideas already in the order of each sort, so a page reads its
            # 20 rows instead of sorting every public idea (stage IN (...) defeats the stage
            # indexes above); `stage` is carried along so the page count reads only the index.
            # Newest: drafts and ideas awaiting validation have no publication date, and a
            # descending index puts them first: the page walked 4,400 of them at 10x.
            models.Index(fields=["-published_at", "-id"], include=["stage"],
                         condition=Q(hidden_at__isnull=True, published_at__isnull=False), name="idea_visible_newest"),
            models.Index(fields=["-support_count", "-published_at", "-id"], include=["stage"],
                         condition=Q(hidden_at__isnull=True), name="idea_visible_supported"),
            models.Index(fields=["-comment_count", "-published_at", "-id"], include=["stage"],
                         condition=Q(hidden_at__isnull=True), name="idea_visible_discussed"),
            models.Index(fields=["-recent_support_count", "-support_count", "-id"], include=["stage"],
                         condition=Q(hidden_at__isnull=True), name="idea_visible_trending"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(stage="merged"), name="idea_merged_into_only_when_merged"
            ),
            models.CheckConstraint(condition=~Q(merged_into=models.F("id")), name="idea_not_merged_into_itself"),
            models.CheckConstraint(condition=Q(support_count__gte=0), name="idea_support_count_non_negative"),
            models.CheckConstraint(condition=Q(comment_count__gte=0), name="idea_comment_count_non_negative"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ideas:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.stage in PUBLIC_STAGES

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def is_editable(self) -> bool:
        return self.stage in EDITABLE_STAGES

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


def idea_image_path(instance, filename):
    return f"ideas/{instance.idea_id}/{filename}"


class IdeaImage(models.Model):
    idea = models.ForeignKey(Idea, models.CASCADE, related_name="images")
    image = models.ImageField(upload_to=idea_image_path)
    thumbnail = models.ImageField(upload_to=idea_image_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt_text = models.CharField(_("description of the picture"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]


class StageChange(models.Model):
    """One row per lifecycle transition: who moved the idea, when, from where, and why."""

    idea = models.ForeignKey(Idea, models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    # The owner named at this step of the pipeline, if any.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["idea", "created_at"], name="stagechange_idea_time")]

    def __str__(self):
        return f"{self.idea_id}: {self.from_stage} → {self.to_stage}"


class Comment(models.Model):
    idea = models.ForeignKey(Idea, models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="comments")
    parent = models.ForeignKey("self", models.CASCADE, null=True, blank=True, related_name="replies")
    body = models.TextField(_("comment"))
    body_html = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.TextField(blank=True)
    # The idea's author found this comment helpful (facilitators are recognised by it).
    marked_helpful_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["idea", "created_at"], name="comment_idea_time")]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="comment_not_own_parent"),
        ]

    def __str__(self):
        # Kept in the audit log as the target's label: the words themselves, no language.
        return f"{self.author} · «{plain_excerpt(self.body, 80)}»"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Vote(models.Model):
    """A support: one per person and idea, enforced by the database."""

    idea = models.ForeignKey(Idea, models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="votes")
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when a merge carried this support over from another idea, so undoing the merge
    # removes exactly these and nobody's own support.
    merged_from = models.ForeignKey(Idea, models.CASCADE, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="one_support_per_user_and_idea")]
        indexes = [
            models.Index(fields=["idea", "created_at"], name="vote_idea_time"),
            # The supports of the last days (trending sort), read without the table.
            models.Index(fields=["created_at", "idea"], name="vote_recent"),
        ]


class Follow(models.Model):
    """Someone follows an idea: they hear of its comments, stage changes and merges."""

    idea = models.ForeignKey(Idea, models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)
    merged_from = models.ForeignKey(Idea, models.CASCADE, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="one_follow_per_user_and_idea")]
        indexes = [models.Index(fields=["user", "created_at"], name="follow_user_time")]


class Coauthor(models.Model):
    """A co-author credited on an idea, e.g. the author of an idea merged into it."""

    idea = models.ForeignKey(Idea, models.CASCADE, related_name="coauthors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="coauthored")
    merged_from = models.ForeignKey(Idea, models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="one_coauthorship_per_user_and_idea")]


class FragmentVersion(models.Model):
    """A counter raised in the same transaction as the data a family of cached fragments
    shows, when that data is not one idea's: "choices" (themes, business units and
    challenges offered by the filters and named on pages). See ideas.fragments."""

    name = models.CharField(max_length=40, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.name} {self.value}"


class Concept(models.Model):
    """One entry of the bilingual lexicon the similar-ideas engine reads (ideas.meaning):
    the French and English words and phrases that mean the same thing in the company, so
    that ideas written with one of them find ideas written with another."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    words = models.TextField(_("words and phrases"), help_text=_(
        "French and English words or phrases that mean this, separated by commas."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")

    def __str__(self):
        return self.name


class IdeaTerms(models.Model):
    """An idea's terms (words and concepts) as the similar-ideas engine compares them,
    computed after each change of its title or description (ideas.similar)."""

    idea = models.OneToOneField(Idea, models.CASCADE, primary_key=True, related_name="terms")
    title_terms = models.JSONField(default=list)
    body_terms = models.JSONField(default=list)
    # The lexicon the terms were computed with: other terms are computed again.
    lexicon_version = models.CharField(max_length=16)
    text_digest = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)
