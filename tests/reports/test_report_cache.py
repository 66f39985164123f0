"""The report's figures are computed once per REPORT_CACHE_SECONDS for the same filters
and language, and say the time they are of."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from ideas.services import vote_cast
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("reports:report")


@pytest.fixture
def support(django_capture_on_commit_callbacks):
    """A support as a person gives it: its events (the report's rollups) after the commit."""
    def cast(idea, by):
        with django_capture_on_commit_callbacks(execute=True):
            vote_cast(idea=idea, by=by)
    return cast


@pytest.fixture
def cached(settings):
    settings.REPORT_CACHE_SECONDS = 300


def supporters(response) -> int:
    """How many people supported an idea, as the participation table says."""
    return response.context["data"]["participation"]["overall"].rows[3][1]


def test_a_second_reading_within_the_period_shows_the_same_figures_of_the_same_time(
    cached, client_for, executive, community_manager, programme, support, department, django_assert_max_num_queries
):
    first = client_for(executive).get(URL)
    before = supporters(first)
    # A new supporter arrives after the figures were computed
    support(programme["ideas"]["A"], UserFactory(entity=department))

    # then another reader, in the same period, gets the same figures, of the same time,
    # without the report's queries (session, user, roles, the filter form's choices)
    reader = client_for(community_manager)
    with django_assert_max_num_queries(8):
        second = reader.get(URL)
    assert supporters(second) == before
    assert second.context["generated_at"] == first.context["generated_at"]
    assert second.content.decode().count("figures of") == 1


def test_other_filters_and_the_other_language_are_computed_apart(cached, client_for, executive, programme, support,
                                                                 department, other_theme):
    client = client_for(executive)
    client.get(URL)
    support(programme["ideas"]["A"], UserFactory(entity=department))

    this_year = client.get(URL, {"period": "year"})
    english = client.get(URL, headers={"accept-language": "en"})
    french = client.get(URL, headers={"accept-language": "fr"})

    assert supporters(this_year) == supporters(client.get(URL)) + 1
    signed_in = [response.context["data"]["participation"]["overall"].rows[0][0] for response in (english, french)]
    assert signed_in == ["Signed in", "Connectés"]


def test_without_a_period_every_reading_is_computed(client_for, executive, programme, support, department):
    client = client_for(executive)
    before = supporters(client.get(URL))

    support(programme["ideas"]["A"], UserFactory(entity=department))

    assert supporters(client.get(URL)) == before + 1


def test_charts_kept_with_the_figures_take_each_page_s_own_nonce(cached, client_for, executive, programme):
    client = client_for(executive)
    for _ in range(2):
        response = client.get(URL)
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        page = response.content.decode()
        assert page.count(f'nonce="{nonce}"') >= 3  # the charts' styles, beside the page's own
        assert "report-chart-nonce" not in page


def test_old_figures_are_recomputed_by_one_reader_while_the_others_read_them(
    cached, client_for, executive, community_manager, programme, support, department
):
    from datetime import timedelta

    from django.core.cache import cache
    from django.utils import translation

    from reports.forms import ReportFilterForm
    from reports.snapshots import _key

    english = {"accept-language": "en"}
    first = client_for(executive).get(URL, headers=english)
    support(programme["ideas"]["A"], UserFactory(entity=department))
    # Given figures older than REPORT_CACHE_SECONDS
    with translation.override("en"):
        form = ReportFilterForm({})
        form.is_valid()
        key = _key(form.filters())
    data, moment = cache.get(key)
    cache.set(key, (data, moment - timedelta(seconds=301)), 3600)
    reader = client_for(community_manager)
    # while another reader holds the computation's lock, the old figures are read
    cache.add(f"{key}:computing", 1, 60)
    assert reader.get(URL, headers=english).context["generated_at"] == moment - timedelta(seconds=301)
    # and once it is free, the next reader computes new ones
    cache.delete(f"{key}:computing")
    newer = reader.get(URL, headers=english)
    assert newer.context["generated_at"] > moment
    assert supporters(newer) == supporters(first) + 1


def test_the_refresh_command_computes_the_usual_reports_ahead(cached, client_for, executive, programme,
                                                              django_assert_max_num_queries):
    out = StringIO()
    call_command("refresh_reports", stdout=out)

    # Four periods in two languages
    assert len(out.getvalue().splitlines()) == 8
    client = client_for(executive)
    with django_assert_max_num_queries(8):
        assert client.get(URL, {"period": "year"}, headers={"accept-language": "fr"}).status_code == 200
