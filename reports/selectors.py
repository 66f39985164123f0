"""The executive report's figures, read from its summary tables (reports/models.py:
IdeaRollup, StageStay, ActivityDay, FirstContribution, kept by reports/rollups.py) with
aggregate queries: a fixed number of queries whatever the size of the data
(tests/reports/test_query_counts.py), and the same figures as the raw tables give
(tests/reports/test_rollups.py checks them against tests/reports/direct.py).

What the filters mean (also in the README):
- period: ideas count from their submission, comments and supports from when they were
  written, deployments from the day the idea reached "deployed", sign-ins by day;
- business unit (with its sub-units): the person acting — the author's unit when the idea
  was posted (Idea.author_entity), the unit of whoever comments, supports or signs in;
- theme and challenge: the idea concerned (comments and supports on ideas of that theme).

Periods are whole local days (the filter form's): ideas, comments, supports and sign-ins
are summed per day; only stage changes keep their time.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import Entity
from gamification.models import Segment, SegmentSnapshot
from ideas.models import Challenge, Idea, Stage, Theme

from .models import ActivityDay, FirstContribution, IdeaRollup, LoginDay, StageStay
from .tables import DAYS, INT, LABEL, PERCENT, TEXT, Column, Table, share

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
    """Ideas in scope (theme, challenge, author's unit), whatever their dates: their rollup rows."""
    return IdeaRollup.objects.filter(filters.idea_q(), filters.unit_q("author_entity"))


def submitted_ideas(filters: Filters) -> QuerySet:
    """Ideas submitted during the period: the cohort the funnel follows."""
    return ideas(filters).filter(filters.during_days("submitted_day"), submitted_day__isnull=False)


def deployed_ideas(filters: Filters) -> QuerySet:
    """Ideas in scope that reached "deployed" during the period and are still there."""
    deployments = StageStay.objects.filter(filters.during("entered_at"), stage=Stage.DEPLOYED)
    return ideas(filters).filter(stage=Stage.DEPLOYED, idea_id__in=deployments.values("idea_id"))


def activity(filters: Filters) -> QuerySet:
    """People's days of activity in the period on ideas of the theme and challenge."""
    return ActivityDay.objects.filter(filters.during_days("day"), filters.idea_q())


# --- Pipeline ---------------------------------------------------------------------------


def funnel(filters: Filters) -> dict:
    """The cohort by current stage and by stage reached, with conversions, the ideas with
    potential in Eurêka's terms, and declared benefits of deployments in the period."""
    cohort = submitted_ideas(filters)
    current = dict(cohort.order_by().values_list("stage").annotate(n=Count("pk")))
    reached = dict(
        StageStay.objects.filter(idea_id__in=cohort.values("idea_id"), stage__in=FUNNEL[1:] + EXITS)
        .order_by().values_list("stage").annotate(n=Count("idea_id", distinct=True))
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

    deployed = deployed_ideas(filters).aggregate(
        n=Count("pk"), savings=Sum("savings_eur"), with_savings=Count("pk", filter=Q(savings_eur__isnull=False)),
        with_quality=Count("pk", filter=Q(has_quality=True)))
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
    ended = StageStay.objects.filter(
        filters.during("entered_at"), idea_id__in=ideas(filters).values("idea_id"), stage__in=FUNNEL[:-1],
        left_at__isnull=False,
    ).order_by().values_list("stage", "days")
    stays: dict[str, list[float]] = {stage: [] for stage in FUNNEL[:-1]}
    for stage, days in ended:
        stays[stage].append(days)
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
    # Read from the ideas themselves: a handful waiting now, and the oldest listed by name.
    stuck = Idea.objects.filter(filters.idea_q(), filters.unit_q("author_entity"), stage__in=WAITING, stage_changed_at__lt=now - timedelta(days=days),
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


PARTICIPATION = ("logged_in", "posted", "commented", "supported", "contributed")


def _participants(filters: Filters, week: date | None) -> list[tuple]:
    """(unit, segment, signed in, posted, commented, supported) of each active person in
    scope, from their days of activity and sign-in days in the period: four reads, then
    counted here per unit and segment (one pass over the people)."""
    taking_part = {
        user_id: (posted > 0, commented > 0, supported > 0)
        for user_id, posted, commented, supported in activity(filters).filter(filters.person_q("user"))
        .order_by().values_list("user_id").annotate(Sum("ideas"), Sum("comments"), Sum("supports"))
    }
    signed_in = set(LoginDay.objects.filter(filters.during_days("day"), filters.person_q("user"))
                    .order_by().values_list("user_id", flat=True).distinct())
    segments = {}
    if week is not None:
        segments = dict(SegmentSnapshot.objects.filter(week=week).values_list("user_id", "segment"))
    nobody = (False, False, False)
    rows = []
    for pk, entity_id, last_login in people(filters).order_by().values_list("pk", "entity_id", "last_login"):
        logged_in = pk in signed_in or (
            last_login is not None and (filters.start is None or last_login >= filters.start)
            and (filters.end is None or last_login < filters.end))
        posted, commented, supported = taking_part.get(pk, nobody)
        rows.append((entity_id, segments.get(pk), logged_in, posted, commented, supported,
                     posted or commented or supported))
    return rows


def _participation_by(rows: list[tuple], key: int | None) -> dict:
    """{key value: {"people": n, "logged_in": n, ...}} of the rows (key None: all of them)."""
    totals: dict = {}
    for row in rows:
        figures = totals.setdefault(row[key] if key is not None else None,
                                    dict.fromkeys(("people", *PARTICIPATION), 0))
        figures["people"] += 1
        for name, flag in zip(PARTICIPATION, row[2:], strict=True):
            figures[name] += flag
    return totals


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
    week = SegmentSnapshot.objects.order_by("-week").values_list("week", flat=True).first()
    rows = _participants(filters, week)
    overall = _participation_by(rows, None).get(None) or dict.fromkeys(("people", *PARTICIPATION), 0)
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

    per_entity = [{"entity_id": entity_id, **figures} for entity_id, figures in _participation_by(rows, 0).items()]
    summed = buckets.sum(per_entity, "entity_id", ["people", *PARTICIPATION])
    entity_table = Table(
        id="participation-entities", caption=_("Participation by business unit"),
        columns=[Column(_("Business unit"), LABEL), *_participation_labels()],
        rows=[_participation_row(label, figures) for label, figures in summed],
        chart="hbar", chart_columns=(2, 3, 4, 5),
    )

    segment_rows = []
    if week is not None:
        per_segment = _participation_by(rows, 1)
        for segment in Segment:
            if segment.value in per_segment:
                segment_rows.append(_participation_row(str(segment.label), per_segment[segment.value]))
    segment_table = Table(
        id="participation-segments", caption=_("Participation by contributor segment"),
        columns=[Column(_("Segment"), LABEL), *_participation_labels()], rows=segment_rows,
        note=(_("Segments of the week of %(week)s.") % {"week": week.isoformat()}) if week else
        _("No segment snapshot yet."),
    )

    # Each person's first idea, comment or support, kept per person (FirstContribution),
    # counted per local month in SQL.
    first = FirstContribution.objects.filter(filters.person_q("user"), filters.during("first_at")).order_by()
    months: dict[str, int] = {}
    for month, n in first.annotate(month=TruncMonth("first_at")).values_list("month").annotate(n=Count("pk")):
        label = (timezone.localtime(month) if isinstance(month, datetime) else month).strftime("%Y-%m")
        months[label] = months.get(label, 0) + n
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
    idea_rows = submitted_ideas(filters).order_by().values("author_entity_id").annotate(
        ideas=Count("pk"), supported_outside=Count("pk", filter=Q(supported_outside=True)),
        developed_outside=Count("pk", filter=Q(developed_outside=True)),
    )
    supports = activity(filters).filter(supports__gt=0)
    # Whether a support came from another unit: the supporter's unit today, as for the ideas.
    received = supports.filter(filters.unit_q("author_entity")).order_by().values("author_entity_id").annotate(
        received=Sum("supports"), received_outside=Sum("supports", filter=~Q(user__entity_id=F("author_entity_id"))))
    given = supports.filter(filters.person_q("user")).order_by().values("user__entity_id").annotate(
        given=Sum("supports"))
    deployments = deployed_ideas(filters).order_by().values("author_entity_id").annotate(deployed=Count("pk"))

    names = ["ideas", "supported_outside", "developed_outside", "received", "received_outside", "given", "deployed"]
    merged: dict = {}
    for rows, key in ((idea_rows, "author_entity_id"), (received, "author_entity_id"),
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
    supports = dict(activity(filters).filter(filters.person_q("user"), supports__gt=0).order_by()
                    .values_list("theme_id").annotate(n=Sum("supports")))
    deployed = dict(deployed_ideas(filters).order_by().values_list("theme_id").annotate(n=Count("pk")))
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


def _per_week(per_day) -> dict[date, int]:
    """{Monday: count} of (local day, count) pairs."""
    weeks: dict[date, int] = {}
    for day, n in per_day:
        monday = day - timedelta(days=day.weekday())
        weeks[monday] = weeks.get(monday, 0) + (n or 0)
    return weeks


def weekly(filters: Filters) -> Table:
    written = list(activity(filters).filter(filters.person_q("user")).filter(Q(comments__gt=0) | Q(supports__gt=0))
                   .order_by().values_list("day").annotate(Sum("comments"), Sum("supports")))
    by_day = [
        _per_week(submitted_ideas(filters).order_by().values_list("submitted_day").annotate(n=Count("pk"))),
        _per_week((day, comments) for day, comments, _supports in written),
        _per_week((day, supports) for day, _comments, supports in written),
    ]
    # A week appears once something happened in it (the raw rows): not for a zero sum.
    by_day = [{week: n for week, n in source.items() if n} for source in by_day]
    weeks = sorted({week for source in by_day for week in source})
    rows = [[_week_label(week), *(source.get(week, 0) for source in by_day)] for week in _every_week(weeks)]
    return Table(
        id="weekly", caption=_("Ideas, comments and supports per week"),
        columns=[Column(_("Week of"), LABEL), Column(_("Ideas submitted")), Column(_("Comments")),
                 Column(_("Supports"))],
        rows=rows, chart="line", chart_columns=(1, 2, 3),
    )


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
