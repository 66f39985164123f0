"""The pipeline after publication, through the console's pages: who takes which step, what
each step needs (a note, an owner from project on, the benefit once deployed), what it
writes (history, audit entry, event) and what everyone then reads on the idea's timeline."""

import itertools
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ideas.models import Idea, Stage, StageChange
from ideas.services import TRANSITIONS, vote_cast
from moderation.content import content_hide
from moderation.merges import ideas_merge
from moderation.models import AuditEntry, CannedReason
from moderation.pipeline import PIPELINE_TARGETS, idea_pipeline_step
from moderation.sanctions import user_suspend
from tests.factories import CorrespondentAssignmentFactory, EntityFactory, IdeaFactory, Role, UserFactory
from tests.ideas.test_query_counts import DETAIL_QUERIES, DETAIL_QUERIES_COLD
from tests.support import assert_flat_query_count


def step(client, idea, to_stage, *, note="Clear savings, worth the effort.", owner=None, savings="", quality="", **extra):
    data = {"to_stage": to_stage, "note": note, "owner": owner.email if owner else "", "savings_eur": savings,
            "quality": quality, **extra}
    return client.post(reverse("moderation:pipeline_decide", args=[idea.pk]), data)


def stage_of(idea):
    return Idea.objects.get(pk=idea.pk).stage


def written_for(idea):
    """How many history rows and audit entries the idea has: a refused step adds neither."""
    return StageChange.objects.filter(idea=idea).count(), AuditEntry.objects.filter(target_id=idea.pk).count()


@pytest.fixture
def owner(division):
    return UserFactory(first_name="Olivia", last_name="Owner", email="olivia@multitude.example", entity=division)


@pytest.fixture
def published(author, theme, correspondent):
    return IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=correspondent)


# --- The whole walk ------------------------------------------------------------------------


def test_an_idea_walks_the_whole_pipeline_and_everyone_reads_each_step(
    client_for, published, correspondent, executive, owner, colleague, sent_events, django_capture_on_commit_callbacks
):
    idea = published
    # Given a correspondent who spots its potential, then a top manager who decides
    with django_capture_on_commit_callbacks(execute=True):
        assert step(client_for(correspondent), idea, Stage.POTENTIAL, note="Sixty supports in a week.").status_code == 302
        boss = client_for(executive)
        assert step(boss, idea, Stage.ANALYSIS, note="Facilities to cost it.").status_code == 302
        assert step(boss, idea, Stage.PROJECT, note="Budget granted.", owner=owner).status_code == 302
        # (the owner carries on when the next step names nobody)
        assert step(boss, idea, Stage.PILOT, note="Two floors first.").status_code == 302
        response = step(boss, idea, Stage.DEPLOYED, note="Rolled out everywhere.", savings="120000",
                        quality="Printer breakdowns down by half")
    assert response.status_code == 302 and response.url == idea.get_absolute_url()

    # Then the idea is deployed, carried by its owner, with its measured benefit
    idea.refresh_from_db()
    assert (idea.stage, idea.owner, idea.benefit_savings_eur, idea.benefit_quality) == (
        Stage.DEPLOYED, owner, 120000, "Printer breakdowns down by half"
    )
    # And each step left one history row and one audit entry
    history = list(StageChange.objects.filter(idea=idea, created_at__gte=idea.published_at)
                   .exclude(to_stage=Stage.PUBLISHED).values_list("from_stage", "to_stage", "actor", "owner", "reason"))
    assert history == [
        (Stage.PUBLISHED, Stage.POTENTIAL, correspondent.pk, None, "Sixty supports in a week."),
        (Stage.POTENTIAL, Stage.ANALYSIS, executive.pk, None, "Facilities to cost it."),
        (Stage.ANALYSIS, Stage.PROJECT, executive.pk, owner.pk, "Budget granted."),
        (Stage.PROJECT, Stage.PILOT, executive.pk, owner.pk, "Two floors first."),
        (Stage.PILOT, Stage.DEPLOYED, executive.pk, owner.pk, "Rolled out everywhere."),
    ]
    entries = list(AuditEntry.objects.filter(target_id=idea.pk, action=AuditEntry.Action.STAGE_CHANGE).order_by("id"))
    assert [(e.actor_id, e.before["stage"], e.after["stage"]) for e in entries] == [
        (correspondent.pk, "published", "potential"), (executive.pk, "potential", "analysis"),
        (executive.pk, "analysis", "project"), (executive.pk, "project", "pilot"), (executive.pk, "pilot", "deployed"),
    ]
    assert entries[2].after["owner"] == "Olivia Owner" and entries[2].before["owner"] == ""
    assert entries[-1].before["benefit_savings_eur"] is None
    assert entries[-1].after == {"stage": "deployed", "owner": "Olivia Owner", "owner_id": owner.pk,
                                 "benefit_savings_eur": 120000, "benefit_quality": "Printer breakdowns down by half"}
    assert entries[-1].reason == "Rolled out everywhere."
    # And listeners heard each step, with its owner
    changes = [payload for name, payload in sent_events if name == "idea_stage_changed"]
    assert [(c["to_stage"], c["owner"]) for c in changes] == [
        (Stage.POTENTIAL, None), (Stage.ANALYSIS, None), (Stage.PROJECT, owner), (Stage.PILOT, owner),
        (Stage.DEPLOYED, owner),
    ]

    # When any colleague opens the idea, the timeline tells every step and the benefit stands out
    html = client_for(colleague).get(idea.get_absolute_url()).content.decode()
    for note in ("Sixty supports in a week.", "Facilities to cost it.", "Budget granted.", "Two floors first.",
                 "Rolled out everywhere."):
        assert note in html
    assert "Owner: Olivia Owner" in html and "carried by Olivia Owner" in html
    assert 'class="benefit-panel"' in html and "Printer breakdowns down by half" in html
    assert "in pilot → <strong>deployed</strong>" in html
    # And they are offered no decision
    assert reverse("moderation:pipeline_decide", args=[idea.pk]) not in html


def test_not_retaining_with_a_ready_made_reason_tells_the_author_why(client_for, published, correspondent, executive, author):
    idea_pipeline_step(idea=published, to_stage=Stage.POTENTIAL, by=correspondent, note="Promising.")
    canned = CannedReason.objects.create(use=CannedReason.Use.NOT_RETAINED, label_en="Too costly", label_fr="Trop cher",
                                         text_en="The cost outweighs the savings.", text_fr="Le coût dépasse les économies.")

    response = step(client_for(executive), published, Stage.NOT_RETAINED, note="", canned=canned.pk)

    assert response.status_code == 302 and stage_of(published) == Stage.NOT_RETAINED
    assert "The cost outweighs the savings." in client_for(author).get(published.get_absolute_url()).content.decode()


# --- Refusals that write nothing ---------------------------------------------------------


def test_a_step_the_lifecycle_does_not_allow_is_refused_with_a_clear_message(client_for, executive, author, theme):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.ANALYSIS)
    before = written_for(idea)

    response = step(client_for(executive), idea, Stage.DEPLOYED, savings="10")

    assert response.status_code == 409
    assert "An idea that is “awaiting analysis” cannot become “deployed”." in response.content.decode()
    assert stage_of(idea) == Stage.ANALYSIS and written_for(idea) == before


def test_a_step_decided_meanwhile_by_someone_else_is_refused(client_for, executive, author, theme):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.POTENTIAL)
    other = UserFactory(roles=[Role.EXECUTIVE])
    assert step(client_for(other), idea, Stage.ANALYSIS).status_code == 302

    response = step(client_for(executive), idea, Stage.ANALYSIS)

    assert response.status_code == 409 and stage_of(idea) == Stage.ANALYSIS
    assert StageChange.objects.filter(idea=idea, to_stage=Stage.ANALYSIS).count() == 1


@pytest.mark.parametrize(("stage", "to_stage", "fields", "field", "message"), [
    (Stage.POTENTIAL, Stage.ANALYSIS, {"note": "  "}, "note", "Please write a decision note"),
    (Stage.POTENTIAL, Stage.NOT_RETAINED, {"note": ""}, "note", "Please write a decision note"),
    (Stage.ANALYSIS, Stage.PROJECT, {}, "owner", "Name the owner"),
    (Stage.ANALYSIS, Stage.PROJECT, {"owner": "nobody@multitude.example"}, "owner", "No active colleague"),
    (Stage.PILOT, Stage.DEPLOYED, {"owner": "owner"}, None, "Give the measured benefit"),
    (Stage.PILOT, Stage.DEPLOYED, {"owner": "owner", "savings_eur": "-5"}, "savings_eur", "greater than or equal to 0"),
    (Stage.ANALYSIS, Stage.NOT_RETAINED, {"savings_eur": "500"}, None, "recorded when the idea is deployed"),
])
def test_a_step_missing_a_detail_shows_a_form_error_and_writes_nothing(
    stage, to_stage, fields, field, message, client_for, executive, author, theme, owner
):
    idea = IdeaFactory(author=author, theme=theme, stage=stage)
    before = written_for(idea)
    data = {"to_stage": to_stage, "note": "Decided.", "owner": "", "savings_eur": "", "quality": "", **fields}
    if data["owner"] == "owner":
        data["owner"] = owner.email

    response = client_for(executive).post(reverse("moderation:pipeline_decide", args=[idea.pk]), data)

    assert response.status_code == 400
    form = response.context["form"]
    errors = form.errors.get(field or "__all__", [])
    assert any(message in error for error in errors), form.errors
    assert stage_of(idea) == stage and written_for(idea) == before
    assert Idea.objects.get(pk=idea.pk).owner_id is None


def test_a_hidden_idea_waits_for_its_restoration(client_for, published, correspondent, community_manager):
    content_hide(target=published, by=community_manager, reason="Names a colleague.")
    before = written_for(published)

    response = step(client_for(correspondent), published, Stage.POTENTIAL)

    assert response.status_code == 409 and "restore it before deciding" in response.content.decode()
    assert stage_of(published) == Stage.PUBLISHED and written_for(published) == before


# --- Who may take which step: every role, every pipeline action -----------------------------

PIPELINE_ACTIONS = [(frm, to) for (frm, to) in TRANSITIONS if to in PIPELINE_TARGETS]
MARK, DECIDE = "moderation.mark_potential_idea", "moderation.decide_idea"
# Which permission each role holds on the idea of `writer` (see the fixture below).
ROLE_GRANTS = {
    "employee": set(),
    "author": set(),  # an executive and community manager, but it is their own idea
    "direct_manager": set(),  # an executive and community manager, the author's line manager
    "skip_level_manager": {DECIDE},  # an executive above the direct manager
    "correspondent": {MARK},
    "other_theme_correspondent": set(),
    "community_manager": {MARK},
    "executive": {DECIDE},
    "administrator": {MARK, DECIDE},
    "suspended_executive": set(),
    "suspended_correspondent": set(),
}


@pytest.fixture
def cast(department, theme, correspondent, other_theme_correspondent, community_manager, executive, superuser):
    skip_level = UserFactory(first_name="Sonia", last_name="Skip", entity=department, roles=[Role.EXECUTIVE])
    boss = UserFactory(first_name="Boris", last_name="Boss", entity=department, manager=skip_level,
                       roles=[Role.EXECUTIVE, Role.COMMUNITY_MANAGER])
    writer = UserFactory(first_name="Wendy", last_name="Writer", entity=department, manager=boss,
                         roles=[Role.EXECUTIVE, Role.COMMUNITY_MANAGER])
    suspended_executive = UserFactory(roles=[Role.EXECUTIVE])
    suspended_correspondent = UserFactory()
    CorrespondentAssignmentFactory(user=suspended_correspondent, theme=theme)
    for user in (suspended_executive, suspended_correspondent):
        user_suspend(user=user, by=community_manager, days=3, reason="Insults in comments.")
    return {
        "employee": UserFactory(entity=department), "author": writer, "direct_manager": boss,
        "skip_level_manager": skip_level, "correspondent": correspondent,
        "other_theme_correspondent": other_theme_correspondent, "community_manager": community_manager,
        "executive": executive, "administrator": superuser, "suspended_executive": suspended_executive,
        "suspended_correspondent": suspended_correspondent,
    }


@pytest.mark.parametrize(("from_stage", "to_stage"), PIPELINE_ACTIONS, ids=[f"{f}->{t}" for f, t in PIPELINE_ACTIONS])
@pytest.mark.parametrize("role", ROLE_GRANTS)
def test_each_role_takes_exactly_the_pipeline_steps_it_is_granted(role, from_stage, to_stage, cast, client_for, theme, owner):
    writer = cast["author"]
    idea = IdeaFactory(author=writer, theme=theme, stage=from_stage)
    before = written_for(idea)
    allowed = TRANSITIONS[(from_stage, to_stage)] in ROLE_GRANTS[role]

    response = step(client_for(cast[role]), idea, to_stage, owner=owner,
                    savings="1000" if to_stage == Stage.DEPLOYED else "")

    if allowed:
        assert response.status_code == 302, response.content.decode()[:500]
        assert stage_of(idea) == to_stage
        assert AuditEntry.objects.filter(target_id=idea.pk, actor=cast[role], action="stage_change").count() == 1
    else:
        assert response.status_code == 403
        assert stage_of(idea) == from_stage and written_for(idea) == before


def test_a_co_author_does_not_decide_on_the_idea_they_are_credited_on(client_for, author, theme, community_manager, correspondent):
    co_author = UserFactory(roles=[Role.EXECUTIVE])
    duplicate = IdeaFactory(author=co_author, theme=theme, stage=Stage.PUBLISHED, moderator=correspondent)
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=correspondent)
    ideas_merge(source=duplicate, target=idea, by=community_manager, note="Same printers idea.")
    idea_pipeline_step(idea=idea, to_stage=Stage.POTENTIAL, by=correspondent, note="Promising.")

    assert step(client_for(co_author), idea, Stage.ANALYSIS).status_code == 403
    assert stage_of(idea) == Stage.POTENTIAL
    assert idea.pk not in ids_in_queue(client_for(co_author))


def test_the_decision_form_is_on_the_idea_page_only_for_who_may_decide(client_for, published, correspondent, executive, colleague, author):
    url = reverse("moderation:pipeline_decide", args=[published.pk])
    assert url in client_for(correspondent).get(published.get_absolute_url()).content.decode()
    for viewer in (executive, colleague, author):  # executives decide once it has potential
        assert url not in client_for(viewer).get(published.get_absolute_url()).content.decode()
    assert client_for(colleague).get(url).status_code == 403

    idea_pipeline_step(idea=published, to_stage=Stage.POTENTIAL, by=correspondent, note="Promising.")
    html = client_for(executive).get(published.get_absolute_url()).content.decode()
    assert url in html and 'value="analysis"' in html and 'value="not_retained"' in html
    assert 'value="deployed"' not in html


# --- The queue ------------------------------------------------------------------------------


def ids_in_queue(client, **params):
    response = client.get(reverse("moderation:pipeline"), params)
    assert response.status_code == 200
    return [idea.pk for idea, _form in response.context["rows"]]


def test_moderators_find_published_ideas_and_top_managers_the_pipeline(
    client_for, author, theme, other_theme, correspondent, executive, department
):
    published = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=correspondent)
    elsewhere = IdeaFactory(author=author, theme=other_theme, stage=Stage.PUBLISHED)
    in_analysis = IdeaFactory(author=author, theme=theme, stage=Stage.ANALYSIS)
    in_pilot = IdeaFactory(author=author, theme=other_theme, stage=Stage.PILOT)
    IdeaFactory(author=author, theme=theme, stage=Stage.DEPLOYED)
    IdeaFactory(author=author, theme=theme, stage=Stage.NOT_RETAINED)
    IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)
    IdeaFactory(author=executive, theme=theme, stage=Stage.ANALYSIS)  # their own
    IdeaFactory(author=UserFactory(entity=department, manager=executive), theme=theme, stage=Stage.PROJECT)  # a report's

    assert set(ids_in_queue(client_for(correspondent))) == {published.pk}
    assert set(ids_in_queue(client_for(executive))) == {in_analysis.pk, in_pilot.pk}
    assert elsewhere.pk not in ids_in_queue(client_for(correspondent))


def test_an_employee_has_no_pipeline_queue(client_for, colleague):
    assert client_for(colleague).get(reverse("moderation:pipeline")).status_code == 403
    assert client_for(colleague).get(reverse("moderation:owner_search"), {"q": "ali"}).status_code == 403


def test_the_queue_puts_the_most_supported_first_then_the_longest_waiting(client_for, author, theme, community_manager):
    ideas = [IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED) for _ in range(3)]
    for voter in [UserFactory() for _ in range(2)]:
        vote_cast(idea=ideas[2], by=voter)
    now = timezone.now()
    # Published 5, 9 and 1 days ago (the services stamp the present).
    for idea, days in zip(ideas, (5, 9, 1)):
        Idea.objects.filter(pk=idea.pk).update(stage_changed_at=now - timedelta(days=days))
    client = client_for(community_manager)

    assert ids_in_queue(client) == [ideas[2].pk, ideas[1].pk, ideas[0].pk]
    assert ids_in_queue(client, sort="oldest") == [ideas[1].pk, ideas[0].pk, ideas[2].pk]
    assert ids_in_queue(client, sort="newest") == [ideas[2].pk, ideas[0].pk, ideas[1].pk]
    level = client.get(reverse("moderation:pipeline")).context["level"]
    assert level.count == 3
    assert abs((now - level.oldest_since) - timedelta(days=9)) < timedelta(minutes=1)
    assert abs((now - level.median_since) - timedelta(days=5)) < timedelta(minutes=1)

    Idea.objects.filter(pk=ideas[2].pk).update(stage_changed_at=now - timedelta(days=2))
    IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED)  # fourth, just now: median of 0, 2, 5, 9
    level = client.get(reverse("moderation:pipeline")).context["level"]
    assert abs((now - level.median_since) - timedelta(days=3.5)) < timedelta(minutes=1)


def test_the_queue_filters_by_theme_stage_and_business_unit_with_its_sub_units(
    client_for, theme, other_theme, division, department, sibling_division
):
    admin = UserFactory(entity=sibling_division, roles=[Role.ADMINISTRATOR])
    in_department = UserFactory(entity=department)
    in_sibling = UserFactory(entity=EntityFactory(parent=sibling_division))
    a = IdeaFactory(author=in_department, theme=theme, stage=Stage.PUBLISHED)
    b = IdeaFactory(author=in_department, theme=other_theme, stage=Stage.PROJECT)
    c = IdeaFactory(author=in_sibling, theme=theme, stage=Stage.PROJECT)
    client = client_for(admin)

    assert set(ids_in_queue(client)) == {a.pk, b.pk, c.pk}
    assert set(ids_in_queue(client, theme=theme.pk)) == {a.pk, c.pk}
    assert set(ids_in_queue(client, stage="project")) == {b.pk, c.pk}
    assert set(ids_in_queue(client, entity=division.pk)) == {a.pk, b.pk}  # the department is in the division
    assert set(ids_in_queue(client, entity=division.pk, stage="project", theme=theme.pk)) == set()
    # A stale value drops only its own filter
    assert set(ids_in_queue(client, stage="merged", theme=theme.pk)) == {a.pk, c.pk}


def test_the_owner_picker_suggests_active_colleagues(client_for, executive, owner):
    UserFactory(first_name="Olivier", last_name="Gone", is_active=False)

    response = client_for(executive).get(reverse("moderation:owner_search"), {"q": "oliv"})

    assert response.json()["results"] == [
        {"email": "olivia@multitude.example", "name": "Olivia Owner", "entity": owner.entity.name},
    ]


# Session, user, the viewer's correspondent assignments (none here: no business units to
# fetch) and roles, the service level (count and oldest, then the median; the count serves
# the pages too), the ready-made reasons, the page of ideas (theme, author, unit, owner),
# their co-authors, the theme and business-unit choices of the filters.
PIPELINE_QUERIES = 11


def test_the_queue_asks_the_same_questions_for_5_and_50_ideas(client_for, executive, division, owner, theme, other_theme):
    units = [EntityFactory(parent=division) for _ in range(3)]
    authors = itertools.cycle([UserFactory(entity=units[i % 3]) for i in range(6)])
    themes = itertools.cycle([theme, other_theme])
    stages = itertools.cycle([Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT])
    deciders = [UserFactory(roles=[Role.EXECUTIVE]) for _ in range(2)]
    ideas = []

    def build(size):
        while len(ideas) < size:
            idea = IdeaFactory(author=next(authors), theme=next(themes), stage=next(stages), executive=deciders[0])
            if idea.stage == Stage.ANALYSIS:
                idea_pipeline_step(idea=idea, to_stage=Stage.PROJECT, by=deciders[1], note="Go.", owner=owner)
            ideas.append(idea)

    client = client_for(executive)
    assert_flat_query_count(build, lambda: client.get(reverse("moderation:pipeline")), expected=PIPELINE_QUERIES)
    response = client.get(reverse("moderation:pipeline"))
    assert len(response.context["rows"]) == 20 and response.context["page_obj"].paginator.count == 50


def test_the_idea_page_with_the_decision_form_asks_one_more_question(client_for, author, theme, executive, owner,
                                                                       django_assert_num_queries):
    """The page of an idea in the pipeline seen by a top manager who may decide: the
    ready-made reasons of the form are the only question added to the idea page's (and
    with no comment, there are no commenters' names to fetch: one question less), on an
    empty cache as on a warm one."""
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.ANALYSIS)
    idea_pipeline_step(idea=idea, to_stage=Stage.PROJECT, by=UserFactory(roles=[Role.EXECUTIVE]), note="Go.", owner=owner)
    client = client_for(executive)

    with django_assert_num_queries(DETAIL_QUERIES_COLD - 1 + 1):
        client.get(idea.get_absolute_url())
    with django_assert_num_queries(DETAIL_QUERIES - 1 + 1):
        response = client.get(idea.get_absolute_url())
    assert reverse("moderation:pipeline_decide", args=[idea.pk]) in response.content.decode()
    assert "Owner: Olivia Owner" in response.content.decode()
