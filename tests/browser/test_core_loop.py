"""The foundation's promise, in a real browser: an employee posts an idea, a functional
correspondent approves it, a colleague supports and comments — without page reloads for
the support and the comment — in French, then in English."""

import pytest
from allauth.account.models import EmailAddress

from ideas.models import Idea, Stage, Vote
from tests.factories import PASSWORD, CorrespondentAssignmentFactory, EntityFactory, UserFactory, seeded_theme

pytestmark = pytest.mark.django_db(transaction=True)


def person(email, entity, **kwargs):
    user = UserFactory(email=email, entity=entity, **kwargs)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user.raw_password = PASSWORD
    return user


@pytest.fixture
def cast():
    group = EntityFactory(name="Groupe", code="groupe", kind="group")
    sales = EntityFactory(name="Ventes", code="ventes", parent=group)
    finance = EntityFactory(name="Finance", code="finance", parent=group)
    theme = seeded_theme("cost-savings")
    manager = person("martine.manager@multitude.example", sales, first_name="Martine", last_name="Manager")
    author = person("antoine.auteur@multitude.example", sales, first_name="Antoine", last_name="Auteur", manager=manager)
    CorrespondentAssignmentFactory(user=manager, theme=theme)  # the author's manager: must never see it
    correspondent = person("celine.corr@multitude.example", finance, first_name="Céline", last_name="Corr")
    CorrespondentAssignmentFactory(user=correspondent, theme=theme)
    colleague = person("paul.collegue@multitude.example", finance, first_name="Paul", last_name="Collègue")
    return {"author": author, "manager": manager, "correspondent": correspondent, "colleague": colleague, "theme": theme}


def post_idea(page, live_server, *, title, theme_label, submit_label):
    page.goto(f"{live_server.url}/ideas/new/")
    page.fill("#id_title", title)
    page.select_option("#id_theme", label=theme_label)
    page.fill("#id_body", "Chaque service paie ses **propres** abonnements.\n\n- Ventes\n- Marketing")
    page.get_by_role("button", name=submit_label).click()
    page.wait_for_url("**/ideas/*/")
    return page.url


def test_an_idea_goes_from_posting_to_support_and_comment_in_french(cast, sign_in, live_server):
    title = "Mutualiser les abonnements presse entre services"

    author_page = sign_in(cast["author"])
    assert author_page.locator("html").get_attribute("lang") == "fr"
    idea_url = post_idea(author_page, live_server, title=title, theme_label="Recherche d'économies",
                         submit_label="Soumettre pour validation")
    assert "transmise aux correspondants fonctionnels" in author_page.locator(".messages").inner_text()

    manager_page = sign_in(cast["manager"])
    manager_page.goto(f"{live_server.url}/moderation/")
    assert title not in manager_page.content()

    correspondent_page = sign_in(cast["correspondent"])
    correspondent_page.goto(f"{live_server.url}/moderation/")
    item = correspondent_page.locator(".queue-item", has_text=title)
    item.get_by_role("button", name="Valider et publier").click()
    assert "L'idée est publiée." in correspondent_page.locator(".messages").inner_text()

    colleague_page = sign_in(cast["colleague"])
    colleague_page.goto(idea_url)
    colleague_page.evaluate("window.__notReloaded = true")
    assert colleague_page.inner_text("[data-support-count]") == "0"
    colleague_page.get_by_role("button", name="Soutenir cette idée").click()
    colleague_page.wait_for_function("document.querySelector('[data-support-count]').innerText === '1'")
    colleague_page.fill("#new-comment", "Commençons par la presse économique.")
    colleague_page.get_by_role("button", name="Envoyer").click()
    colleague_page.wait_for_selector("text=Commençons par la presse économique.")
    assert colleague_page.evaluate("window.__notReloaded") is True  # htmx swapped parts, no reload

    idea = Idea.objects.get(title=title)
    assert idea.stage == Stage.PUBLISHED
    assert idea.support_count == Vote.objects.filter(idea=idea).count() == 1
    assert idea.comment_count == 1


def test_the_language_switch_turns_the_portal_english(cast, sign_in, live_server):
    page = sign_in(cast["author"])
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    idea_url = post_idea(page, live_server, title="Share newspaper subscriptions", theme_label="Cost savings",
                         submit_label="Submit for validation")
    assert "sent to the functional correspondents" in page.locator(".messages").inner_text()
    page.goto(idea_url)
    assert page.locator(".stage").first.inner_text() == "awaiting validation"


def test_the_idea_list_fits_a_phone_screen(cast, sign_in, live_server):
    page = sign_in(cast["colleague"], viewport={"width": 360, "height": 740})
    for path in ("/ideas/", "/ideas/new/", "/ideas/mine/"):
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
