"""The oracle of the report's rollups: every figure computed directly from the ideas,
comments, supports and stage history, as the report did before it read summary tables.
tests/reports/test_rollups.py checks that the report (reports.selectors) gives the same
figures for random data and filters. Not used by the site."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery, Sum, Window
from django.db import connection
from django.db.models.functions import Lead, Substr, TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import Entity
from gamification.models import Segment, SegmentSnapshot
from ideas.models import Challenge, Coauthor, Comment, Idea, Stage, StageChange, Theme, Vote

from reports.models import LoginDay
from reports.tables import DAYS, INT, LABEL, PERCENT, TEXT, Column, Table, share

# The main flow of an idea, in order; the funnel counts the ideas that reached each step.
FUNNEL = [Stage.SUBMITTED, Stage.PUBLISHED, Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT,
          Stage.DEPLOYED]
# Ways out of the flow, shown beside it.
EXITS = [Stage.REJECTED, Stage.MERGED, Stage.NOT_RETAINED]
# Stages an idea should not rest in for long (published is where ideas live: not stuck).
WAITING = [Stage.SUBMITTED, Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT]
# Eurêka's reading of the ideas with potential: "awaiting analysis" is both our stages
# "has potential" (not yet looked at) and "awaiting analysis" (being looked at).
POTENTIAL_GROUPS = [
    ("awaiting_analysis", (Stage.POTENTIAL, Stage.ANALYSIS)),
    ("project", (Stage.PROJECT,)),
    ("pilot", (Stage.PILOT,)),
    ("deployed", (Stage.DEPLOYED,)),
    ("not_retained", (Stage.NOT_RETAINED,)),
]
STUCK_LISTED = 10


@dataclass(frozen=True)
class Filters:
    start: datetime | None = None  # inclusive
    end: datetime | None = None  # exclusive
    entity: Entity | None = None
    theme: Theme | None = None
    challenge: Challenge | None = None

    def during(self, field: str) -> Q:
        q = Q()
        if self.start is not None:
            q &= Q(**{f"{field}__gte": self.start})
        if self.end is not None:
            q &= Q(**{f"{field}__lt": self.end})
        return q

    def during_days(self, field: str) -> Q:
        q = Q()
        if self.start is not None:
            q &= Q(**{f"{field}__gte": timezone.localtime(self.start).date()})
        if self.end is not None:
            q &= Q(**{f"{field}__lt": timezone.localtime(self.end).date()})
        return q

    def idea_q(self, prefix: str = "") -> Q:
        """The theme and challenge filters, on an idea reached through `prefix`."""
        q = Q()
        if self.theme is not None:
            q &= Q(**{f"{prefix}theme": self.theme})
        if self.challenge is not None:
            q &= Q(**{f"{prefix}challenge": self.challenge})
        return q

    def on_ideas_q(self, field: str = "idea") -> Q:
        """The theme and challenge filters on rows pointing at an idea (supports, comments).
        An IN (subquery) is computed once; a join to the ideas made SQLite walk every
        support of the theme for each person (18 s at Eurêka's size)."""
        if self.theme is None and self.challenge is None:
            return Q()
        return Q(**{f"{field}__in": Idea.objects.filter(self.idea_q()).values("pk")})

    def units(self) -> QuerySet:
        return Entity.objects.filter(path__startswith=self.entity.path).values("pk")

    def unit_q(self, field: str) -> Q:
        """The business-unit filter (with sub-units) on a foreign key to a unit."""
        if self.entity is None:
            return Q()
        return Q(**{f"{field}__in": self.units()})

    def person_q(self, field: str) -> Q:
        """The business-unit filter on a foreign key to a person (their unit today)."""
        if self.entity is None:
            return Q()
        return Q(**{f"{field}__in": get_user_model().objects.filter(entity__in=self.units()).values("pk")})


def ideas(filters: Filters) -> QuerySet:
    """Ideas in scope (theme, challenge, author's unit), whatever their dates."""
    return Idea.objects.filter(filters.idea_q(), filters.unit_q("author_entity"))


def submitted_ideas(filters: Filters) -> QuerySet:
    """Ideas submitted during the period: the cohort the funnel follows."""
    return ideas(filters).filter(filters.during("submitted_at"), submitted_at__isnull=False)


# --- Pipeline ---------------------------------------------------------------------------


def funnel(filters: Filters) -> dict:
    """The cohort by current stage and by stage reached, with conversions, the ideas with
    potential in Eurêka's terms, and declared benefits of deployments in the period."""
    cohort = submitted_ideas(filters)
    current = dict(cohort.order_by().values_list("stage").annotate(n=Count("pk")))
    reached = dict(
        StageChange.objects.filter(idea__in=cohort.values("pk"), to_stage__in=FUNNEL[1:] + EXITS)
        .order_by().values_list("to_stage").annotate(n=Count("idea_id", distinct=True))
    )
    reached[Stage.SUBMITTED] = sum(current.values())

    rows, previous = [], None
    for stage in FUNNEL:
        n = reached.get(stage, 0)
        rows.append([str(Stage(stage).label), current.get(stage, 0), n,
                     share(n, previous) if previous is not None else None])
        previous = n
    for stage in EXITS:
        rows.append([str(Stage(stage).label), current.get(stage, 0), reached.get(stage, 0), None])
    funnel_table = Table(
        id="funnel", caption=_("Ideas by stage"),
        columns=[Column(_("Stage"), LABEL), Column(_("Now in this stage")), Column(_("Reached this stage")),
                 Column(_("Conversion from the previous stage"), PERCENT)],
        rows=rows, chart="funnel", chart_columns=(2,),
        note=_("Ideas submitted during the period; “reached” counts every idea that went through the stage."),
    )

    labels = {
        "awaiting_analysis": pgettext("report", "awaiting analysis"), "project": pgettext("report", "in project"),
        "pilot": pgettext("report", "in pilot"), "deployed": pgettext("report", "deployed"),
        "not_retained": pgettext("report", "not retained"),
    }
    with_potential = reached.get(Stage.POTENTIAL, 0)
    potential_rows = []
    for key, stages in POTENTIAL_GROUPS:
        n = sum(current.get(stage, 0) for stage in stages)
        potential_rows.append([str(labels[key]), n, share(n, with_potential)])
    potential_rows.append([_("Total with potential"), with_potential, share(with_potential, with_potential)])
    potential_table = Table(
        id="potential", caption=_("Ideas with potential, where they are now"),
        columns=[Column(_("Where"), LABEL), Column(_("Ideas")), Column(_("Share"), PERCENT)],
        rows=potential_rows, chart="bar", chart_columns=(1,),
        note=_("“Awaiting analysis” counts the ideas marked as having potential and those under analysis."),
    )

    deployed = ideas(filters).filter(
        Exists(StageChange.objects.filter(filters.during("created_at"), idea=OuterRef("pk"), to_stage=Stage.DEPLOYED)),
        stage=Stage.DEPLOYED,
    ).aggregate(n=Count("pk"), savings=Sum("benefit_savings_eur"),
                with_savings=Count("pk", filter=Q(benefit_savings_eur__isnull=False)),
                with_quality=Count("pk", filter=~Q(benefit_quality="")))
    benefits_table = Table(
        id="benefits", caption=_("Declared benefits of the ideas deployed during the period"),
        columns=[Column(_("Figure"), LABEL), Column(_("Value"), INT)],
        rows=[
            [_("Ideas deployed"), deployed["n"]],
            [_("Annual savings declared (euros)"), deployed["savings"] or 0],
            [_("Ideas with declared savings"), deployed["with_savings"]],
            [_("Ideas with a quality indicator"), deployed["with_quality"]],
        ],
    )
    return {"funnel": funnel_table, "potential": potential_table, "benefits": benefits_table,
            "reached": reached, "current": current}


def _percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of sorted values (the 90th of 10 values is the 9th)."""
    rank = max(1, -(-len(values) * fraction // 1))
    return values[int(rank) - 1]


def stage_durations(filters: Filters) -> Table:
    """Median and 90th percentile of the days ideas spent in each stage, over the stays that
    began during the period and have ended (an idea still in a stage is in the stuck table)."""
    changes = (
        StageChange.objects.filter(idea__in=ideas(filters).values("pk"))
        .annotate(left_at=Window(Lead("created_at"), partition_by=[F("idea_id")],
                                 order_by=[F("created_at").asc(), F("id").asc()]))
        .values_list("to_stage", "created_at", "left_at")
    )
    stays: dict[str, list[float]] = {stage: [] for stage in FUNNEL[:-1]}
    for stage, entered, left in changes:
        if left is None or stage not in stays:
            continue
        if (filters.start and entered < filters.start) or (filters.end and entered >= filters.end):
            continue
        stays[stage].append((left - entered).total_seconds() / 86400)
    rows = []
    for stage, days in stays.items():
        days.sort()
        rows.append([str(Stage(stage).label), len(days), round(median(days), 1) if days else None,
                     round(_percentile(days, 0.9), 1) if days else None])
    return Table(
        id="durations", caption=_("Time spent in each stage (days)"),
        columns=[Column(_("Stage"), LABEL), Column(_("Stays ended")), Column(_("Median"), DAYS),
                 Column(_("90th percentile"), DAYS)],
        rows=rows, chart="bar", chart_columns=(2, 3),
    )


def stuck_ideas(filters: Filters, *, now=None) -> dict:
    """Ideas waiting in a stage of the flow for longer than REPORT_STUCK_AFTER_DAYS, now."""
    now = now or timezone.now()
    days = settings.REPORT_STUCK_AFTER_DAYS
    stuck = ideas(filters).filter(stage__in=WAITING, stage_changed_at__lt=now - timedelta(days=days),
                                  hidden_at__isnull=True)
    counts = dict(stuck.order_by().values_list("stage").annotate(n=Count("pk")))
    table = Table(
        id="stuck", caption=_("Ideas waiting for more than %(days)d days") % {"days": days},
        columns=[Column(_("Stage"), LABEL), Column(_("Ideas"))],
        rows=[[str(Stage(stage).label), counts.get(stage, 0)] for stage in WAITING],
    )
    oldest = list(stuck.select_related("theme").order_by("stage_changed_at", "pk")[:STUCK_LISTED])
    for idea in oldest:
        idea.waiting_days = (now - idea.stage_changed_at).days
    return {"table": table, "oldest": oldest, "days": days}


# --- Participation ----------------------------------------------------------------------


def _participation_flags(filters: Filters) -> dict:
    """Conditions on a person for each way of taking part in the period, each an IN over
    the people who did it (computed once per query, not once per person). Each list is
    made distinct first: PostgreSQL keeps an IN list in a hash only when it fits in
    work_mem, and a million supports did not, so it scanned them again for each of 45,730
    people (minutes at 10x; the distinct supporters fit)."""
    def who(queryset: QuerySet, field: str) -> QuerySet:
        return queryset.order_by().values(field).distinct()

    logged_in = Q(pk__in=who(LoginDay.objects.filter(filters.during_days("day")), "user_id"))
    if filters.start is not None or filters.end is not None:
        logged_in |= Q(filters.during("last_login"), last_login__isnull=False)
    else:
        logged_in |= Q(last_login__isnull=False)
    return {
        "logged_in": logged_in,
        "posted": Q(pk__in=who(Idea.objects.filter(filters.during("submitted_at"), filters.idea_q(),
                                                   submitted_at__isnull=False), "author_id")),
        "commented": Q(pk__in=who(Comment.objects.filter(filters.during("created_at"), filters.on_ideas_q(),
                                                         deleted_at__isnull=True), "author_id")),
        "supported": Q(pk__in=who(Vote.objects.filter(filters.during("created_at"), filters.on_ideas_q(),
                                                      merged_from__isnull=True), "user_id")),
    }


PARTICIPATION = ("logged_in", "posted", "commented", "supported", "contributed")


def _participation_aggregates(flags: dict) -> dict:
    contributed = flags["posted"] | flags["commented"] | flags["supported"]
    aggregates = {"people": Count("pk")}
    for name in PARTICIPATION[:-1]:
        aggregates[name] = Count("pk", filter=Q(flags[name]))
    aggregates["contributed"] = Count("pk", filter=Q(contributed))
    return aggregates


def _participation_labels() -> list[Column]:
    return [
        Column(_("Active employees")), Column(_("Signed in"), PERCENT), Column(_("Posted an idea"), PERCENT),
        Column(_("Commented"), PERCENT), Column(_("Supported"), PERCENT), Column(_("Took part"), PERCENT),
    ]


def _participation_row(label: str, figures: dict) -> list:
    people = figures["people"]
    return [label, people, *(share(figures[name], people) for name in PARTICIPATION)]


def people(filters: Filters) -> QuerySet:
    return get_user_model().objects.filter(filters.unit_q("entity"), is_active=True)


def participation(filters: Filters, *, buckets: "EntityBuckets") -> dict:
    flags = _participation_flags(filters)
    aggregates = _participation_aggregates(flags)
    overall = people(filters).aggregate(**aggregates)
    overall_table = Table(
        id="participation", caption=_("Participation"),
        columns=[Column(_("Way of taking part"), LABEL), Column(_("People")), Column(_("Share of active employees"),
                                                                                      PERCENT)],
        rows=[[label, overall[name], share(overall[name], overall["people"])] for name, label in (
            ("logged_in", _("Signed in")), ("posted", _("Posted an idea")), ("commented", _("Commented")),
            ("supported", _("Supported")), ("contributed", _("Took part (posted, commented or supported)")),
        )],
        chart="bar", chart_columns=(2,),
        note=_("%(people)d active employees in scope.") % {"people": overall["people"]},
    )

    per_entity = people(filters).order_by().values("entity_id").annotate(**aggregates)
    summed = buckets.sum(per_entity, "entity_id", ["people", *PARTICIPATION])
    entity_table = Table(
        id="participation-entities", caption=_("Participation by business unit"),
        columns=[Column(_("Business unit"), LABEL), *_participation_labels()],
        rows=[_participation_row(label, figures) for label, figures in summed],
        chart="hbar", chart_columns=(2, 3, 4, 5),
    )

    week = SegmentSnapshot.objects.order_by("-week").values_list("week", flat=True).first()
    segment_rows = []
    if week is not None:
        latest = SegmentSnapshot.objects.filter(week=week, user=OuterRef("pk")).values("segment")[:1]
        per_segment = {
            row["segment"]: row for row in people(filters).annotate(segment=Subquery(latest))
            .order_by().values("segment").annotate(**aggregates)
        }
        for segment in Segment:
            if segment.value in per_segment:
                segment_rows.append(_participation_row(str(segment.label), per_segment[segment.value]))
    segment_table = Table(
        id="participation-segments", caption=_("Participation by contributor segment"),
        columns=[Column(_("Segment"), LABEL), *_participation_labels()], rows=segment_rows,
        note=(_("Segments of the week of %(week)s.") % {"week": week.isoformat()}) if week else
        _("No segment snapshot yet."),
    )

    # Each person's first idea, comment and support (one grouped query each, read in one
    # pass): a correlated minimum per person took 2 s on SQLite at Eurêka's size.
    first: dict[int, datetime] = {}
    for query, person in (
        (Idea.objects.filter(submitted_at__isnull=False).values("author_id").annotate(first=Min("submitted_at")),
         "author_id"),
        (Comment.objects.values("author_id").annotate(first=Min("created_at")), "author_id"),
        (Vote.objects.filter(merged_from__isnull=True).values("user_id").annotate(first=Min("created_at")), "user_id"),
    ):
        for pk, moment in query.filter(filters.person_q(person)).order_by().values_list(person, "first"):
            if pk not in first or moment < first[pk]:
                first[pk] = moment
    months: dict[str, int] = {}
    for moment in first.values():
        if (filters.start and moment < filters.start) or (filters.end and moment >= filters.end):
            continue
        month = timezone.localtime(moment).strftime("%Y-%m")
        months[month] = months.get(month, 0) + 1
    new_table = Table(
        id="new-contributors", caption=_("New contributors per month"),
        columns=[Column(_("Month"), LABEL), Column(_("People contributing for the first time"))],
        rows=[[month, months[month]] for month in sorted(months)], chart="line", chart_columns=(1,),
    )
    return {"overall": overall_table, "entities": entity_table, "segments": segment_table, "new": new_table,
            "figures": overall}


def _week_label(moment) -> str:
    day = moment.date() if isinstance(moment, datetime) else moment
    return day.isoformat()


# --- Business units ---------------------------------------------------------------------


class EntityBuckets:
    """Business units shown one row each: the sub-units of the chosen unit (or of the
    group), each with everything below it; people attached to the chosen unit itself (a
    group's chief executive) get a row of their own when there are any."""

    def __init__(self, chosen: Entity | None):
        units = list(Entity.objects.order_by("path").values_list("pk", "name", "path", "parent_id"))
        if chosen is None:
            roots = [u for u in units if u[3] is None]
            chosen_row = roots[0] if len(roots) == 1 else None
        else:
            chosen_row = next((u for u in units if u[0] == chosen.pk), None)
        children = [u for u in units if chosen_row is not None and u[3] == chosen_row[0]]
        shown = children or ([chosen_row] if chosen_row is not None else [u for u in units if u[3] is None])
        self.rows = [(pk, name) for pk, name, _path, _parent in shown]
        self.itself = None
        if children:
            self.itself = (chosen_row[0], _("%(unit)s itself") % {"unit": chosen_row[1]})
        self.bucket_of: dict[int, int] = {}
        for pk, _name, path, _parent in units:
            for shown_pk, _name2, shown_path, _parent2 in shown:
                if path.startswith(shown_path):
                    self.bucket_of[pk] = shown_pk
        if self.itself is not None:
            self.bucket_of[self.itself[0]] = self.itself[0]

    def sum(self, rows, key: str, names: list[str]) -> list[tuple[str, dict]]:
        totals = {pk: dict.fromkeys(names, 0) for pk, _name in self.rows}
        itself = dict.fromkeys(names, 0)
        if self.itself is not None:
            totals[self.itself[0]] = itself
        other = dict.fromkeys(names, 0)
        for row in rows:
            target = totals.get(self.bucket_of.get(row[key]), other)
            for name in names:
                target[name] += row.get(name) or 0
        result = [(name, totals[pk]) for pk, name in self.rows]
        if self.itself is not None and any(itself.values()):
            result.append((self.itself[1], itself))
        if any(other.values()):
            result.append((_("Elsewhere or no business unit"), other))
        return result


def by_entity(filters: Filters, *, buckets: EntityBuckets) -> dict:
    """Ideas, supports and deployments per business unit, and the flow across units."""
    outside_supports = Vote.objects.filter(idea=OuterRef("pk"), merged_from__isnull=True).exclude(
        user__entity_id=OuterRef("author_entity_id"))
    outside_comments = Comment.objects.filter(idea=OuterRef("pk"), deleted_at__isnull=True).exclude(
        author__entity_id=OuterRef("author_entity_id"))
    outside_coauthors = Coauthor.objects.filter(idea=OuterRef("pk")).exclude(
        user__entity_id=OuterRef("author_entity_id"))
    idea_rows = submitted_ideas(filters).order_by().values("author_entity_id").annotate(
        ideas=Count("pk"),
        supported_outside=Count("pk", filter=Q(Exists(outside_supports))),
        developed_outside=Count("pk", filter=Q(Exists(outside_comments) | Exists(outside_coauthors))),
    )
    votes = Vote.objects.filter(filters.during("created_at"), filters.on_ideas_q(), merged_from__isnull=True)
    received = votes.filter(filters.unit_q("idea__author_entity")).order_by().values(
        "idea__author_entity_id").annotate(
        received=Count("pk"), received_outside=Count("pk", filter=~Q(user__entity_id=F("idea__author_entity_id"))))
    given = votes.filter(filters.person_q("user")).order_by().values("user__entity_id").annotate(
        given=Count("pk"))
    deployed = ideas(filters).filter(Exists(StageChange.objects.filter(
        filters.during("created_at"), idea=OuterRef("pk"), to_stage=Stage.DEPLOYED)), stage=Stage.DEPLOYED)
    deployments = deployed.order_by().values("author_entity_id").annotate(deployed=Count("pk"))

    names = ["ideas", "supported_outside", "developed_outside", "received", "received_outside", "given", "deployed"]
    merged: dict = {}
    for rows, key in ((idea_rows, "author_entity_id"), (received, "idea__author_entity_id"),
                      (given, "user__entity_id"), (deployments, "author_entity_id")):
        for row in rows:
            merged.setdefault(row[key], {"key": row[key]}).update({k: v for k, v in row.items() if k != key})
    summed = buckets.sum(merged.values(), "key", names)
    table = Table(
        id="entities", caption=_("Ideas, supports and deployments by business unit"),
        columns=[Column(_("Business unit"), LABEL), Column(_("Ideas submitted")), Column(_("Supports given")),
                 Column(_("Supports received")), Column(_("Ideas deployed"))],
        rows=[[label, f["ideas"], f["given"], f["received"], f["deployed"]] for label, f in summed],
        chart="hbar", chart_columns=(1, 4),
    )
    flow = Table(
        id="cross-entity", caption=_("Across business units"),
        columns=[Column(_("Business unit"), LABEL), Column(_("Ideas submitted")),
                 Column(_("Supported by other units"), PERCENT), Column(_("Developed with other units"), PERCENT),
                 Column(_("Supports received from other units"), PERCENT)],
        rows=[[label, f["ideas"], share(f["supported_outside"], f["ideas"]), share(f["developed_outside"], f["ideas"]),
               share(f["received_outside"], f["received"])] for label, f in summed],
        note=_("An idea is developed with other units when someone of another unit commented on it or co-authors "
               "it; units are the author's when the idea was posted and the others' today."),
    )
    return {"table": table, "flow": flow}


def by_theme(filters: Filters) -> Table:
    themes = list(Theme.objects.order_by("position", "slug"))
    if filters.theme is not None:
        themes = [theme for theme in themes if theme.pk == filters.theme.pk]
    submitted = dict(submitted_ideas(filters).order_by().values_list("theme_id").annotate(n=Count("pk")))
    supports = dict(
        Vote.objects.filter(filters.during("created_at"), filters.on_ideas_q(), filters.person_q("user"),
                            merged_from__isnull=True).order_by().values_list("idea__theme_id").annotate(n=Count("pk"))
    )
    deployed = dict(
        ideas(filters).filter(Exists(StageChange.objects.filter(
            filters.during("created_at"), idea=OuterRef("pk"), to_stage=Stage.DEPLOYED)), stage=Stage.DEPLOYED)
        .order_by().values_list("theme_id").annotate(n=Count("pk"))
    )
    rows = [[theme.name, submitted.get(theme.pk, 0), supports.get(theme.pk, 0), deployed.get(theme.pk, 0)]
            for theme in themes]
    rows.sort(key=lambda row: (-row[1], row[0]))
    return Table(
        id="themes", caption=_("Ideas, supports and deployments by theme"),
        columns=[Column(_("Theme"), LABEL), Column(_("Ideas submitted")), Column(_("Supports given")),
                 Column(_("Ideas deployed"))],
        rows=rows, chart="hbar", chart_columns=(1, 2),
    )


# --- Over time --------------------------------------------------------------------------


def _per_week(queryset: QuerySet, field: str) -> dict[date, int]:
    """{Monday: count} of the rows, by the local week of `field`. SQLite truncates dates in
    Python, one call per row (5.7 s for Eurêka's 100,000 supports): there the rows are
    counted per stored UTC hour in SQL (at most 24 a day, whatever the volume) and the
    hours placed in their local week here."""
    weeks: dict[date, int] = {}
    if connection.vendor == "sqlite":
        hours = queryset.annotate(hour=Substr(field, 1, 13)).order_by().values_list("hour").annotate(n=Count("pk"))
        for hour, n in hours:
            moment = datetime.fromisoformat(f"{hour}:00:00+00:00")
            day = timezone.localtime(moment).date()
            monday = day - timedelta(days=day.weekday())
            weeks[monday] = weeks.get(monday, 0) + n
        return weeks
    for week, n in queryset.annotate(week=TruncWeek(field)).order_by().values_list("week").annotate(n=Count("pk")):
        weeks[_as_date(week)] = weeks.get(_as_date(week), 0) + n
    return weeks


def weekly(filters: Filters) -> Table:
    by_day = [
        _per_week(submitted_ideas(filters), "submitted_at"),
        _per_week(Comment.objects.filter(filters.during("created_at"), filters.on_ideas_q(),
                                         filters.person_q("author"), deleted_at__isnull=True), "created_at"),
        _per_week(Vote.objects.filter(filters.during("created_at"), filters.on_ideas_q(),
                                      filters.person_q("user"), merged_from__isnull=True), "created_at"),
    ]
    weeks = sorted({week for source in by_day for week in source})
    rows = [[_week_label(week), *(source.get(week, 0) for source in by_day)] for week in _every_week(weeks)]
    return Table(
        id="weekly", caption=_("Ideas, comments and supports per week"),
        columns=[Column(_("Week of"), LABEL), Column(_("Ideas submitted")), Column(_("Comments")),
                 Column(_("Supports"))],
        rows=rows, chart="line", chart_columns=(1, 2, 3),
    )


def _as_date(value) -> date:
    return timezone.localtime(value).date() if isinstance(value, datetime) else value


def _every_week(weeks: list[date]) -> list[date]:
    """Every Monday from the first week with activity to the last, quiet weeks included."""
    if not weeks:
        return []
    result, week = [], weeks[0]
    while week <= weeks[-1]:
        result.append(week)
        week += timedelta(days=7)
    return result


# --- Challenges -------------------------------------------------------------------------

CHALLENGES_LISTED = 20


def challenge_results(filters: Filters) -> dict:
    """Per challenge (the chosen one, or the latest ones): ideas, participants, supports,
    shortlisted and winning ideas; and the chosen challenge's winners."""
    challenges = Challenge.objects.order_by("-opens_at", "-id")
    if filters.challenge is not None:
        challenges = challenges.filter(pk=filters.challenge.pk)
    chosen = list(challenges[:CHALLENGES_LISTED])
    if not chosen:
        return {"table": None, "winners": []}
    rows = {
        row["challenge_id"]: row for row in Idea.objects.filter(
            filters.unit_q("author_entity"), challenge__in=[c.pk for c in chosen], submitted_at__isnull=False,
        ).order_by().values("challenge_id").annotate(
            ideas=Count("pk"), authors=Count("author_id", distinct=True), supports=Sum("support_count"),
            shortlisted=Count("pk", filter=Q(challenge_shortlisted_at__isnull=False)),
            winners=Count("pk", filter=Q(challenge_winner_at__isnull=False)),
        )
    }
    table = Table(
        id="challenges", caption=_("Challenge results"),
        columns=[Column(_("Challenge"), LABEL), Column(_("Status"), TEXT), Column(_("Ideas submitted")),
                 Column(_("Authors")), Column(_("Supports")), Column(_("Shortlisted")), Column(_("Winners"))],
        rows=[[c.title, str(c.get_status_display()), *(
            (rows.get(c.pk) or {}).get(name) or 0 for name in ("ideas", "authors", "supports", "shortlisted", "winners")
        )] for c in chosen],
        chart="hbar" if filters.challenge is None else None, chart_columns=(2,),
    )
    winners = []
    if filters.challenge is not None:
        winners = list(Idea.objects.filter(challenge=filters.challenge).filter(
            Q(challenge_winner_at__isnull=False) | Q(challenge_shortlisted_at__isnull=False)
        ).order_by(F("challenge_winner_at").desc(nulls_last=True), "-support_count", "pk")[:20])
    return {"table": table, "winners": winners}


# --- The whole report -------------------------------------------------------------------


def report(filters: Filters) -> dict:
    buckets = EntityBuckets(filters.entity)
    pipeline = funnel(filters)
    part = participation(filters, buckets=buckets)
    entities = by_entity(filters, buckets=buckets)
    stuck = stuck_ideas(filters)
    challenges = challenge_results(filters)
    return {
        "pipeline": pipeline, "durations": stage_durations(filters), "stuck": stuck, "participation": part,
        "themes": by_theme(filters), "entities": entities, "weekly": weekly(filters), "challenges": challenges,
    }


def report_tables(data: dict) -> list[Table]:
    """Every table of the report, in page order (for the exports)."""
    tables = [
        data["pipeline"]["funnel"], data["pipeline"]["potential"], data["durations"], data["stuck"]["table"],
        data["pipeline"]["benefits"], data["participation"]["overall"], data["participation"]["entities"],
        data["participation"]["segments"], data["participation"]["new"], data["themes"], data["entities"]["table"],
        data["entities"]["flow"], data["weekly"],
    ]
    if data["challenges"]["table"] is not None:
        tables.append(data["challenges"]["table"])
    return tables
