"""Journeys through the real site, each step checked as the person sees it.

The newcomer's journey is in French, the site's language. The moderation and pipeline
journeys are made by people who chose English on their profile: their pages are still
being translated, and the English wording is the one that does not move."""

import io
import re

import pytest
from PIL import Image

from ideas.models import Comment, Idea, Stage
from ideas.services import comment_post, vote_cast
from moderation.pipeline import idea_pipeline_step
from tests.browser import people
from tests.factories import PASSWORD, IdeaFactory, Role

pytestmark = pytest.mark.browser


def png(width=320, height=200, color=(31, 79, 209)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


# --- A newcomer, in French ------------------------------------------------------------------


def test_a_newcomer_signs_up_verifies_posts_an_idea_with_a_picture_and_a_correspondent_publishes_it(
    site, open_page, tag
):
    with site.db():
        group = people.entity(tag, "Groupe", kind="group")
        people.entity(tag, "Logistique", parent=group)  # where the newcomer says she works
        finance = people.entity(tag, "Finance", parent=group)
        theme = people.theme(tag, "Recherche d'économies", "Cost savings")
        correspondent = people.correspondent_for(theme, people.person(tag, "Céline", "Corr", entity=finance))
    address = f"nina.nouvelle.{tag}@multitude.example"

    # Sign-up: only a company address is accepted.
    page = open_page()
    page.goto(f"{site.url}/accounts/signup/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Création de compte"
    page.fill("input[name=email]", f"nina.{tag}@gmail.example")
    page.fill("input[name=first_name]", "Nina")
    page.fill("input[name=last_name]", "Nouvelle")
    page.select_option("select[name=entity]", label=f"\u00a0\u00a0Logistique {tag}")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("form[action*=signup] button[type=submit]").click()
    assert "Utilisez votre adresse e-mail professionnelle" in page.locator("main").inner_text()
    assert site.mails(to=f"nina.{tag}@gmail.example") == []

    page.fill("input[name=email]", address)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("form[action*=signup] button[type=submit]").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert page.locator("h1").inner_text() == "Vérifiez votre adresse e-mail"

    # The verification e-mail, in French, carries the link.
    (mail,) = site.mails(to=address)
    assert mail["Subject"].startswith("[Multitude]")
    link = re.search(r"https?://\S+/accounts/confirm-email/[^\s/]+/", mail.get_body(("plain",)).get_content()).group(0)
    assert link.startswith(site.url)
    page.goto(link)
    assert page.locator("h1").inner_text() == "Confirmer l'adresse e-mail"
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url("**/ideas/")
    nav = page.get_by_role("navigation", name="Navigation principale")
    assert nav.get_by_role("link", name="Mes idées").is_visible()

    # She posts an idea with a picture.
    nav.get_by_role("link", name="Proposer une idée").click()
    assert page.locator("h1").inner_text() == "Proposer une idée"
    title = f"Regrouper les livraisons de fournitures {tag}"
    page.get_by_label("Titre").fill(title)
    page.get_by_label("Thème").select_option(label=theme.name_fr)
    page.get_by_label("Description").fill("Une livraison **par semaine** au lieu de trois.\n\n- moins de cartons")
    page.set_input_files("input[type=file][name=images]",
                         files=[{"name": "quai.png", "mimeType": "image/png", "buffer": png()}])
    page.get_by_role("button", name="Soumettre pour validation").click()
    page.wait_for_url(re.compile(r"/ideas/\d+/$"))
    idea_url = page.url
    assert "transmise aux correspondants fonctionnels" in page.locator(".messages").inner_text()
    assert page.locator("h1").inner_text() == title
    assert page.locator(".idea-head .stage").inner_text() == "en attente de validation"
    assert page.locator(".prose strong").inner_text() == "par semaine"
    picture = page.locator(".gallery img").first
    picture.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())

    # The correspondent of the theme finds it in the console and publishes it.
    console = open_page(correspondent)
    console.goto(f"{site.url}/moderation/submitted/")
    item = console.locator(".queue-item", has_text=title)
    assert "Nina Nouvelle" in item.inner_text()
    item.get_by_role("button", name="Valider et publier").click()
    assert "L'idée est publiée." in console.locator(".messages").inner_text()
    assert console.locator(".queue-item", has_text=title).count() == 0

    page.goto(idea_url)
    assert page.locator(".idea-head .stage").inner_text() == "publiée"
    with site.db():
        idea = Idea.objects.get(title=title)
        assert idea.author.email == address and idea.author.entity.name == f"Logistique {tag}"
        assert idea.images.count() == 1


# --- Live updates on the author's open page ---------------------------------------------------

# Test instrumentation: keep every message the page's websocket receives in window.__live.
RECORD_LIVE_MESSAGES = """
(() => {
  const Native = window.WebSocket;
  window.__live = [];
  function Recording(url, protocols) {
    const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    socket.addEventListener("message", (event) => {
      try { window.__live.push(JSON.parse(event.data)); } catch (error) { /* not JSON */ }
    });
    return socket;
  }
  Recording.prototype = Native.prototype;
  Object.assign(Recording, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = Recording;
})();
"""


def test_a_colleagues_support_and_comment_appear_on_the_authors_open_page_without_reload(site, open_page, tag):
    with site.db():
        unit = people.entity(tag, "Ventes")
        theme = people.theme(tag)
        author = people.person(tag, "Antoine", "Auteur", entity=unit)
        colleague = people.person(tag, "Paul", "Collègue", entity=unit)
        moderator = people.person(tag, "Camille", "Modératrice", entity=unit, roles=[Role.COMMUNITY_MANAGER])
        idea = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=moderator,
                           title=f"Covoiturage entre sites {tag}")
    idea_url = f"{site.url}{idea.get_absolute_url()}"

    author_page = open_page(author)
    author_page.add_init_script(RECORD_LIVE_MESSAGES)
    author_page.goto(idea_url)
    author_page.evaluate("window.__notReloaded = true")
    assert author_page.inner_text("[data-support-count]") == "0"
    assert author_page.locator("#comments-title").inner_text() == "0 commentaire"
    # Wait until the page has subscribed to the idea: what happens before is in the page already.
    author_page.wait_for_function(
        "id => window.__live.some(m => m.type === 'subscribed' && m.idea === id)", arg=idea.pk
    )

    colleague_page = open_page(colleague)
    colleague_page.goto(idea_url)
    colleague_page.get_by_role("button", name="Soutenir cette idée").click()
    colleague_page.wait_for_function("() => document.querySelector('[data-support-count]').innerText === '1'")
    author_page.wait_for_function("() => document.querySelector('[data-support-count]').innerText === '1'", timeout=10_000)
    assert "1 soutien" in author_page.locator(".support-count").inner_text()

    colleague_page.fill("#new-comment", f"Je propose le site de Lyon pour commencer {tag}.")
    colleague_page.get_by_role("button", name="Envoyer").click()
    colleague_page.wait_for_selector(f"text=Je propose le site de Lyon pour commencer {tag}.")
    comment = author_page.locator(".comment", has_text=f"Je propose le site de Lyon pour commencer {tag}.")
    comment.wait_for(timeout=10_000)
    assert "Paul Collègue" in comment.inner_text()
    assert author_page.locator("#comments-title").inner_text() == "1 commentaire"
    assert author_page.evaluate("window.__notReloaded") is True


# --- A community manager hides a comment and merges a duplicate -----------------------------


def test_a_community_manager_hides_a_comment_and_merges_a_duplicate(site, open_page, tag):
    with site.db():
        unit = people.entity(tag, "Marketing")
        theme = people.theme(tag)
        author = people.person(tag, "Alice", "Auteur", entity=unit)
        other_author = people.person(tag, "Bruno", "Doublon", entity=unit)
        rude = people.person(tag, "Rémi", "Rude", entity=unit)
        reader = people.person(tag, "Léa", "Lectrice", entity=unit, language="en")
        manager = people.person(tag, "Camille", "Animatrice", entity=unit, roles=[Role.COMMUNITY_MANAGER],
                                language="en")
        idea = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=manager,
                           title=f"Un jardin partagé sur le toit {tag}")
        duplicate = IdeaFactory(author=other_author, theme=theme, stage=Stage.PUBLISHED, moderator=manager,
                                title=f"Potager sur la terrasse {tag}")
        vote_cast(idea=duplicate, by=reader)
        comment_post(idea=idea, by=rude, body=f"Encore une idée inutile {tag}.")
        comment_post(idea=idea, by=reader, body=f"Bonne idée, je participe {tag}.")
    idea_url = f"{site.url}{idea.get_absolute_url()}"
    rude_text = f"Encore une idée inutile {tag}."

    page = open_page(manager)
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(idea_url)
    page.locator(".comment", has_text=rude_text).get_by_role("link", name="Hide").click()
    page.wait_for_url(re.compile(r"/moderation/hide/comment/\d+/$"))
    assert page.locator("h1").inner_text() == "Hide this comment"
    page.get_by_label("Reason", exact=True).fill("Not respectful of the author.")
    page.get_by_role("button", name="Hide", exact=True).click()
    page.wait_for_url(re.compile(re.escape(idea_url)))
    assert "The content is hidden" in page.locator(".messages").inner_text()
    hidden = page.locator(".comment-hidden")
    assert "hidden by moderation." in hidden.inner_text() and rude_text in hidden.inner_text()

    colleague_view = open_page(reader)
    colleague_view.goto(idea_url)
    assert rude_text not in colleague_view.locator("#comment-thread").inner_text()
    assert "Not respectful of the author." in colleague_view.locator("#comment-thread").inner_text()
    assert f"Bonne idée, je participe {tag}." in colleague_view.locator("#comment-thread").inner_text()

    # The duplicate: its supporter follows it into the idea it is merged into.
    page.goto(f"{site.url}{duplicate.get_absolute_url()}")
    page.get_by_role("link", name="Merge into another idea").click()
    page.wait_for_url(re.compile(r"/moderation/ideas/\d+/merge/"))
    page.get_by_label("Number of the idea to merge into").fill(str(idea.pk))
    page.get_by_label("Reason", exact=True).fill("Same rooftop garden.")
    page.get_by_role("button", name="Merge", exact=True).click()
    page.wait_for_url(re.compile(re.escape(idea_url)))
    assert f"“{duplicate.title}” is merged into this idea." in page.locator(".messages").inner_text()
    assert page.get_by_role("heading", name="Ideas merged into this one").is_visible()
    assert page.inner_text("[data-support-count]") == "1"

    # Colleagues who follow an old link land on the idea it went into; the old one still
    # tells where it went.
    colleague_view.goto(f"{site.url}{duplicate.get_absolute_url()}")
    colleague_view.wait_for_url(re.compile(re.escape(idea_url)))
    assert f"“{duplicate.title}” was merged into this idea." in colleague_view.locator(".messages").inner_text()
    colleague_view.get_by_role("link", name=duplicate.title).click()
    notice = colleague_view.locator(".merged-notice")
    assert idea.title in notice.inner_text()
    assert colleague_view.locator(".idea-head .stage").inner_text() == "merged"

    with site.db():
        assert Comment.objects.get(body=rude_text).hidden_at is not None
        assert Idea.objects.get(pk=duplicate.pk).merged_into_id == idea.pk


# --- An executive takes an idea to deployed ---------------------------------------------------


def test_an_executive_deploys_an_idea_from_the_pipeline_and_its_public_timeline_tells_the_story(
    site, open_page, tag
):
    with site.db():
        unit = people.entity(tag, "Atelier")
        theme = people.theme(tag, "Qualité de service", "Quality of service")
        author = people.person(tag, "Hugo", "Auteur", entity=unit)
        owner = people.person(tag, "Olivia", "Pilote", entity=unit)
        reader = people.person(tag, "Léa", "Lectrice", entity=unit, language="en")
        moderator = people.person(tag, "Camille", "Animatrice", entity=unit, roles=[Role.COMMUNITY_MANAGER])
        executive = people.person(tag, "Eric", "Dirigeant", entity=unit, roles=[Role.EXECUTIVE], language="en")
        idea = IdeaFactory(author=author, theme=theme, stage=Stage.POTENTIAL, moderator=moderator,
                           title=f"Pièces détachées en libre-service {tag}")
        for step in (Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT):
            idea_pipeline_step(idea=idea, to_stage=step, by=executive, note=f"Step {step}.", owner=owner)

    page = open_page(executive)
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Pipeline").click()
    assert page.locator("h1").inner_text() == "Ideas awaiting a pipeline decision"
    page.get_by_label("Theme").select_option(label=theme.name_en)
    page.get_by_role("button", name="Apply").click()
    item = page.locator(".pipeline-item", has_text=idea.title)
    assert "in pilot" in item.locator(".stage").inner_text()
    item.locator("summary", has_text="Decide").click()
    item.get_by_label("Next step").select_option("deployed")
    benefit = item.locator("[data-pipeline-benefit]")
    assert benefit.is_visible()
    item.get_by_label("Decision note").fill("Rolled out in all workshops after the pilot.")
    item.get_by_label("Owner (e-mail address)").fill(owner.email)
    item.get_by_label("Annual savings (euros)").fill("12500")
    item.get_by_label("Quality indicator").fill("Repair waits down 40 %")
    item.get_by_role("button", name="Record the decision").click()
    page.wait_for_load_state()
    assert page.locator(".messages").count() == 1
    assert page.locator(".pipeline-item", has_text=idea.title).count() == 0

    # A colleague reads the public timeline.
    public = open_page(reader)
    public.goto(f"{site.url}{idea.get_absolute_url()}")
    assert public.locator(".idea-head .stage").inner_text() == "deployed"
    assert "carried by Olivia Pilote" in public.locator(".idea-head").inner_text()
    benefit_panel = public.locator(".benefit-panel").first
    assert "12500 €" in benefit_panel.inner_text()
    step = public.locator(".timeline-deployed")
    assert "in pilot → deployed" in step.inner_text()
    assert "by Eric Dirigeant" in step.inner_text()
    assert "Owner: Olivia Pilote" in step.inner_text()
    assert "Rolled out in all workshops after the pilot." in step.inner_text()
    assert "Repair waits down 40 %" in public.locator("main").inner_text()
    with site.db():
        idea.refresh_from_db()
        assert (idea.stage, idea.owner_id, idea.benefit_savings_eur) == (Stage.DEPLOYED, owner.pk, 12500)
