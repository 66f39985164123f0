"""Line management and business units: the materialised paths the permission rules use."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from accounts.roles import manages
from accounts.services import entity_and_descendant_ids, user_set_manager
from ideas.models import Stage
from moderation.selectors import submission_queue
from tests.factories import CorrespondentAssignmentFactory, IdeaFactory, UserFactory


def test_a_sub_entity_path_extends_its_parents(group, division, department):
    assert group.path == f"/{group.pk}/"
    assert division.path == f"/{group.pk}/{division.pk}/"
    assert department.path == f"/{group.pk}/{division.pk}/{department.pk}/"
    assert department.depth == 2


def test_an_entity_and_its_descendants_are_found_by_path(group, division, department, sibling_division):
    assert set(entity_and_descendant_ids(division)) == {division.pk, department.pk}
    assert set(entity_and_descendant_ids(group)) == {group.pk, division.pk, department.pk, sibling_division.pk}


def test_naming_a_manager_records_the_whole_chain_above(department):
    ceo = UserFactory(entity=department)
    director = UserFactory(entity=department, manager=ceo)
    lead = UserFactory(entity=department, manager=director)

    assert lead.management_path == f"/{ceo.pk}/{director.pk}/"
    assert manages(ceo, lead) and manages(director, lead)
    assert not manages(lead, director) and not manages(lead, lead)


def test_moving_a_manager_moves_everyone_under_them(department):
    old_boss, new_boss = UserFactory(entity=department), UserFactory(entity=department)
    middle = UserFactory(entity=department, manager=old_boss)
    bottom = UserFactory(entity=department, manager=middle)

    user_set_manager(user=middle, manager=new_boss)

    bottom.refresh_from_db()
    assert bottom.management_path == f"/{new_boss.pk}/{middle.pk}/"
    assert manages(new_boss, bottom) and not manages(old_boss, bottom)


def test_removing_a_manager_empties_the_chain(department):
    boss = UserFactory(entity=department)
    report = UserFactory(entity=department, manager=boss)

    user_set_manager(user=report, manager=None)

    report.refresh_from_db()
    assert (report.manager, report.management_path) == (None, "/")


def test_nobody_reports_to_themselves_or_to_someone_they_manage(department):
    boss = UserFactory(entity=department)
    report = UserFactory(entity=department, manager=boss)
    below = UserFactory(entity=department, manager=report)

    for user, manager in [(boss, boss), (boss, report), (boss, below)]:
        with pytest.raises(ValidationError):
            user_set_manager(user=user, manager=manager)
    boss.refresh_from_db()
    assert boss.management_path == "/"


def test_management_is_matched_on_whole_ids_not_digits():
    one = User(pk=1, email="one@multitude.example")
    two = User(pk=2, email="two@multitude.example")
    under_twelve = User(pk=3, email="three@multitude.example", management_path="/12/")
    under_twenty_one = User(pk=4, email="four@multitude.example", management_path="/21/")

    assert not manages(one, under_twelve) and not manages(two, under_twelve)
    assert not manages(one, under_twenty_one) and not manages(two, under_twenty_one)


def test_the_queue_filter_matches_whole_ids_not_digits(db, theme):
    """The same rule as a database filter: someone managed by #12 is not managed by #1."""
    moderator = UserFactory()
    CorrespondentAssignmentFactory(user=moderator, theme=theme)
    idea = IdeaFactory(theme=theme, stage=Stage.SUBMITTED)
    lookalike = f"/{moderator.pk}1/{moderator.pk * 10 + 2}/1{moderator.pk}/"
    User.objects.filter(pk=idea.author_id).update(management_path=lookalike)

    assert list(submission_queue(viewer=User.objects.get(pk=moderator.pk))) == [idea]

