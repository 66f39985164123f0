"""The demo's executive opens the report, filters by a business unit and a quarter, reads
it in French or English, and downloads the workbook."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from accounts.models import Entity, User
from demo.organisation import DOMAIN
from reports.models import LoginDay

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_executive():
    with translation.override("en"):
        call_command("seed_demo", stdout=io.StringIO())
    return User.objects.get(email=f"philippe.lefevre@{DOMAIN}")


def test_the_demo_executive_reads_the_report_filtered_and_downloads_it(client_for, demo_executive):
    unit = Entity.objects.filter(children__isnull=False).exclude(parent=None).order_by("path").first()
    client = client_for(demo_executive)
    query = {"entity": unit.pk, "period": "this_quarter"}

    assert 'href="/reports/"' in client.get(reverse("ideas:list")).content.decode()
    page = client.get(reverse("reports:report"), query)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"{unit.name} (with its sub-units)" in html
    for chart_table in ("table-funnel", "table-participation", "table-themes"):
        assert f'id="{chart_table}"' in html
    assert html.count('class="pygal-chart') >= 3
    book = load_workbook(io.BytesIO(client.get(reverse("reports:export", args=["all", "xlsx"]), query).content))
    assert "participation" in book.sheetnames


def test_the_demo_report_has_sign_in_days_and_comes_in_french(client_for, demo_executive):
    people = User.objects.filter(email__endswith=f"@{DOMAIN}").count()
    signed_in = LoginDay.objects.values("user").distinct().count()
    html = client_for(demo_executive, HTTP_ACCEPT_LANGUAGE="fr").get(reverse("reports:report")).content.decode()

    assert signed_in >= 0.6 * people  # everyone who contributed, and some who only read
    assert 'lang="fr"' in html
    assert "Recherche d&#x27;économies" in html  # theme names in French
