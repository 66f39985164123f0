"""The notification pages, the follow button, the mention search and the comment fragment
live pages fetch, through the test client."""

import json

import pytest
from django.urls import reverse

from core.text import mentioned_user_ids, render_markdown
from ideas.models import Follow, Stage
from ideas.services import comment_post
from moderation.content import content_hide
from notifications.models import Channel, Kind, Notification, Preference
from notifications.services import notify
from tests.factories import IdeaFactory, UserFactory
from tests.support import HTMX, assert_flat_query_count

pytestmark = pytest.mark.django_db

# Every page asks for the session, the user, and (for the navigation) the viewer's
# correspondent scopes and roles: 4 queries before its own.
# Notifications: + the count for the pages, the notifications with actor, idea (and its
# author and unit) and comment.
LIST_QUERIES = 6
# Followed ideas: + the count, the ideas with theme, author and unit.
FOLLOWING_QUERIES = 6


@pytest.fixture
def idea(author, theme, community_manager):
    return IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager)


# --- The list ----------------------------------------------------------------------------------

def test_the_list_asks_the_same_questions_for_5_and_50_notifications(client_for, colleague, theme, community_manager):
    ideas = []

    def build(size):
        while len(ideas) < size:
            idea = IdeaFactory(theme=theme, stage=Stage.PUBLISHED, moderator=community_manager)
            ideas.append(idea)
            notify(kind=Kind.COMMENT, recipients=[colleague.pk], key=f"test:{idea.pk}", actor=idea.author, idea=idea)

    client = client_for(colleague)
    assert_flat_query_count(build, lambda: client.get(reverse("notifications:list")), sizes=(5, 20), expected=LIST_QUERIES)


def test_the_list_shows_my_notifications_unread_first_and_not_other_peoples(client_for, author, colleague, idea):
    notify(kind=Kind.COMMENT, recipients=[author.pk], key="a", actor=colleague, idea=idea)
    notify(kind=Kind.COMMENT, recipients=[colleague.pk], key="b", actor=author, idea=idea)

    response = client_for(author).get(reverse("notifications:list"))

    assert response.status_code == 200
    assert f"Colin Colleague commented on “{idea.title}”." in response.content.decode()
    assert len(response.context["items"]) == 1


def test_a_hidden_idea_keeps_its_title_from_colleagues_in_their_notifications(client_for, colleague, idea, community_manager):
    notify(kind=Kind.COMMENT, recipients=[colleague.pk], key="a", actor=community_manager, idea=idea)
    content_hide(target=idea, by=community_manager, reason="Personal data")

    page = client_for(colleague).get(reverse("notifications:list")).content.decode()

    assert idea.title not in page
    assert "an idea hidden by moderation" in page


def test_opening_a_notification_marks_it_read_and_leads_to_the_comment(client_for, author, colleague, idea):
    comment = comment_post(idea=idea, by=colleague, body="Hi")
    [notification] = notify(kind=Kind.COMMENT, recipients=[author.pk], key="x", actor=colleague, idea=idea, comment=comment)
    target = f"/ideas/{idea.pk}/#comment-{comment.pk}"

    response = client_for(author).post(reverse("notifications:read", args=[notification.pk]), {"next": target})

    assert response.status_code == 302 and response["Location"] == target
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_foreign_next_address_is_not_followed(client_for, author, colleague, idea):
    [notification] = notify(kind=Kind.COMMENT, recipients=[author.pk], key="x", actor=colleague, idea=idea)
    response = client_for(author).post(
        reverse("notifications:read", args=[notification.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("notifications:list")


def test_nobody_marks_someone_elses_notification(client_for, author, colleague, idea):
    [notification] = notify(kind=Kind.COMMENT, recipients=[author.pk], key="x", actor=colleague, idea=idea)
    response = client_for(colleague).post(reverse("notifications:read", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_and_the_unread_count(client_for, author, colleague, idea):
    for key in ("a", "b", "c"):
        notify(kind=Kind.COMMENT, recipients=[author.pk], key=key, actor=colleague, idea=idea)
    client = client_for(author)
    assert client.get(reverse("notifications:unread")).json() == {"count": 3}

    client.post(reverse("notifications:read_all"))

    assert client.get(reverse("notifications:unread")).json() == {"count": 0}
    assert client.get(reverse("notifications:list") + "?show=unread").context["items"] == []


def test_the_pages_need_a_signed_in_person(client):
    for name in ("notifications:list", "notifications:unread", "notifications:preferences", "notifications:people",
                 "notifications:following"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


# --- Preferences -------------------------------------------------------------------------------

def test_preferences_are_saved_and_defaults_keep_no_row(client_for, author):
    client = client_for(author)
    form = client.get(reverse("notifications:preferences")).context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data[Kind.COMMENT] = Channel.DIGEST
    data[Kind.SUPPORTS] = Channel.OFF

    response = client.post(reverse("notifications:preferences"), data)

    assert response.status_code == 302
    assert dict(Preference.objects.filter(user=author).values_list("kind", "channel")) == {
        Kind.COMMENT: Channel.DIGEST, Kind.SUPPORTS: Channel.OFF,
    }


def test_an_unknown_channel_is_a_form_error_and_saves_nothing(client_for, author):
    response = client_for(author).post(reverse("notifications:preferences"), {Kind.COMMENT: "pigeon"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Preference.objects.exists()


# --- Follow -------------------------------------------------------------------------------------

def test_follow_and_unfollow_without_javascript(client_for, colleague, idea):
    client = client_for(colleague)
    url = reverse("notifications:follow", args=[idea.pk])

    response = client.post(url, {"action": "follow"})
    assert response.status_code == 302 and Follow.objects.filter(idea=idea, user=colleague).exists()
    page = client.get(idea.get_absolute_url()).content.decode()
    assert 'name="action" value="unfollow"' in page

    client.post(url, {"action": "unfollow"})
    assert not Follow.objects.filter(idea=idea, user=colleague).exists()


def test_follow_with_htmx_returns_the_button(client_for, colleague, idea):
    response = client_for(colleague).post(reverse("notifications:follow", args=[idea.pk]), {"action": "follow"}, headers=HTMX)
    assert response.status_code == 200
    assert 'name="action" value="unfollow"' in response.content.decode()


def test_nobody_follows_an_idea_they_may_not_see(client_for, colleague, author, theme):
    draft = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)
    response = client_for(colleague).post(reverse("notifications:follow", args=[draft.pk]), {"action": "follow"})
    assert response.status_code == 404
    assert not Follow.objects.filter(idea=draft, user=colleague).exists()


def test_a_bad_follow_action_is_a_400(client_for, colleague, idea):
    response = client_for(colleague).post(reverse("notifications:follow", args=[idea.pk]), {"action": "adore"})
    assert response.status_code == 400


def test_the_followed_ideas_page_leaves_out_hidden_ideas_and_stays_flat(client_for, colleague, theme, community_manager):
    ideas = []

    def build(size):
        while len(ideas) < size:
            idea = IdeaFactory(theme=theme, stage=Stage.PUBLISHED, moderator=community_manager)
            Follow.objects.create(idea=idea, user=colleague)
            ideas.append(idea)

    client = client_for(colleague)
    assert_flat_query_count(build, lambda: client.get(reverse("notifications:following")), sizes=(5, 15),
                            expected=FOLLOWING_QUERIES)
    content_hide(target=ideas[0], by=community_manager, reason="Personal data")
    shown = {idea.pk for idea in client.get(reverse("notifications:following")).context["ideas"]}
    assert ideas[0].pk not in shown and ideas[1].pk in shown


# --- Mentions -------------------------------------------------------------------------------------

def test_the_people_search_finds_active_colleagues_by_name_a_few_at_a_time(client_for, colleague):
    for n in range(12):
        UserFactory(first_name="Maya", last_name=f"Martin{n:02d}")
    UserFactory(first_name="Maya", last_name="Gone", is_active=False)

    results = client_for(colleague).get(reverse("notifications:people"), {"q": "maya"}).json()["results"]

    assert len(results) == 8
    assert all(r["name"].startswith("Maya Martin") for r in results)
    narrowed = client_for(colleague).get(reverse("notifications:people"), {"q": "Maya Martin03"}).json()["results"]
    assert [r["name"] for r in narrowed] == ["Maya Martin03"]
    assert client_for(colleague).get(reverse("notifications:people"), {"q": "m"}).json() == {"results": []}


def test_a_mention_is_rendered_as_a_sanitised_profile_link(db):
    maya, evil, bold, code = (UserFactory(first_name=name, last_name='"x" <i>') for name in ("Maya", "Evil", "B", "Code"))
    html = render_markdown(f'@[M]({maya.pk}) and @[Evil]({evil.pk}" onclick="x) and @[<b>B</b>]({bold.pk}) '
                           f'and `@[Code]({code.pk})`')
    assert (f'<a class="mention" href="/people/{maya.pk}/" rel="noopener noreferrer nofollow ugc">'
            '@Maya "x" &lt;i&gt;</a>') in html
    assert 'onclick="' not in html and "<b>" not in html.split("@Maya")[0] and "<i>" not in html
    # Only the well-formed mention counts: not the broken one, the one with markup, the code.
    assert mentioned_user_ids(html) == [maya.pk]


def test_only_the_mention_class_survives_and_only_profile_links_count():
    html = render_markdown('<a class="evil" href="/people/3/">x</a> <a class="mention" href="https://evil.example/people/4/">y</a>')
    assert "evil\"" not in html.replace("evil.example", "")
    assert mentioned_user_ids(html) == []


# --- The comment fragment live pages fetch ------------------------------------------------------------

def test_the_comment_fragment_is_the_comment_as_the_page_shows_it(client_for, colleague, author, idea):
    comment = comment_post(idea=idea, by=author, body="**Bold** <script>alert(1)</script>")
    response = client_for(colleague).get(reverse("notifications:comment_fragment", args=[comment.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert f'id="comment-{comment.pk}"' in content and "<strong>Bold</strong>" in content
    assert "<script>" not in content
    # The writer's name, filled in for this reader (never the fragment's placeholder)
    assert author.display_name in content and "<m-person" not in content


def test_the_comment_fragment_of_a_hidden_idea_is_not_found_for_colleagues(client_for, colleague, author, idea, community_manager):
    comment = comment_post(idea=idea, by=author, body="Before")
    content_hide(target=idea, by=community_manager, reason="Personal data")
    url = reverse("notifications:comment_fragment", args=[comment.pk])
    assert client_for(colleague).get(url).status_code == 404
    assert client_for(author).get(url).status_code == 200


def test_the_idea_page_carries_the_live_hooks(client_for, colleague, idea):
    page = client_for(colleague).get(idea.get_absolute_url()).content.decode()
    assert f'data-live-idea="{idea.pk}"' in page
    assert "js/live.js" in page and "js/mentions.js" in page and "data-live-bell" in page
