"""The foundation's promise, in a real browser: an employee posts an idea, a functional
correspondent approves it, a colleague supports and comments — without page reloads for
the support and the comment — in French, then in English."""

import pytest

from ideas.models import Idea, Stage, Vote
from tests.browser import people
from tests.browser.conftest import PHONE, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def cast(site, tag):
    with site.db():
        group = people.entity(tag, "Groupe", kind="group")
        sales = people.entity(tag, "Ventes", parent=group)
        finance = people.entity(tag, "Finance", parent=group)
        theme = people.theme(tag, "Recherche d'économies", "Cost savings")
        manager = people.person(tag, "Martine", "Manager", entity=sales)
        author = people.person(tag, "Antoine", "Auteur", entity=sales, manager=manager)
        people.correspondent_for(theme, manager)  # the author's manager: must never see it
        correspondent = people.correspondent_for(theme, people.person(tag, "Céline", "Corr", entity=finance))
        colleague = people.person(tag, "Paul", "Collègue", entity=finance)
    return {"author": author, "manager": manager, "correspondent": correspondent, "colleague": colleague,
            "theme": theme}


def post_idea(page, site, *, title, theme_label, submit_label):
    page.goto(f"{site.url}/ideas/new/")
    page.fill("#id_title", title)
    page.select_option("#id_theme", label=theme_label)
    page.fill("#id_body", "Chaque service paie ses **propres** abonnements.\n\n- Ventes\n- Marketing")
    page.get_by_role("button", name=submit_label).click()
    page.wait_for_url("**/ideas/*/")
    return page.url


def test_an_idea_goes_from_posting_to_support_and_comment_in_french(cast, open_page, site):
    title = f"Mutualiser les abonnements presse entre services {cast['theme'].slug}"
    theme_label = cast["theme"].name_fr

    author_page = open_page(cast["author"])
    assert author_page.locator("html").get_attribute("lang") == "fr"
    idea_url = post_idea(author_page, site, title=title, theme_label=theme_label,
                         submit_label="Soumettre pour validation")
    assert "transmise aux correspondants fonctionnels" in author_page.locator(".messages").inner_text()

    manager_page = open_page(cast["manager"])
    manager_page.goto(f"{site.url}/moderation/submitted/")
    assert manager_page.locator("h1").inner_text() == "Idées en attente de validation"
    assert title not in manager_page.content()

    correspondent_page = open_page(cast["correspondent"])
    correspondent_page.goto(f"{site.url}/moderation/submitted/")
    item = correspondent_page.locator(".queue-item", has_text=title)
    item.get_by_role("button", name="Valider et publier").click()
    assert "L'idée est publiée." in correspondent_page.locator(".messages").inner_text()

    colleague_page = open_page(cast["colleague"])
    colleague_page.goto(idea_url)
    colleague_page.evaluate("window.__notReloaded = true")
    assert colleague_page.inner_text("[data-support-count]") == "0"
    colleague_page.get_by_role("button", name="Soutenir cette idée").click()
    colleague_page.wait_for_function("() => document.querySelector('[data-support-count]').innerText === '1'")
    colleague_page.fill("#new-comment", "Commençons par la presse économique.")
    colleague_page.get_by_role("button", name="Envoyer").click()
    colleague_page.wait_for_selector("text=Commençons par la presse économique.")
    assert colleague_page.evaluate("window.__notReloaded") is True  # htmx swapped parts, no reload

    with site.db():
        idea = Idea.objects.get(title=title)
        assert idea.stage == Stage.PUBLISHED
        assert idea.support_count == Vote.objects.filter(idea=idea).count() == 1
        assert idea.comment_count == 1


def test_the_language_switch_turns_the_portal_english(cast, open_page, site):
    page = open_page(cast["author"])
    nav = page.get_by_role("navigation", name="Navigation principale")
    assert nav.get_by_role("link", name="Proposer une idée").is_visible()
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    nav = page.get_by_role("navigation", name="Main navigation")
    assert nav.get_by_role("link", name="Post an idea").is_visible()
    assert page.locator("h1").first.inner_text() == "Ideas"
    idea_url = post_idea(page, site, title=f"Share newspaper subscriptions {cast['theme'].slug}",
                         theme_label=cast["theme"].name_en, submit_label="Submit for validation")
    assert "sent to the functional correspondents" in page.locator(".messages").inner_text()
    page.goto(idea_url)
    assert page.locator(".stage").first.inner_text() == "awaiting validation"
    assert page.get_by_role("heading", name="History").is_visible()

    # The choice is kept on the profile: a new sign-in from a French browser stays English.
    again = open_page(locale="fr-FR")
    sign_in(again, site, cast["author"])
    assert again.locator("html").get_attribute("lang") == "en"
    assert again.get_by_role("button", name="Français").is_visible()


def test_the_idea_list_fits_a_phone_screen(cast, open_page, site):
    page = open_page(cast["colleague"], viewport=PHONE)
    for path in ("/ideas/", "/ideas/new/", "/ideas/mine/"):
        page.goto(f"{site.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
