"""The report reads summary tables (reports/rollups.py): for random programmes and random
filter combinations, every figure equals the one computed directly from the ideas,
comments, supports and stage history (tests/reports/direct.py, the report as it was
computed before), and the domain events keep the summary tables equal to a full rebuild."""

import csv
import io
import random
from datetime import datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Entity, User
from core.permissions import can
from gamification.models import Segment, SegmentSnapshot
from ideas.models import Challenge, Coauthor, Comment, Idea, Stage, StageChange, Vote
from ideas.services import comment_delete, comment_post, vote_cast, vote_withdraw
from moderation.editing import idea_revise
from moderation.merges import ideas_merge, merge_undo
from moderation.pipeline import idea_pipeline_step
from reports import selectors
from reports.models import ActivityDay, FirstContribution, IdeaRollup, LoginDay, StageStay
from reports.rollups import rollups_rebuild
from reports.services import rollups_refresh
from tests.factories import EntityFactory, IdeaFactory, Role, ThemeFactory, UserFactory
from tests.reports import direct

pytestmark = pytest.mark.django_db

SEEDS = [11, 23, 37]
FILTERS_PER_PROGRAMME = 15
STAGES = [Stage.DRAFT, Stage.SUBMITTED, Stage.PUBLISHED, Stage.PUBLISHED, Stage.REJECTED, Stage.CHANGES_REQUESTED,
          Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT, Stage.DEPLOYED, Stage.NOT_RETAINED]
DAYS = 150


def _moment(rng: random.Random, now: datetime, *, after: datetime | None = None) -> datetime:
    """A moment in the last DAYS days, at any hour (so that UTC and local days differ)."""
    earliest = after or now - timedelta(days=DAYS)
    return earliest + (now - earliest) * rng.random()


def build_programme(rng: random.Random, group) -> dict:
    """A small random programme: units three levels deep, people (some inactive, one
    without a unit), ideas at every stage in two themes and two challenges, supports,
    comments (some deleted), a merge, co-authors, sign-ins, segments; then every date moved
    to a random moment of the last DAYS days."""
    now = timezone.now()
    divisions = [EntityFactory(parent=group, kind=Entity.Kind.DIVISION) for _ in range(2)]
    departments = [EntityFactory(parent=rng.choice(divisions)) for _ in range(3)]
    units = [group, *divisions, *departments]
    themes = [ThemeFactory(), ThemeFactory()]
    moderator = UserFactory(entity=divisions[0], roles=[Role.COMMUNITY_MANAGER])
    executive = UserFactory(entity=divisions[1], roles=[Role.EXECUTIVE])
    people = [UserFactory(entity=rng.choice(units)) for _ in range(10)] + [UserFactory(entity=None)]
    challenges = [
        Challenge.objects.create(title=f"Challenge {n}", question="How?", sponsor=executive, created_by=executive,
                                 opens_at=now - timedelta(days=DAYS), closes_at=now + timedelta(days=30))
        for n in range(2)
    ]
    ideas = []
    for _ in range(14):
        idea = IdeaFactory(author=rng.choice(people), theme=rng.choice(themes), stage=rng.choice(STAGES),
                           moderator=moderator, executive=executive)
        ideas.append(idea)
    public = [idea for idea in ideas if idea.stage not in (Stage.DRAFT, Stage.SUBMITTED, Stage.REJECTED,
                                                             Stage.CHANGES_REQUESTED)]
    for idea in public:
        for person in rng.sample(people, rng.randint(0, 6)):
            if can(person, "ideas.support_idea", idea):
                vote_cast(idea=idea, by=person)
        for person in rng.sample(people, rng.randint(0, 3)):
            if not can(person, "ideas.comment_idea", idea):
                continue
            comment = comment_post(idea=idea, by=person, body="Good one, we tried it here.")
            if rng.random() < 0.25:
                comment_delete(comment=comment, by=person)
    published = [idea for idea in public if idea.stage == Stage.PUBLISHED]
    if len(published) >= 2:  # supports carried over by a merge count nowhere
        ideas_merge(source=published[0], target=published[1], by=moderator, note="Same idea.")
    for idea in rng.sample(ideas, 3):
        Coauthor.objects.get_or_create(idea=idea, user=rng.choice(people))

    # Dates, moved behind the services' backs (the history must stay in order per idea).
    for idea in ideas:
        if rng.random() < 0.5:
            Idea.objects.filter(pk=idea.pk).update(challenge=rng.choice(challenges))
        changes = list(StageChange.objects.filter(idea=idea).order_by("created_at", "id"))
        moment = _moment(rng, now)
        if Idea.objects.filter(pk=idea.pk, submitted_at__isnull=False).exists():
            Idea.objects.filter(pk=idea.pk).update(submitted_at=moment)
        for change in changes:
            StageChange.objects.filter(pk=change.pk).update(created_at=moment)
            moment = _moment(rng, now, after=moment)
        if changes:
            Idea.objects.filter(pk=idea.pk).update(stage_changed_at=moment)
        if idea.stage == Stage.DEPLOYED:
            Idea.objects.filter(pk=idea.pk).update(benefit_savings_eur=rng.choice([None, 1000, 25000]),
                                                   benefit_quality=rng.choice(["", "Faster."]))
    for vote in Vote.objects.all():
        Vote.objects.filter(pk=vote.pk).update(created_at=_moment(rng, now))
    for comment in Comment.objects.all():
        Comment.objects.filter(pk=comment.pk).update(created_at=_moment(rng, now))
    for person in people:
        days = {timezone.localdate(_moment(rng, now)) for _ in range(rng.randint(0, 4))}
        LoginDay.objects.bulk_create([LoginDay(user=person, day=day) for day in days])
        if rng.random() < 0.3:
            User.objects.filter(pk=person.pk).update(last_login=_moment(rng, now))
    for person in rng.sample(people, 2):
        User.objects.filter(pk=person.pk).update(is_active=False)
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    for week in (monday - timedelta(days=7), monday):
        SegmentSnapshot.objects.bulk_create([SegmentSnapshot(week=week, user=person, segment=rng.choice(list(Segment)))
                                             for person in rng.sample(people, 7)])
    return {"units": units, "themes": themes, "challenges": challenges, "now": now}


def random_filters(rng: random.Random, programme: dict) -> selectors.Filters:
    """A filter combination as the form makes them: periods are whole local days."""
    def midnight(day):
        return timezone.make_aware(datetime.combine(day, time.min))

    today = timezone.localdate(programme["now"])
    start = end = None
    kind = rng.choice(["all", "since", "until", "between", "between"])
    if kind in ("since", "between"):
        start = midnight(today - timedelta(days=rng.randint(1, DAYS)))
    if kind in ("until", "between"):
        end = midnight(today - timedelta(days=rng.randint(-1, DAYS)))
        if start is not None and end < start:
            start, end = end, start
    return selectors.Filters(
        start=start, end=end,
        entity=rng.choice([None, *programme["units"]]),
        theme=rng.choice([None, None, *programme["themes"]]),
        challenge=rng.choice([None, None, None, *programme["challenges"]]),
    )


def figures(report: dict) -> list:
    """Everything the page and the exports show of a report."""
    tables = [(table.id, table.caption, table.headers, table.rows, table.note) for table in
              selectors.report_tables(report)]
    listed = ([idea.pk for idea in report["stuck"]["oldest"]], [idea.pk for idea in report["challenges"]["winners"]])
    return [tables, listed]


@pytest.mark.parametrize("seed", SEEDS)
def test_every_figure_from_the_rollups_equals_the_direct_computation(seed, group, english):
    rng = random.Random(seed)
    programme = build_programme(rng, group)
    rollups_rebuild()

    for _ in range(FILTERS_PER_PROGRAMME):
        filters = random_filters(rng, programme)
        assert figures(selectors.report(filters)) == figures(direct.report(filters)), filters


def test_the_programme_is_not_empty_for_the_comparison(group, english):
    """The random programmes do exercise the figures (not a comparison of zeros)."""
    build_programme(random.Random(SEEDS[0]), group)
    rollups_rebuild()
    data = selectors.report(selectors.Filters())
    funnel = {row[0]: row[1:] for row in data["pipeline"]["funnel"].rows}
    assert funnel["awaiting validation"][1] >= 8
    participation = {row[0]: row[1] for row in data["participation"]["overall"].rows}
    assert participation["Supported"] > 0 and participation["Commented"] > 0 and participation["Signed in"] > 0
    assert sum(row[3] for row in data["weekly"].rows) > 0


# --- The events keep the rollups exact ----------------------------------------------------


def rollup_rows() -> dict:
    return {
        "ideas": sorted(IdeaRollup.objects.values_list(
            "idea_id", "submitted_day", "author_entity_id", "theme_id", "challenge_id", "stage", "savings_eur",
            "has_quality", "supported_outside", "developed_outside")),
        "stays": sorted(StageStay.objects.values_list("idea_id", "stage", "entered_at", "left_at", "days")),
        "activity": sorted(ActivityDay.objects.values_list(
            "user_id", "day", "theme_id", "challenge_id", "author_entity_id", "ideas", "comments", "supports"),
            key=repr),
        "first": sorted(FirstContribution.objects.values_list("user_id", "first_at")),
    }


def assert_as_rebuilt():
    kept = rollup_rows()
    rollups_rebuild()
    assert kept == rollup_rows()


@pytest.mark.parametrize("tasks_mode", ["in_process", "worker"])
def test_each_action_leaves_the_rollups_as_a_full_rebuild_would(
    django_capture_on_commit_callbacks, author, colleague, community_manager, executive, theme, other_theme,
    sibling_division, tasks_mode, settings,
):
    """Without a worker tier the rows are recomputed at once; with one, each event marks its
    people and ideas, and the beat's flush recomputes them."""
    from core import outbox
    from core.models import OutboxEvent
    from reports.models import RollupDue
    from reports.tasks import report_rollups_due_flush

    settings.TASKS_MODE = tasks_mode
    outsider = UserFactory(entity=sibling_division)

    def act(action, **kwargs):
        if tasks_mode == "in_process":
            with django_capture_on_commit_callbacks(execute=True):
                result = action(**kwargs)
        else:
            result = action(**kwargs)  # committed; no hand-over here: the worker's part below
            for event_id in OutboxEvent.objects.filter(delivered_at__isnull=True).order_by("pk").values_list(
                    "pk", flat=True):
                outbox.deliver_with_backlog(event_id)
            assert RollupDue.objects.exists()  # marked, not yet recomputed
            report_rollups_due_flush()
            assert not RollupDue.objects.exists()
        assert_as_rebuilt()
        return result

    idea = act(IdeaFactory, author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager,
               executive=executive)
    other = act(IdeaFactory, author=colleague, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager,
                executive=executive)
    assert IdeaRollup.objects.filter(idea=idea, stage=Stage.PUBLISHED).exists()
    act(vote_cast, idea=idea, by=outsider)
    assert IdeaRollup.objects.get(idea=idea).supported_outside
    act(vote_cast, idea=other, by=outsider)
    comment = act(comment_post, idea=idea, by=outsider, body="We have this in the plant.")
    assert IdeaRollup.objects.get(idea=idea).developed_outside
    act(comment_delete, comment=comment, by=outsider)
    act(vote_withdraw, idea=idea, by=outsider)
    assert not IdeaRollup.objects.get(idea=idea).supported_outside
    act(idea_revise, idea=idea, by=community_manager, title=idea.title, body=idea.body, theme=other_theme,
        reason="Wrong theme.")
    assert ActivityDay.objects.filter(user=author, theme=other_theme, ideas=1).exists()
    act(ideas_merge, source=other, target=idea, by=community_manager, note="The same idea.")
    act(merge_undo, source=other, by=community_manager, reason="Not the same after all.")
    for stage in (Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT):
        act(idea_pipeline_step, idea=idea, to_stage=stage, by=executive if stage != Stage.POTENTIAL else
            community_manager, note="Next step.", owner=author if stage == Stage.PROJECT else None)
    act(idea_pipeline_step, idea=idea, to_stage=Stage.DEPLOYED, by=executive, note="Done.", savings_eur=5000,
        quality="")
    row = IdeaRollup.objects.get(idea=idea)
    assert (row.stage, row.savings_eur) == (Stage.DEPLOYED, 5000)
    assert StageStay.objects.filter(idea=idea, stage=Stage.PROJECT, left_at__isnull=False).exists()


def test_a_refresh_twice_or_late_writes_the_same_rows(django_capture_on_commit_callbacks, author, theme,
                                                      community_manager, executive, colleague):
    """The receivers may run twice or late (a worker retrying): they recompute, never add."""
    from reports.receivers import support_changed

    with django_capture_on_commit_callbacks(execute=True):
        idea = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager,
                           executive=executive)
    vote_cast(idea=idea, by=colleague)  # its events are not run: the rows lag behind
    vote = Vote.objects.get(idea=idea, user=colleague)
    for _ in range(2):
        support_changed(sender=Idea, idea=idea, vote=vote, by=colleague, support_count=1)
    assert ActivityDay.objects.get(user=colleague).supports == 1
    assert_as_rebuilt()


def test_the_rebuild_command_and_the_daily_refresh_recompute_everything(programme, capsys):
    ActivityDay.objects.all().delete()
    IdeaRollup.objects.all().update(stage=Stage.DRAFT)

    call_command("rebuild_report_rollups")
    assert "Report rollups rebuilt" in capsys.readouterr().out
    kept = rollup_rows()
    assert kept["activity"] and all(row[5] != Stage.DRAFT for row in kept["ideas"] if row[1] is not None)
    IdeaRollup.objects.all().delete()
    assert rollups_refresh()["IdeaRollup"] == Idea.objects.count()
    assert rollup_rows() == kept


# --- The page and its exports -----------------------------------------------------------


@pytest.mark.parametrize("query", [{}, {"period": "year", "theme": "themed", "entity": "division"}])
def test_the_page_and_its_exports_show_the_same_figures(client_for, executive, programme, division, theme, query):
    from django.urls import reverse
    from openpyxl import load_workbook

    from reports.exports import csv_safe

    query = {key: {"themed": theme.pk, "division": division.pk}.get(value, value) for key, value in query.items()}
    client = client_for(executive)
    page = client.get(reverse("reports:report"), query)
    tables = selectors.report_tables(page.context["data"])
    book = load_workbook(io.BytesIO(client.get(reverse("reports:export", args=["all", "xlsx"]), query).content))

    assert book.sheetnames == [table.id for table in tables]
    for table in tables:
        sheet = [[cell.value for cell in row] for row in book[table.id].iter_rows()]
        assert sheet[1] == table.headers
        assert sheet[2:] == [[csv_safe(value) for value in row] for row in table.rows], table.id
    participation = next(table for table in tables if table.id == "participation")
    exported = client.get(reverse("reports:export", args=["participation", "csv"]), query)
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))[1:]
    assert rows == [[label, str(people), "" if share is None else f"{share * 100:.1f}"]
                    for label, people, share in participation.rows]
    assert any(people for _label, people, _share in participation.rows)


def test_a_mark_renewed_while_a_flush_recomputes_stays_for_the_next_flush(settings, author, theme, colleague,
                                                                           monkeypatch):
    """An action marking an idea again while a flush is recomputing it: its change may have
    come after the flush read the idea, so the mark must outlive that flush."""
    from reports import rollups
    from reports.models import RollupDue

    settings.TASKS_MODE = "worker"
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED)
    rollups.rollups_mark(idea_ids=[idea.pk], user_ids=[colleague.pk])
    assert RollupDue.objects.count() == 2

    real_refresh = rollups.ideas_refresh

    def refresh_while_a_support_comes(ids):
        ids = list(ids)
        real_refresh(ids)
        vote_cast(idea=idea, by=colleague)  # committed after the flush read the idea...
        rollups.rollups_mark(idea_ids=[idea.pk], user_ids=[colleague.pk])  # ...and marked again

    monkeypatch.setattr(rollups, "ideas_refresh", refresh_while_a_support_comes)
    assert rollups.rollups_due_flush() == 2
    # Both marks were renewed during the flush: both stay, free for the next flush
    assert sorted(RollupDue.objects.values_list("kind", "claimed_until")) == [("idea", None), ("person", None)]

    monkeypatch.setattr(rollups, "ideas_refresh", real_refresh)
    assert rollups.rollups_due_flush() == 2
    assert not RollupDue.objects.exists()
    assert IdeaRollup.objects.get(idea=idea).supported_outside == (colleague.entity_id != author.entity_id)
    assert ActivityDay.objects.get(user=colleague).supports == 1
