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


# --- Long words and small targets on a phone -------------------------------------------------

LONG_WORD = "Réorganisation" * 11 + "x" * 6  # 160 characters without a break
LONG_URL = "https://intranet.multitude.example/" + "procedures/" * 12 + "imprimantes-partagees-" * 4


@pytest.fixture
def long_texts(site, tag):
    """An idea titled with one 160-character word, with a comment holding a long address,
    and the notifications, queue and lists that repeat them."""
    from ideas.models import Stage
    from ideas.services import comment_post
    from tests.factories import IdeaFactory

    with site.db():
        unit = people.entity(tag, "Logistique")
        theme = people.theme(tag)
        author = people.person(tag, "Lou", "Longmot", entity=unit)
        colleague = people.person(tag, "Carl", "Collegue", entity=unit)
        correspondent = people.correspondent_for(theme, people.person(tag, "Cora", "Corr", entity=unit))
        title = f"{LONG_WORD[:159 - len(tag)]} {tag}"  # 160 characters, almost all one word
        published = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, title=title,
                                body=f"{LONG_WORD}\n\nVoir {LONG_URL}", moderator=correspondent)
        IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED, title=f"{tag} {LONG_WORD[:159 - len(tag)]}", body=LONG_URL)
        comment_post(idea=published, by=colleague, body=f"Déjà décrit ici : {LONG_URL} et {LONG_WORD}")
    return {"author": author, "correspondent": correspondent, "idea": published, "tag": tag}


def _fits(page) -> None:
    from tests.browser.test_phone import TOO_WIDE

    page.wait_for_load_state("networkidle")
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"{page.url} scrolls sideways: {page.evaluate(TOO_WIDE)}"


@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize("locale", ["fr-FR", "en-GB"])
def test_long_words_and_addresses_wrap_on_every_page_that_shows_them(site, open_page, long_texts, width, locale):
    tag = long_texts["tag"]
    viewport = {"width": width, "height": 740}
    author = open_page(long_texts["author"], viewport=viewport, locale=locale)
    for path in ("/ideas/", f"/ideas/?q={tag}", f"/ideas/{long_texts['idea'].pk}/", "/ideas/mine/", "/notifications/",
                 f"/people/{long_texts['author'].pk}/"):
        author.goto(f"{site.url}{path}")
        assert LONG_WORD[:40] in author.locator("main").inner_text()
        _fits(author)
    correspondent = open_page(long_texts["correspondent"], viewport=viewport, locale=locale)
    correspondent.goto(f"{site.url}/moderation/submitted/")
    assert LONG_WORD[:40] in correspondent.locator("main").inner_text()
    _fits(correspondent)


FORM_PAGES = [
    ("login", None, "/accounts/login/"),
    ("post-form", "author", "/ideas/new/"),
    ("preferences", "author", "/notifications/preferences/"),
    ("report", "executive", "/reports/"),
    ("audit", "community_manager", "/moderation/audit/"),
    ("sanctions", "community_manager", "/moderation/sanctions/"),
]


@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize(("name", "role", "path"), FORM_PAGES, ids=[name for name, _role, _path in FORM_PAGES])
def test_checkboxes_radios_file_and_date_fields_are_big_enough_to_tap_on_a_phone(site, open_page, tag, name, role,
                                                                                   path, width):
    from tests.browser.test_phone import SMALL_TARGETS, TAP
    from tests.factories import Role

    user = None
    if role:
        with site.db():
            unit = people.entity(tag, "Siège")
            roles = {"executive": [Role.EXECUTIVE], "community_manager": [Role.COMMUNITY_MANAGER]}.get(role, [])
            user = people.person(tag, "Pat", role.replace("_", ""), entity=unit, roles=roles)
    page = open_page(user, viewport={"width": width, "height": 740})
    page.goto(f"{site.url}{path}")
    _fits(page)

    small = page.evaluate(SMALL_TARGETS, TAP)
    assert not small, f"{name}: controls smaller than {TAP}×{TAP} px:\n" + "\n".join(small)


# --- The navigation at 1,280 px, the person menu and Escape ------------------------------------

ROLES = ["employee", "correspondent", "community_manager", "executive", "administrator"]


def _person_in_role(tag, role):
    from tests.factories import Role

    unit = people.entity(tag, "Direction des achats")
    granted = {"community_manager": [Role.COMMUNITY_MANAGER], "executive": [Role.EXECUTIVE],
               "administrator": [Role.ADMINISTRATOR]}.get(role, [])
    user = people.person(tag, "Marie-Charlotte", f"Delacroix-{role.replace('_', '')}", entity=unit, roles=granted)
    if role == "correspondent":
        people.correspondent_for(people.theme(tag), user)
    return user


@pytest.mark.parametrize("locale", ["fr-FR", "en-GB"])
@pytest.mark.parametrize("role", ROLES)
def test_the_navigation_keeps_to_one_line_at_1280_px_for_every_role(site, open_page, tag, role, locale):
    with site.db():
        user = _person_in_role(tag, role)
    page = open_page(user, locale=locale)
    page.goto(f"{site.url}/ideas/")

    tops = page.locator("#site-nav > ul > li").evaluate_all("items => items.map(li => Math.round(li.getBoundingClientRect().top))")
    header = page.locator(".header-row").bounding_box()
    widths = page.locator("#site-nav > ul > li, .brand, .language-switcher").evaluate_all(
        "items => items.map(item => item.innerText.trim().slice(0, 12) + ': ' + Math.round(item.getBoundingClientRect().width))")
    assert len(set(tops)) == 1, f"{role}: the navigation takes {len(set(tops))} lines: {widths}"
    assert header["height"] <= 60
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


@pytest.mark.parametrize(("locale", "names"), [
    ("fr-FR", {"profile": "Mon profil", "sign_out": "Se déconnecter", "nav": "Navigation principale"}),
    ("en-GB", {"profile": "My profile", "sign_out": "Sign out", "nav": "Main navigation"}),
])
def test_the_person_menu_opens_holds_the_account_and_escape_folds_it(site, open_page, tag, locale, names):
    with site.db():
        user = _person_in_role(tag, "employee")
    page = open_page(user, locale=locale)
    page.goto(f"{site.url}/ideas/")
    summary = page.locator("details[data-person-menu] summary")

    assert not page.get_by_role("link", name=names["profile"]).is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    assert page.get_by_role("link", name=names["profile"]).is_visible()
    assert page.get_by_role("button", name=names["sign_out"]).is_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")

    assert not page.get_by_role("link", name=names["profile"]).is_visible()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    summary.click()
    page.get_by_role("link", name=names["profile"]).click()
    page.wait_for_url(f"**/people/{user.pk}/")


def test_escape_folds_the_phone_menu_and_returns_to_its_button(site, open_page, tag):
    with site.db():
        user = _person_in_role(tag, "employee")
    page = open_page(user, viewport=PHONE)
    page.goto(f"{site.url}/ideas/")
    toggle = page.get_by_role("button", name="Menu")

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link").first.focus()
    page.keyboard.press("Escape")

    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("navigation", name="Navigation principale").is_visible()
    assert page.evaluate("document.activeElement.classList.contains('nav-toggle')")
