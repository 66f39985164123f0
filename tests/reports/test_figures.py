"""Each figure of the report against the hand-computed programme of conftest.py."""

from datetime import timedelta

import pytest

from reports.selectors import Filters, by_entity, by_theme, funnel, participation, stage_durations, stuck_ideas, weekly
from reports.rollups import rollups_rebuild
from reports.selectors import EntityBuckets

pytestmark = pytest.mark.django_db


def rows_by_label(table):
    return {str(row[0]): row[1:] for row in table.rows}


@pytest.fixture
def everything(programme, english):
    return Filters()


def test_the_funnel_counts_the_ideas_now_in_and_having_reached_each_stage(everything):
    table = rows_by_label(funnel(everything)["funnel"])

    assert table["awaiting validation"] == [0, 4, None]  # A, B, C, D submitted; E is a draft
    assert table["published"] == [1, 3, 0.75]
    assert table["has potential"][:2] == [1, 2]
    assert table["has potential"][2] == pytest.approx(2 / 3)
    assert table["awaiting analysis"] == [0, 1, 0.5]
    assert table["in project"] == [0, 1, 1.0]
    assert table["in pilot"] == [0, 1, 1.0]
    assert table["deployed"] == [1, 1, 1.0]
    assert table["rejected"] == [1, 1, None]
    assert table["not retained"] == [0, 0, None]


def test_ideas_with_potential_are_read_as_eureka_does(everything):
    table = rows_by_label(funnel(everything)["potential"])

    assert table["awaiting analysis"] == [1, 0.5]  # B, still at "has potential"
    assert table["deployed"] == [1, 0.5]
    assert table["in project"] == [0, 0.0]
    assert table["Total with potential"] == [2, 1.0]


def test_declared_benefits_sum_the_deployed_ideas(everything):
    table = rows_by_label(funnel(everything)["benefits"])

    assert table["Ideas deployed"] == [1]
    assert table["Annual savings declared (euros)"] == [12000]
    assert table["Ideas with a quality indicator"] == [1]


def test_time_in_stage_gives_median_and_90th_percentile_of_ended_stays(everything):
    table = rows_by_label(stage_durations(everything))

    # Stays in "awaiting validation": A 1, B 2, C 5, D 1 day → median 1.5, 90th (4th of 4) 5.
    assert table["awaiting validation"] == [4, 1.5, 5.0]
    # Published: A 2 days, B 2 days (D still published: not an ended stay).
    assert table["published"] == [2, 2.0, 2.0]
    assert table["has potential"] == [1, 4.0, 4.0]  # B is still there
    assert table["in project"] == [1, 20.0, 20.0]
    assert table["in pilot"] == [1, 30.0, 30.0]


def test_ideas_waiting_too_long_are_listed_oldest_first(everything, programme):
    stuck = stuck_ideas(everything)

    assert rows_by_label(stuck["table"])["has potential"] == [1]
    assert [idea.pk for idea in stuck["oldest"]] == [programme["ideas"]["B"].pk]
    assert stuck["oldest"][0].waiting_days == 96


def test_participation_is_the_share_of_active_employees_who_took_part(everything):
    figures = participation(everything, buckets=EntityBuckets(None))
    table = rows_by_label(figures["overall"])

    # Five active people: Alice, Colin, Ivan, Eric, Camille.
    assert figures["figures"]["people"] == 5
    assert table["Signed in"] == [2, 0.4]
    assert table["Posted an idea"] == [2, 0.4]
    assert table["Commented"] == [1, 0.2]
    assert table["Supported"] == [2, 0.4]
    assert table["Took part (posted, commented or supported)"] == [3, 0.6]


def test_participation_by_business_unit_rolls_sub_units_up(everything):
    table = rows_by_label(participation(everything, buckets=EntityBuckets(None))["entities"])

    # people, signed in, posted, commented, supported, took part
    assert table["Retail division"] == [2, 0.5, 1.0, 0.0, 0.5, 1.0]
    assert table["Industry division"] == [3, pytest.approx(1 / 3), 0.0, pytest.approx(1 / 3), pytest.approx(1 / 3),
                                          pytest.approx(1 / 3)]


def test_new_contributors_are_counted_in_the_month_of_their_first_contribution(everything):
    table = participation(everything, buckets=EntityBuckets(None))["new"]

    assert sum(row[1] for row in table.rows) == 3  # Alice, Colin, Ivan


def test_a_period_keeps_only_what_happened_in_it(programme, english):
    last_month = Filters(start=programme["now"] - timedelta(days=40), end=programme["now"] + timedelta(days=1))

    table = rows_by_label(participation(last_month, buckets=EntityBuckets(None))["overall"])
    assert table["Signed in"] == [2, 0.4]  # Alice today, Ivan 30 days ago
    assert table["Posted an idea"] == [0, 0.0]
    assert table["Supported"] == [2, 0.4]
    assert rows_by_label(funnel(last_month)["funnel"])["awaiting validation"][1] == 0
    # Deployed on day 67, 33 days ago: in the period.
    assert rows_by_label(funnel(last_month)["benefits"])["Ideas deployed"] == [1]


def test_a_business_unit_filter_keeps_its_people_and_their_ideas(programme, division, english):
    retail = Filters(entity=division)

    overall = rows_by_label(participation(retail, buckets=EntityBuckets(division))["overall"])
    assert overall["Posted an idea"] == [2, 1.0]  # Alice and Colin, both in the stores department
    assert rows_by_label(funnel(retail)["funnel"])["awaiting validation"][1] == 4


def test_themes_count_ideas_supports_and_deployments(everything):
    table = rows_by_label(by_theme(everything))

    assert table["Cost savings"] == [3, 2, 1]  # A, B, C; Ivan and Colin on A; A deployed
    assert table["Workplace"] == [1, 1, 0]


def test_a_theme_filter_keeps_that_theme(programme, other_theme, english):
    table = rows_by_label(by_theme(Filters(theme=other_theme)))

    assert list(table) == ["Workplace"]


def test_flow_across_units_counts_ideas_supported_and_developed_elsewhere(everything):
    result = by_entity(everything, buckets=EntityBuckets(None))
    counts = rows_by_label(result["table"])
    flow = rows_by_label(result["flow"])

    # ideas, supports given, supports received, deployed
    assert counts["Retail division"] == [4, 1, 3, 1]
    assert counts["Industry division"] == [0, 2, 0, 0]
    # A and D supported by Ivan; B commented by Ivan; 2 of the 3 supports from Industry.
    assert flow["Retail division"] == [4, 0.5, 0.25, pytest.approx(2 / 3)]


def test_weekly_activity_adds_up(everything):
    table = weekly(everything)

    assert [sum(row[i] for row in table.rows) for i in (1, 2, 3)] == [4, 1, 3]
    weeks = [row[0] for row in table.rows]
    assert len(weeks) >= 14  # every week from day 0 to today, quiet ones included


@pytest.fixture
def challenge(programme, executive, theme):
    from django.utils import timezone

    from ideas.models import Challenge, Idea

    now = timezone.now()
    made = Challenge.objects.create(title="Halve paper use", question="How?", sponsor=executive, created_by=executive,
                                    opens_at=now - timedelta(days=120), closes_at=now - timedelta(days=10))
    ideas = programme["ideas"]
    Idea.objects.filter(pk__in=[ideas["A"].pk, ideas["B"].pk]).update(challenge=made, challenge_shortlisted_at=now)
    Idea.objects.filter(pk=ideas["A"].pk).update(challenge_winner_at=now)
    rollups_rebuild()  # the ideas were moved to the challenge behind the services' backs
    return made


def test_challenge_results_count_answers_shortlist_and_winners(challenge, programme, english):
    from reports.selectors import challenge_results

    results = challenge_results(Filters(challenge=challenge))

    # ideas, authors, supports, shortlisted, winners
    assert rows_by_label(results["table"])["Halve paper use"] == ["closed", 2, 1, 2, 2, 1]
    assert [idea.pk for idea in results["winners"]] == [programme["ideas"]["A"].pk, programme["ideas"]["B"].pk]


def test_a_challenge_filter_keeps_its_ideas(challenge, english):
    table = rows_by_label(funnel(Filters(challenge=challenge))["funnel"])

    assert table["awaiting validation"][1] == 2


def test_people_attached_to_the_group_itself_get_their_own_row(programme, group, english):
    from tests.factories import UserFactory

    UserFactory(first_name="Clara", last_name="Chief", entity=group)

    table = rows_by_label(participation(Filters(), buckets=EntityBuckets(None))["entities"])

    assert table["Multitude Group itself"][0] == 1
    assert "Elsewhere or no business unit" not in table
