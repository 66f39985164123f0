"""The validation queue: what waits on whom. Never your own idea, never an idea of
someone you manage, directly or through other managers."""

import pytest
from django.urls import reverse

from accounts.services import user_set_manager
from ideas.models import Stage
from tests.factories import CorrespondentAssignmentFactory, IdeaFactory, UserFactory


def queue_of(client_for, user):
    response = client_for(user).get(reverse("moderation:queue"))
    assert response.status_code == 200
    return {idea.pk for idea in response.context["ideas"]}


def test_an_employee_without_a_moderation_role_is_refused_the_queue(client_for, colleague):
    assert client_for(colleague).get(reverse("moderation:queue")).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client_for, db):
    response = client_for(None).get(reverse("moderation:queue"))

    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_the_navigation_offers_the_console_to_moderators_only(client_for, colleague, correspondent):
    queue_url = f'href="{reverse("moderation:console")}"'

    assert queue_url not in client_for(colleague).get(reverse("ideas:list")).content.decode()
    assert queue_url in client_for(correspondent).get(reverse("ideas:list")).content.decode()


def test_a_correspondent_sees_the_submitted_ideas_of_their_theme_oldest_first(client_for, correspondent, author, colleague, theme, other_theme):
    first = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)
    second = IdeaFactory(author=colleague, theme=theme, stage=Stage.SUBMITTED)
    IdeaFactory(author=author, theme=other_theme, stage=Stage.SUBMITTED)
    for stage in (Stage.DRAFT, Stage.PUBLISHED, Stage.CHANGES_REQUESTED, Stage.REJECTED):
        IdeaFactory(author=author, theme=theme, stage=stage)

    response = client_for(correspondent).get(reverse("moderation:queue"))

    assert [idea.pk for idea in response.context["ideas"]] == [first.pk, second.pk]


def test_a_correspondent_never_finds_their_own_idea_in_the_queue(client_for, correspondent, author, theme):
    own = IdeaFactory(author=correspondent, theme=theme, stage=Stage.SUBMITTED)
    other = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)

    assert queue_of(client_for, correspondent) == {other.pk}
    assert own.title not in client_for(correspondent).get(reverse("moderation:queue")).content.decode()


def test_a_correspondent_never_finds_ideas_of_people_they_manage_directly_or_not(client_for, correspondent, department, theme):
    # Given a correspondent who manages Bob, who manages Carla, who manages Dan
    bob = UserFactory(entity=department, manager=correspondent)
    carla = UserFactory(entity=department, manager=bob)
    dan = UserFactory(entity=department, manager=carla)
    stranger = UserFactory(entity=department)
    ideas = {who: IdeaFactory(author=who, theme=theme, stage=Stage.SUBMITTED) for who in (bob, carla, dan, stranger)}

    # Then only the stranger's idea waits for them
    assert queue_of(client_for, correspondent) == {ideas[stranger].pk}


def test_the_hierarchy_is_followed_after_a_reorganisation(client_for, correspondent, department, theme):
    # Given Bob, manager of Carla, who reported to someone else
    bob = UserFactory(entity=department)
    carla = UserFactory(entity=department, manager=bob)
    idea = IdeaFactory(author=carla, theme=theme, stage=Stage.SUBMITTED)
    assert queue_of(client_for, correspondent) == {idea.pk}

    # When Bob comes to report to the correspondent
    user_set_manager(user=bob, manager=correspondent)

    # Then Carla's idea leaves the correspondent's queue
    assert queue_of(client_for, correspondent) == set()


def test_managing_someone_does_not_hide_ideas_of_people_they_do_not_manage(client_for, correspondent, department, theme):
    report = UserFactory(entity=department, manager=correspondent)
    peer_manager = UserFactory(entity=department)
    peers = [UserFactory(entity=department, manager=peer_manager) for _ in range(3)]
    ideas = [IdeaFactory(author=peer, theme=theme, stage=Stage.SUBMITTED) for peer in peers]
    IdeaFactory(author=report, theme=theme, stage=Stage.SUBMITTED)

    assert queue_of(client_for, correspondent) == {idea.pk for idea in ideas}


def test_a_correspondent_limited_to_a_division_sees_ideas_from_it_and_its_departments_only(
    client_for, division_correspondent, theme, division, department, sibling_division, group
):
    from_division = IdeaFactory(author=UserFactory(entity=division), theme=theme, stage=Stage.SUBMITTED)
    from_department = IdeaFactory(author=UserFactory(entity=department), theme=theme, stage=Stage.SUBMITTED)
    IdeaFactory(author=UserFactory(entity=sibling_division), theme=theme, stage=Stage.SUBMITTED)
    IdeaFactory(author=UserFactory(entity=group), theme=theme, stage=Stage.SUBMITTED)  # above, not below

    assert queue_of(client_for, division_correspondent) == {from_division.pk, from_department.pk}


def test_a_correspondent_of_several_themes_sees_each_within_its_own_limits(
    client_for, theme, other_theme, division, sibling_division, department
):
    user = UserFactory(entity=sibling_division)
    CorrespondentAssignmentFactory(user=user, theme=theme, entities=[division])
    CorrespondentAssignmentFactory(user=user, theme=other_theme)
    in_first = IdeaFactory(author=UserFactory(entity=department), theme=theme, stage=Stage.SUBMITTED)
    IdeaFactory(author=UserFactory(entity=sibling_division), theme=theme, stage=Stage.SUBMITTED)
    in_second = IdeaFactory(author=UserFactory(entity=sibling_division), theme=other_theme, stage=Stage.SUBMITTED)

    assert queue_of(client_for, user) == {in_first.pk, in_second.pk}


def test_a_community_manager_sees_every_submitted_idea_but_their_own_and_their_teams(
    client_for, community_manager, author, department, theme, other_theme
):
    report = UserFactory(entity=department, manager=community_manager)
    visible = {IdeaFactory(author=author, theme=t, stage=Stage.SUBMITTED).pk for t in (theme, other_theme)}
    IdeaFactory(author=community_manager, theme=theme, stage=Stage.SUBMITTED)
    IdeaFactory(author=report, theme=other_theme, stage=Stage.SUBMITTED)

    assert queue_of(client_for, community_manager) == visible


def test_a_superuser_gets_no_bypass_of_never_your_own_idea(client_for, superuser, author, theme):
    own = IdeaFactory(author=superuser, theme=theme, stage=Stage.SUBMITTED)
    other = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)

    assert queue_of(client_for, superuser) == {other.pk}
    assert own.pk not in queue_of(client_for, superuser)


@pytest.mark.parametrize("count", [1, 26])
def test_the_queue_says_how_many_ideas_wait_and_pages_them(count, client_for, correspondent, theme, department):
    authors = [UserFactory(entity=department) for _ in range(3)]
    for index in range(count):
        IdeaFactory(author=authors[index % 3], theme=theme, stage=Stage.SUBMITTED)

    response = client_for(correspondent).get(reverse("moderation:queue"))

    html = response.content.decode()
    assert ("1 idea waits for you." if count == 1 else f"{count} ideas wait for you.") in html
    assert len(response.context["ideas"]) == min(count, 25)
    if count > 25:
        assert len(client_for(correspondent).get(reverse("moderation:queue"), {"page": 2}).context["ideas"]) == 1
