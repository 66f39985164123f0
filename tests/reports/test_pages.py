"""The report page and its exports, through the client, for each role."""

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Entity
from moderation.sanctions import user_suspend
from reports.models import LoginDay
from tests.factories import Role, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("reports:report")


@pytest.fixture
def administrator(sibling_division):
    return UserFactory(first_name="Ada", last_name="Admin", entity=sibling_division, roles=[Role.ADMINISTRATOR])


@pytest.fixture
def suspended_executive(sibling_division, community_manager):
    user = UserFactory(first_name="Sue", last_name="Spended", entity=sibling_division, roles=[Role.EXECUTIVE])
    user_suspend(user=user, by=community_manager, days=7, reason="Insults in comments.")
    return user


def test_anonymous_visitors_are_sent_to_sign_in(client_for):
    response = client_for(None).get(URL)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("who", ["colleague", "correspondent", "suspended_executive"])
def test_other_roles_are_refused(client_for, request, who):
    user = request.getfixturevalue(who)

    assert client_for(user).get(URL).status_code == 403
    assert client_for(user).get(reverse("reports:export", args=["funnel", "csv"])).status_code == 403


@pytest.mark.parametrize("who", ["executive", "community_manager", "administrator", "superuser"])
def test_executives_community_managers_and_administrators_read_the_report(client_for, request, who):
    response = client_for(request.getfixturevalue(who)).get(URL)

    assert response.status_code == 200
    for section in ("report-pipeline", "report-participation", "report-themes", "report-over-time"):
        assert f'id="{section}"' in response.content.decode()


def test_the_navigation_links_the_report_for_those_allowed_only(client_for, executive, colleague):
    assert URL in client_for(executive).get(reverse("ideas:list")).content.decode()
    assert URL not in client_for(colleague).get(reverse("ideas:list")).content.decode()


def test_the_page_shows_the_figures_with_charts_and_accessible_tables(client_for, executive, programme):
    html = client_for(executive).get(URL).content.decode()

    assert "<svg" in html and 'class="pygal-chart' in html
    assert "<script" not in html.split('id="report-pipeline"')[1].split("</main>")[0]  # no chart script
    assert '<caption>Ideas by stage</caption>' in html
    assert '<th scope="row">deployed</th>' in html
    assert "12,000" in html  # declared savings


def test_the_page_comes_in_french(client_for, executive, programme):
    html = client_for(executive, HTTP_ACCEPT_LANGUAGE="fr").get(URL).content.decode()

    assert "Rapport de direction" in html or "Executive report" in html  # until the lead merges the catalogue
    assert 'lang="fr"' in html


def test_a_filtered_address_can_be_shared_and_filters_the_figures(client_for, executive, programme, division):
    response = client_for(executive).get(URL, {"period": "all", "entity": division.pk})

    assert response.status_code == 200
    assert "Retail division (with its sub-units)" in response.content.decode()
    assert response.context["filters"].entity == division


@pytest.mark.parametrize("query", [
    {"entity": "999999"}, {"date_from": "yesterday"}, {"period": "decade"},
    {"date_from": "2026-05-01", "date_to": "2026-04-01"}, {"theme": "x"}, {"challenge": "-1"},
])
def test_bad_filters_give_a_form_error_not_a_crash(client_for, executive, query):
    response = client_for(executive).get(URL, query)

    assert response.status_code == 400
    assert "field-errors" in response.content.decode()


def test_presets_and_dates_set_the_period(client_for, executive):
    client = client_for(executive)

    quarter = client.get(URL, {"period": "last_quarter"}).context["filters"]
    assert quarter.start.day == 1 and quarter.start.month in (1, 4, 7, 10)
    custom = client.get(URL, {"date_from": "2026-01-01", "date_to": "2026-03-31"}).context["filters"]
    assert (custom.start.date().isoformat(), custom.end.date().isoformat()) == ("2026-01-01", "2026-04-01")


def test_a_table_exports_as_csv_with_formulas_defused(client_for, executive, programme, division):
    Entity.objects.filter(pk=division.pk).update(name="=HYPERLINK(\"http://evil\")")

    response = client_for(executive).get(reverse("reports:export", args=["entities", "csv"]))

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Business unit"
    assert ["'=HYPERLINK(\"http://evil\")", "4", "1", "3", "1"] in rows


def test_every_table_exports_as_one_xlsx_workbook(client_for, executive, programme):
    response = client_for(executive).get(reverse("reports:export", args=["all", "xlsx"]))

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert {"funnel", "participation", "themes", "weekly", "cross-entity"} <= set(book.sheetnames)
    funnel = [[cell.value for cell in row] for row in book["funnel"].iter_rows()]
    assert funnel[0] == ["Ideas by stage"] + [None] * 3
    assert funnel[1] == ["Stage", "Now in this stage", "Reached this stage", "Conversion from the previous stage"]
    assert ["published", 1, 3, 0.75] in funnel
    assert book["funnel"]["D4"].number_format == "0.0%"


def test_one_table_exports_as_xlsx(client_for, executive, programme):
    response = client_for(executive).get(reverse("reports:export", args=["themes", "xlsx"]))

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["themes"]
    assert ["Cost savings", 3, 2, 1] in [[c.value for c in row] for row in book["themes"].iter_rows()]


def test_an_unknown_table_or_format_is_not_found(client_for, executive):
    client = client_for(executive)

    assert client.get(reverse("reports:export", args=["nothing", "csv"])).status_code == 404
    assert client.get(reverse("reports:export", args=["funnel", "pdf"])).status_code == 404


def test_signing_in_records_the_day_once(client_for, colleague):
    client_for(colleague)
    client_for(colleague)

    assert LoginDay.objects.filter(user=colleague).count() == 1


def test_entity_and_theme_names_are_escaped_in_charts_and_tables(client_for, executive, programme, division):
    Entity.objects.filter(pk=division.pk).update(name="<script>alert(1)</script>")

    html = client_for(executive).get(URL).content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_charts_obey_the_content_security_policy(client_for, executive, programme):
    response = client_for(executive).get(URL)
    chart = response.content.decode().split('class="report-chart"')[1].split("</figure>")[0]
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)

    assert f'nonce="{nonce}"' in chart.split("<style")[1].split(">")[0]  # its inline style may apply
    assert ' style="' not in chart  # no style attribute: the policy would block it
    assert "script" not in chart


def _selected_filters(html: str) -> dict[str, str]:
    """What the browser would send on "Show the report": each select's selected option
    (its first when none is), each input's value."""
    form = html.split('id="report-filters"', 1)[1].split("</form>", 1)[0]
    sent = {}
    for name, options in re.findall(r'<select[^>]*name="(\w+)"[^>]*>(.*?)</select>', form, re.S):
        values = re.findall(r'<option value="([^"]*)"', options)
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', options)
        sent[name] = (chosen or values)[0]
    for tag in re.findall(r'<input[^>]*type="date"[^>]*>', form):
        name = re.search(r'name="(\w+)"', tag).group(1)
        value = re.search(r'value="([^"]*)"', tag)
        sent[name] = value.group(1) if value else ""
    return sent


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_first_view_names_the_period_its_figures_cover(client_for, executive, programme, language):
    client = client_for(executive, HTTP_ACCEPT_LANGUAGE=language)
    first = client.get(URL)
    sent = _selected_filters(first.content.decode())

    assert sent["period"] == "all"
    assert first.context["filters"].start is None and first.context["filters"].end is None
    again = client.get(URL, sent)
    assert again.context["filters"] == first.context["filters"]
    assert _figures(again) == _figures(first)
    assert "figures of" in _figures(first) or "chiffres" in _figures(first)


def _figures(response) -> str:
    """The page below the filters, charts left out (their ids change on every request) and
    export links without their query: the scope line and the tables hold the figures."""
    html = response.content.decode().split('id="report-filters"', 1)[1].split("</form>", 1)[1]
    html = re.sub(r"<svg.*?</svg>", "", html.split("</main>")[0], flags=re.S)
    return re.sub(r'href="(/reports/export/[^"?]*)\?[^"]*"', r'href="\1"', html)


@pytest.mark.parametrize(("language", "said"), [
    ("en", "from 1 January 2026 to 31 March 2026 (included)"),
    ("fr", "du 1 janvier 2026 au 31 mars 2026 (inclus)"),
])
def test_the_summary_names_the_last_day_included_as_the_filter_does(client_for, executive, language, said):
    response = client_for(executive, HTTP_ACCEPT_LANGUAGE=language).get(
        URL, {"date_from": "2026-01-01", "date_to": "2026-03-31"})

    scope = " ".join(response.content.decode().split('id="report-scope">', 1)[1].split("</p>", 1)[0].split())
    assert said in scope and "exclu" not in scope


@pytest.mark.parametrize(("language", "written", "not_written"), [
    ("en", r"\d%<", r"\d[ \u202f\xa0]%<"),
    ("fr", r"\d,?\d*\u202f%<", r"\d%<"),
])
def test_percentages_are_written_as_each_language_writes_them(client_for, executive, programme, language, written,
                                                             not_written):
    html = client_for(executive, HTTP_ACCEPT_LANGUAGE=language).get(URL).content.decode()
    tables = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)

    assert re.search(written, tables) and not re.search(not_written, tables)
