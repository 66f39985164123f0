"""seed_demo --scale eureka, at a twentieth of its size: the report shows the seed's shape.
(The full size is checked by bench/report.py; its figures are in the README.)"""

import pytest

from accounts.models import Entity
from demo.eureka import GROUP_CODE, seed_eureka
from reports.selectors import EntityBuckets, Filters, by_theme, funnel, participation

pytestmark = pytest.mark.django_db


@pytest.fixture
def eureka(english):
    created = seed_eureka(password="demo-multitude", scale=0.05)
    return created, Filters(entity=Entity.objects.get(code=GROUP_CODE))


def test_the_programme_is_written_once(eureka):
    created, _filters = eureka

    assert created["people"] == 229 and created["ideas"] == 180
    assert seed_eureka(password="demo-multitude", scale=0.05) is None


def test_its_report_shows_the_participation_of_the_programme(eureka):
    _created, filters = eureka
    shares = {row[0]: row[2] for row in participation(filters, buckets=EntityBuckets(filters.entity))["overall"].rows}

    assert shares["Signed in"] == pytest.approx(0.60, abs=0.005)
    assert shares["Posted an idea"] == pytest.approx(0.20, abs=0.005)
    assert shares["Commented"] == pytest.approx(0.23, abs=0.005)
    assert shares["Supported"] == pytest.approx(0.43, abs=0.005)


def test_its_report_shows_the_ideas_with_potential_and_the_top_themes(eureka):
    _created, filters = eureka
    potential = {row[0]: row[1] for row in funnel(filters)["potential"].rows}
    themes = [row[0] for row in by_theme(filters).rows]

    # A twentieth of 107 awaiting analysis (60 + 47), 49 in project, 7 in pilot, 44 deployed.
    assert potential == {"awaiting analysis": 5, "in project": 2, "in pilot": 0, "deployed": 2, "not retained": 0,
                         "Total with potential": 9}
    # At this size the first two may swap; at full size the order is the seed's (README).
    assert set(themes[:4]) == {"Cost savings", "Process optimisation", "Brand value", "Quality of service"}
