"""Cached fragments (ideas.fragments) never show a page as it was: each change below is
made through its service, and the very next page shows it, for every role that sees the
page differently; what belongs to one viewer (my support, my comments' actions, a hidden
author's name) never reaches another through the cache. Each test reads the page once
before the change, so the fragments are in the cache when the change happens.

Run on the local-memory cache by default, and on Redis with REDIS_URL set."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.erasure import account_erase
from accounts.services import profile_update, role_grant
from core import fragments as core_fragments
from core.cache import ResilientRedisCache
from ideas.models import Stage
from ideas.services import comment_delete, comment_edit, comment_mark_helpful, comment_post, vote_cast, vote_withdraw
from ideas.services.challenges import idea_reveal_author
from ideas.services.lifecycle import idea_transition
from moderation.content import content_hide, content_restore
from moderation.editing import idea_revise
from moderation.merges import ideas_merge, merge_undo
from tests.factories import CorrespondentAssignmentFactory, IdeaFactory, Role, UserFactory


@pytest.fixture
def idea(author, community_manager, theme):
    return IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager,
                       title="Share the printers", body="Fewer **devices**.")


@pytest.fixture
def hidden_name_idea(author, community_manager, theme):
    return IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager,
                       title="Quiet idea", author_name_hidden=True)


@pytest.fixture
def reader(client_for):
    """reader(user) → the HTML of a page for that person; every call is a new request."""
    clients = {}

    def read(user, url):
        if user.pk not in clients:
            clients[user.pk] = client_for(user)
        response = clients[user.pk].get(url)
        assert response.status_code == 200, response.status_code
        return response.content.decode()

    return read


LIST = "/ideas/"


def card_of(html: str, title: str) -> str:
    """The card of the idea with this title in a list page ('' when it is not listed)."""
    for card in re.findall(r'<article class="card idea-card">.*?</article>', html, re.DOTALL):
        if f">{title}</a>" in card:
            return card
    return ""


def comment_of(html: str, comment) -> str:
    match = re.search(rf'<article class="comment[^"]*" id="comment-{comment.pk}">.*?</article>', html, re.DOTALL)
    return match.group(0) if match else ""


# --- Idea cards ---------------------------------------------------------------------------------


def test_a_support_shows_at_once_and_only_its_author_reads_you_support_it(reader, idea, author, colleague, correspondent):
    for person in (colleague, correspondent, author):
        assert "0 supports" in card_of(reader(person, LIST), idea.title)

    vote_cast(idea=idea, by=colleague)

    mine = card_of(reader(colleague, LIST), idea.title)
    assert "1 support" in mine and "You support it" in mine
    for person in (correspondent, author):
        card = card_of(reader(person, LIST), idea.title)
        assert "1 support" in card and "You support it" not in card

    vote_withdraw(idea=idea, by=colleague)
    card = card_of(reader(colleague, LIST), idea.title)
    assert "0 supports" in card and "You support it" not in card


def test_a_comment_counts_on_the_card_at_once(reader, idea, colleague):
    assert "0 comments" in card_of(reader(colleague, LIST), idea.title)
    comment_post(idea=idea, by=colleague, body="Yes.")
    assert "1 comment" in card_of(reader(colleague, LIST), idea.title)


def test_a_correction_and_a_stage_change_show_on_the_card(reader, idea, colleague, community_manager, other_theme):
    reader(colleague, LIST)
    idea_revise(idea=idea, by=community_manager, title="Share the printers floor by floor", body=idea.body,
                theme=other_theme, reason="Clearer title.")
    card = card_of(reader(colleague, LIST), "Share the printers floor by floor")
    assert other_theme.name_en in card

    idea_transition(idea=idea, to_stage=Stage.POTENTIAL, by=community_manager)
    assert "has potential" in card_of(reader(colleague, LIST), "Share the printers floor by floor")


def test_a_theme_renamed_shows_on_cards_and_in_the_filters(reader, idea, colleague, theme):
    reader(colleague, LIST)
    theme.name_en = "Spending less"
    theme.save()  # as the admin does
    html = reader(colleague, LIST)
    assert "Spending less" in card_of(html, idea.title)
    assert f'<option value="{theme.pk}">Spending less</option>' in html


def test_a_hidden_idea_leaves_the_list_and_comes_back_when_restored(reader, idea, colleague, community_manager):
    assert card_of(reader(colleague, LIST), idea.title)
    content_hide(target=idea, by=community_manager, reason="Off topic.")
    for person in (colleague, community_manager):
        assert not card_of(reader(person, LIST), idea.title)
    content_restore(target=idea, by=community_manager)
    assert card_of(reader(colleague, LIST), idea.title)


def test_a_merge_and_its_undoing_show_in_the_list(reader, idea, colleague, community_manager, theme, department):
    duplicate = IdeaFactory(author=colleague, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager,
                            title="Fewer printers")
    vote_cast(idea=duplicate, by=UserFactory(entity=department))
    reader(colleague, LIST)

    ideas_merge(source=duplicate, target=idea, by=community_manager, note="Same idea.")
    html = reader(colleague, LIST)
    assert not card_of(html, "Fewer printers")
    assert "1 support" in card_of(html, idea.title)

    merge_undo(source=duplicate, by=community_manager, reason="Not the same after all.")
    html = reader(colleague, LIST)
    assert card_of(html, "Fewer printers")
    assert "0 supports" in card_of(html, idea.title)


def test_a_hidden_name_shows_to_those_allowed_only_and_a_revealed_one_to_all(
        reader, hidden_name_idea, author, colleague, correspondent, community_manager):
    idea = hidden_name_idea
    assert "a colleague" in card_of(reader(colleague, LIST), idea.title)
    for person in (author, correspondent, community_manager):
        card = card_of(reader(person, LIST), idea.title)
        assert "Alice Author" in card and "a colleague" not in card
    # The colleague reads again after the others: never their view from the cache.
    card = card_of(reader(colleague, LIST), idea.title)
    assert "Alice Author" not in card and "a colleague" in card

    idea_reveal_author(idea=idea, by=author)
    assert "Alice Author" in card_of(reader(colleague, LIST), idea.title)


def test_a_new_role_or_scope_shows_a_hidden_name_at_once(reader, hidden_name_idea, colleague, other_theme_correspondent, theme):
    idea = hidden_name_idea
    assert "a colleague" in card_of(reader(colleague, LIST), idea.title)
    role_grant(user=colleague, role=Role.COMMUNITY_MANAGER)
    assert "Alice Author" in card_of(reader(colleague, LIST), idea.title)

    assert "a colleague" in card_of(reader(other_theme_correspondent, LIST), idea.title)
    CorrespondentAssignmentFactory(user=other_theme_correspondent, theme=theme)
    assert "Alice Author" in card_of(reader(other_theme_correspondent, LIST), idea.title)


def test_a_renamed_or_erased_author_shows_at_once(reader, idea, author, colleague, superuser):
    assert "Alice Author" in card_of(reader(colleague, LIST), idea.title)
    profile_update(user=author, first_name="Alicia", last_name="Author", job_title="", language="")
    assert "Alicia Author" in card_of(reader(colleague, LIST), idea.title)
    account_erase(user=author, by=superuser)
    card = card_of(reader(colleague, LIST), idea.title)
    assert "Alicia" not in card and "former employee" in card


def test_a_new_challenge_is_offered_by_the_filter_at_once(reader, colleague, community_manager, theme):
    from datetime import timedelta

    from django.utils import timezone

    from ideas.services.challenges import challenge_create

    assert "Greener offices" not in reader(colleague, LIST)
    now = timezone.now()
    challenge_create(by=community_manager, title="Greener offices", question="How could our offices use less energy?", themes=[theme],
                     opens_at=now, closes_at=now + timedelta(days=10))
    assert "Greener offices" in reader(colleague, LIST)


def test_french_readers_get_french_cards(reader, client_for, idea, colleague):
    reader(colleague, LIST)
    html = client_for(colleague, HTTP_ACCEPT_LANGUAGE="fr").get(LIST).content.decode()
    assert "0 soutien" in card_of(html, idea.title)
    assert "0 supports" in card_of(reader(colleague, LIST), idea.title)


# --- An idea's page -----------------------------------------------------------------------------


def test_a_correction_of_the_text_shows_on_the_idea_page(reader, idea, colleague, community_manager):
    assert "<strong>devices</strong>" in reader(colleague, idea.get_absolute_url())
    idea_revise(idea=idea, by=community_manager, title=idea.title, body="Fewer *machines*.", theme=idea.theme,
                reason="Wording.")
    html = reader(colleague, idea.get_absolute_url())
    assert "<em>machines</em>" in html and "devices" not in html


def test_comments_posted_edited_marked_and_deleted_show_at_once(reader, idea, author, colleague, correspondent):
    url = idea.get_absolute_url()
    assert "No comment yet." in reader(correspondent, url)
    comment = comment_post(idea=idea, by=colleague, body="First thought")
    assert "First thought" in reader(correspondent, url)

    comment_edit(comment=comment, by=colleague, body="Second thought")
    html = comment_of(reader(correspondent, url), comment)
    assert "Second thought" in html and "(edited)" in html

    comment_mark_helpful(comment=comment, by=author, helpful=True)
    assert "Helpful, says the author" in comment_of(reader(correspondent, url), comment)

    comment_delete(comment=comment, by=colleague)
    html = comment_of(reader(correspondent, url), comment)
    assert "Comment deleted." in html and "Second thought" not in html


def test_a_hidden_comment_shows_to_its_author_and_moderators_only(reader, idea, author, colleague, correspondent, community_manager):
    url = idea.get_absolute_url()
    comment = comment_post(idea=idea, by=colleague, body="Rude words")
    for person in (author, colleague, correspondent, community_manager):
        assert "Rude words" in reader(person, url)

    content_hide(target=comment, by=community_manager, reason="Be kind.")
    html = comment_of(reader(author, url), comment)
    assert "Rude words" not in html and "Be kind." in html
    for person in (colleague, correspondent, community_manager):
        html = comment_of(reader(person, url), comment)
        assert "Rude words" in html and "Only its author and moderators see this comment." in html
    # The idea's author reads again after them: the cached copy of another shape never leaks.
    assert "Rude words" not in reader(author, url)

    content_restore(target=comment, by=community_manager)
    assert "Rude words" in comment_of(reader(author, url), comment)


def test_my_own_comment_shows_my_actions_to_me_alone(reader, idea, colleague, department, client_for):
    other = UserFactory(first_name="Olga", last_name="Other", entity=department)
    url = idea.get_absolute_url()
    reader(other, url)
    comment = comment_post(idea=idea, by=colleague, body="Mine to edit")
    edit_link = reverse("ideas:comment_edit", args=[idea.pk, comment.pk])

    assert edit_link in comment_of(reader(colleague, url), comment)
    html = comment_of(reader(other, url), comment)
    assert "Mine to edit" in html and edit_link not in html
    assert edit_link in comment_of(reader(colleague, url), comment)


def test_the_forms_of_a_cached_thread_work_for_each_reader(idea, colleague, community_manager, department):
    """The second manager reads the thread the first one's reading put in the cache: its
    forms must carry each reader's own CSRF token."""
    comments = [comment_post(idea=idea, by=colleague, body=body) for body in ("Hello", "Again")]
    managers = [community_manager, UserFactory(entity=department, roles=[Role.COMMUNITY_MANAGER])]
    tokens = []
    for manager, comment in zip(managers, comments):
        client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(manager)
        html = client.get(idea.get_absolute_url()).content.decode()
        assert "m-slot" not in html and "<m-person" not in html
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', comment_of(html, comment)).group(1)
        tokens.append((client, comment, token))
    for client, comment, token in tokens:
        response = client.post(reverse("ideas:comment_delete", args=[idea.pk, comment.pk]), {"csrfmiddlewaretoken": token})
        assert response.status_code == 302


def test_the_author_of_an_idea_without_their_name_stays_the_author_in_its_thread(
        reader, hidden_name_idea, author, colleague, correspondent):
    idea = hidden_name_idea
    url = idea.get_absolute_url()
    comment = comment_post(idea=idea, by=author, body="Thanks all")
    assert "Alice Author" in comment_of(reader(correspondent, url), comment)
    html = comment_of(reader(colleague, url), comment)
    assert "Alice Author" not in html and "the author" in html

    idea_reveal_author(idea=idea, by=author)
    assert "Alice Author" in comment_of(reader(colleague, url), comment)


def test_a_commenter_renamed_or_erased_shows_in_the_thread_at_once(reader, idea, colleague, correspondent, superuser):
    url = idea.get_absolute_url()
    comment = comment_post(idea=idea, by=colleague, body="Good")
    assert "Colin Colleague" in comment_of(reader(correspondent, url), comment)
    account_erase(user=colleague, by=superuser)
    html = comment_of(reader(correspondent, url), comment)
    assert "Colin" not in html and "former employee" in html


def test_becoming_community_manager_brings_the_hide_links_at_once(reader, idea, colleague, department):
    writer = UserFactory(entity=department)
    comment = comment_post(idea=idea, by=writer, body="Something")
    hide_link = reverse("moderation:hide", args=["comment", comment.pk])
    url = idea.get_absolute_url()
    assert hide_link not in reader(colleague, url)
    role_grant(user=colleague, role=Role.COMMUNITY_MANAGER)
    assert hide_link in reader(colleague, url)


def test_an_idea_no_longer_open_takes_no_more_replies(reader, idea, colleague, community_manager, executive, department):
    comment_post(idea=idea, by=UserFactory(entity=department), body="Something")
    idea_transition(idea=idea, to_stage=Stage.POTENTIAL, by=community_manager)
    url = idea.get_absolute_url()
    assert "data-reply-to" in reader(colleague, url)
    idea_transition(idea=idea, to_stage=Stage.NOT_RETAINED, by=executive, reason="Not now.")
    assert "data-reply-to" not in reader(colleague, url)


def test_a_comment_sent_with_htmx_comes_back_in_the_thread(idea, colleague, client_for):
    client = client_for(colleague)
    client.get(idea.get_absolute_url())
    response = client.post(reverse("ideas:comment", args=[idea.pk]), {"body": "Through htmx"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Through htmx" in html and "Colin Colleague" in html and "<m-person" not in html


# --- Without Redis ----------------------------------------------------------------------------


def test_without_redis_pages_are_rendered_and_never_stale(reader, monkeypatch, idea, colleague, correspondent):
    monkeypatch.setattr(core_fragments, "cache", ResilientRedisCache("redis://127.0.0.1:9/0", {"OPTIONS": {"socket_connect_timeout": 0.5}}))
    url = idea.get_absolute_url()
    assert "0 supports" in card_of(reader(correspondent, LIST), idea.title)
    assert "No comment yet." in reader(correspondent, url)
    vote_cast(idea=idea, by=colleague)
    comment_post(idea=idea, by=colleague, body="Still here")
    assert "1 support" in card_of(reader(correspondent, LIST), idea.title)
    assert "Still here" in reader(correspondent, url)


# --- Challenge cards ---------------------------------------------------------------------------


def test_challenge_cards_follow_their_answers_and_edits_and_status(reader, colleague, author, community_manager, theme):
    from datetime import timedelta

    from django.utils import timezone

    from ideas.services.challenges import challenge_create, challenge_update

    now = timezone.now()
    challenge = challenge_create(by=community_manager, title="Greener offices", question="How could our offices use less energy?",
                                 themes=[theme], opens_at=now + timedelta(seconds=2), closes_at=now + timedelta(days=10))
    url = reverse("ideas:challenge_list")
    html = reader(colleague, url)
    assert "Greener offices" in html and "Upcoming" in html and "0 ideas" in html

    challenge_update(challenge=challenge, by=community_manager, title="Greener sites", question=challenge.question,
                     themes=[theme], opens_at=now - timedelta(days=1), closes_at=challenge.closes_at)
    html = reader(colleague, url)
    assert "Greener sites" in html and "Open" in html

    IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager, challenge=challenge)
    assert "1 idea" in reader(colleague, url)
