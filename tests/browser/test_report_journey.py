"""The executive's journey through the report: filter by a business unit and a quarter,
read the charts and their tables, download the workbook, print to PDF; in French, then in
English."""

import re

import pytest
from openpyxl import load_workbook

from ideas.models import Stage
from moderation.pipeline import idea_pipeline_step
from tests.browser import people
from tests.factories import IdeaFactory, Role

pytestmark = pytest.mark.browser


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _deployed(idea, *, by, owner, savings: int):
    for step in (Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT, Stage.DEPLOYED):
        extra = {"savings_eur": savings, "quality": "Fewer returns"} if step == Stage.DEPLOYED else {}
        idea_pipeline_step(idea=idea, to_stage=step, by=by, note=f"Step {step}.", owner=owner, **extra)


def test_an_executive_filters_the_report_reads_its_charts_downloads_the_workbook_and_prints_it(
    site, open_page, tag, tmp_path
):
    with site.db():
        group = people.entity(tag, "Groupe", kind="group")
        stores = people.entity(tag, "Magasins", parent=group)
        north = people.entity(tag, "Magasins Nord", parent=stores)
        elsewhere = people.entity(tag, "Siège", parent=group)
        theme = people.theme(tag, "Qualité de service", "Quality of service")
        author = people.person(tag, "Inès", "Autrice", entity=north)
        other_author = people.person(tag, "Marc", "Ailleurs", entity=elsewhere)
        manager = people.person(tag, "Claire", "Animatrice", entity=group, roles=[Role.COMMUNITY_MANAGER])
        executive = people.person(tag, "Paul", "Directeur", entity=group, roles=[Role.EXECUTIVE])
        english_executive = people.person(tag, "Emma", "Director", entity=group, roles=[Role.EXECUTIVE],
                                          language="en")
        ours = IdeaFactory(author=author, theme=theme, stage=Stage.POTENTIAL, moderator=manager,
                           title=f"Retours en magasin simplifiés {tag}")
        _deployed(ours, by=executive, owner=author, savings=12345)
        theirs = IdeaFactory(author=other_author, theme=theme, stage=Stage.POTENTIAL, moderator=manager,
                             title=f"Archives numérisées {tag}")
        _deployed(theirs, by=executive, owner=other_author, savings=98765)
        IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=manager)

    page = open_page(executive)
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Rapports").click()
    assert page.locator("h1").inner_text() == "Rapport de direction"

    # Filter: this quarter, the stores and their sub-units.
    page.get_by_label("Période", exact=True).select_option("this_quarter")
    page.get_by_label("Entité", exact=True).select_option(str(stores.pk))
    page.get_by_role("button", name="Afficher le rapport").click()
    page.wait_for_load_state()
    assert "period=this_quarter" in page.url and f"entity={stores.pk}" in page.url  # a link to share
    assert stores.name in page.locator("#report-scope").inner_text()

    # Charts, each with its table.
    for block in ("funnel", "participation", "themes"):
        assert page.locator(f"#block-{block} figure svg").count() == 1, block
        assert page.locator(f"#table-{block} tbody tr").count() >= 1, block
    benefits = _digits(page.locator("#table-benefits").inner_text())
    assert "12345" in benefits and "98765" not in benefits  # the other unit's deployment is out

    # The workbook of every table, with the same filters.
    with page.expect_download() as download:
        page.locator("#export-all").click()
    workbook_path = tmp_path / "report.xlsx"
    download.value.save_as(workbook_path)
    workbook = load_workbook(workbook_path, read_only=True)
    cells = " ".join(str(value) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
                     for value in row if value is not None)
    assert len(workbook.sheetnames) >= 5
    assert "12345" in _digits(cells) and "98765" not in _digits(cells)

    # Printing: filters and navigation are left out, the sections stay.
    page.emulate_media(media="print")
    assert not page.locator("#report-filters").is_visible()
    assert not page.get_by_role("navigation", name="Navigation principale").is_visible()
    assert page.locator("#report-pipeline").is_visible()
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), format="A4")
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF") and len(content) > 20_000

    # The same report in English, from the shared link.
    english = open_page(english_executive, locale="en-GB")
    english.goto(page.url)
    assert english.locator("h1").inner_text() == "Executive report"
    assert english.locator("#table-funnel caption").inner_text() == "Ideas by stage"
    assert english.locator("#block-funnel figure svg").count() == 1
