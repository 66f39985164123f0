"""Daily use as each role finds it (forms that say what they refuse, pages that hold on a
phone), in French and English."""

import re

import pytest

from ideas.models import Idea
from tests.browser import people
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("locale", "language", "texts"), [
    ("fr-FR", "fr", {"theme": "Thème", "body": "Description", "submit": "Soumettre pour validation",
                     "count": "12 caractères sur 160", "over": "200 caractères sur 160 : 40 de trop",
                     "refused": "Ce champ est limité à 160 caractères ; il en compte 200 : raccourcissez-le."}),
    ("en-GB", "en", {"theme": "Theme", "body": "Description", "submit": "Submit for validation",
                     "count": "12 of 160 characters", "over": "200 of 160 characters: 40 too many",
                     "refused": "This is limited to 160 characters; it has 200: please shorten it."}),
])
def test_a_pasted_long_title_is_counted_kept_whole_and_refused_with_a_message(site, open_page, tag, locale, language,
                                                                                texts):
    with site.db():
        unit = people.entity(tag, "Achats")
        theme = people.theme(tag)
        author = people.person(tag, "Tina", "Titre", entity=unit, language=language)
    page = open_page(author, locale=locale, viewport=PHONE)
    page.goto(f"{site.url}/ideas/new/")
    title = page.locator("#id_title")

    title.fill("Short title!")
    counter = page.locator("#id_title-count")
    assert counter.inner_text() == texts["count"]
    pasted = f"Partager {tag} " + "x" * (200 - len(f"Partager {tag} "))
    title.fill(pasted)

    assert title.input_value() == pasted  # not cut by the browser
    assert counter.inner_text() == texts["over"]
    assert title.get_attribute("aria-invalid") == "true"
    assert page.locator("#id_title-count-alert").inner_text() == texts["over"]
    page.get_by_label(texts["theme"]).select_option(label=theme.name_fr if language == "fr" else theme.name_en)
    page.get_by_label(texts["body"]).fill("One delivery a week instead of three.")
    page.get_by_role("button", name=texts["submit"]).click()
    page.wait_for_load_state()

    assert texts["refused"] in page.locator(".field-invalid").inner_text()
    assert page.locator("#id_title").input_value() == pasted
    assert re.search(texts["over"], page.locator("#id_title-count").inner_text())
    with site.db():
        assert not Idea.objects.filter(author=author).exists()
