"""Mentions cannot flood colleagues: a comment notifies at most
NOTIFICATION_MENTIONS_PER_COMMENT people (edits included), a writer at most
NOTIFICATION_MENTIONS_PER_HOUR in an hour; and a mention shows the person's own name,
never the text the writer put in the link. Comments are posted through the idea page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ideas.models import Comment, Stage
from notifications.models import Kind, Notification
from tests.factories import IdeaFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def idea(author, theme, community_manager):
    return IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager)


@pytest.fixture
def post(client_for, colleague, idea, django_capture_on_commit_callbacks):
    """post(body) → the comment, posted by `colleague` on the idea page, listeners run."""
    client = client_for(colleague)

    def run(body):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("ideas:comment", args=[idea.pk]), {"body": body})
        assert response.status_code == 302
        return Comment.objects.filter(author=colleague).latest("pk")

    return run


def mentions_of(people, text="Click here, our CEO says so"):
    return " ".join(f"@[{text}]({person.pk})" for person in people)


def mentioned(comment=None, actor=None):
    rows = Notification.objects.filter(kind=Kind.MENTION)
    if comment is not None:
        rows = rows.filter(comment=comment)
    if actor is not None:
        rows = rows.filter(actor=actor)
    return set(rows.values_list("recipient_id", flat=True))


def test_a_comment_with_sixty_mentions_notifies_the_first_ten(post, colleague):
    people = [UserFactory() for _ in range(60)]

    comment = post(mentions_of(people))

    assert mentioned(comment) == {person.pk for person in people[:10]}


def test_edits_do_not_add_to_a_comments_ten(post, client_for, colleague, idea, django_capture_on_commit_callbacks):
    people = [UserFactory() for _ in range(20)]
    comment = post(mentions_of(people[:10]))

    with django_capture_on_commit_callbacks(execute=True):
        client_for(colleague).post(reverse("ideas:comment_edit", args=[idea.pk, comment.pk]),
                                   {"body": mentions_of(people[10:])})

    assert Comment.objects.get(pk=comment.pk).body != comment.body, "the edit went through"
    assert mentioned(comment) == {person.pk for person in people[:10]}


def test_a_writer_notifies_at_most_thirty_people_in_an_hour(post, colleague):
    people = [UserFactory() for _ in range(50)]

    comments = [post(mentions_of(people[i:i + 10])) for i in range(0, 40, 10)]

    assert [len(mentioned(comment)) for comment in comments] == [10, 10, 10, 0]
    # An hour later the writer may mention people again.
    Notification.objects.filter(actor=colleague).update(created_at=timezone.now() - timedelta(minutes=61))
    assert len(mentioned(post(mentions_of(people[40:])))) == 10


def test_the_limits_follow_the_settings(post, settings):
    settings.NOTIFICATION_MENTIONS_PER_COMMENT = 3
    settings.NOTIFICATION_MENTIONS_PER_HOUR = 5
    people = [UserFactory() for _ in range(8)]

    first, second = post(mentions_of(people[:4])), post(mentions_of(people[4:]))

    assert mentioned(first) == {person.pk for person in people[:3]}
    assert mentioned(second) == {person.pk for person in people[4:6]}


def test_a_mention_shows_the_persons_name_not_the_writers_text(post, client_for, author, idea):
    maya = UserFactory(first_name="Maya", last_name="Martin")
    gone = UserFactory(first_name="Gina", last_name="Gone", is_active=False)

    comment = post(f"@[Your password expires: click]({maya.pk}) and @[The CEO]({gone.pk}) and @[Nobody](999999)")

    assert f'<a class="mention" href="/people/{maya.pk}/" rel="noopener noreferrer nofollow ugc">@Maya Martin</a>' \
        in comment.body_html
    assert "password expires" not in comment.body_html
    # No such active person: the writer's words stay words, not a link to anyone.
    assert comment.body_html.count('class="mention"') == 1
    assert f"/people/{gone.pk}/" not in comment.body_html and "/people/999999/" not in comment.body_html
    page = client_for(author).get(idea.get_absolute_url()).content.decode()
    assert "@Maya Martin" in page and "password expires" not in page
    assert mentioned(comment) == {maya.pk}
