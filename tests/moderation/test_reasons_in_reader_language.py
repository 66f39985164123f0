"""A ready-made reason reaches each reader in their own language (notification, e-mail, idea
page, audit log, API), whoever chose it; what the moderator wrote stays as written."""

import html

import pytest
from django.core import mail
from django.urls import reverse

from ideas.models import Idea, Stage
from moderation.models import CannedReason
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db

WRITTEN = "Ask the facilities team first."


@pytest.fixture
def already_exists():
    return CannedReason.objects.create(
        use=CannedReason.Use.REJECT, label_en="Done already", label_fr="Déjà fait",
        text_en="This is already in place in the company.", text_fr="Cela existe déjà dans l'entreprise.",
    )


def speaking(user, language):
    user.language = language
    user.save(update_fields=["language"])
    return user


def page(client, url) -> str:
    return html.unescape(client.get(url).content.decode())


@pytest.fixture
def rejected(client_for, author, correspondent, theme, already_exists, django_capture_on_commit_callbacks):
    """An English-speaking correspondent rejects a French author's idea with a ready-made
    reason and a few words of their own."""
    speaking(correspondent, "en")
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED, title="Partager les imprimantes")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(correspondent).post(
            reverse("moderation:decide", args=[idea.pk, "reject"]), {"canned": already_exists.pk, "reason": WRITTEN})
    assert response.status_code == 302
    return Idea.objects.get(pk=idea.pk)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_author_reads_a_ready_made_reason_in_their_language_everywhere(client_for, author, rejected, already_exists,
                                                                            language):
    speaking(author, language)
    ours, theirs = (already_exists.text_fr, already_exists.text_en) if language == "fr" else (
        already_exists.text_en, already_exists.text_fr)
    client = client_for(author)

    for text in (page(client, reverse("notifications:list")), page(client, rejected.get_absolute_url()),
                 page(client, reverse("ideas:mine"))):
        assert ours in text and WRITTEN in text
        assert theirs not in text and "[[reason:" not in text
    history = client.get(f"/api/v1/ideas/{rejected.pk}/").json()["history"]
    assert history[-1]["reason"] == f"{ours}\n\n{WRITTEN}"


def test_the_mail_carries_the_reason_in_the_recipients_language(author, already_exists, client_for, correspondent,
                                                               theme, django_capture_on_commit_callbacks):
    speaking(author, "fr")
    speaking(correspondent, "en")
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client_for(correspondent).post(reverse("moderation:decide", args=[idea.pk, "reject"]),
                                       {"canned": already_exists.pk, "reason": WRITTEN})

    [message] = mail.outbox
    body = html.unescape(message.body)
    assert already_exists.text_fr in body and WRITTEN in body
    assert already_exists.text_en not in body and "[[reason:" not in body


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_audit_log_shows_the_reason_in_the_readers_language(client_for, community_manager, rejected,
                                                                already_exists, language):
    speaking(community_manager, language)
    ours, theirs = (already_exists.text_fr, already_exists.text_en) if language == "fr" else (
        already_exists.text_en, already_exists.text_fr)
    client = client_for(community_manager)

    log = page(client, reverse("moderation:audit"))
    exported = b"".join(client.get(reverse("moderation:audit_export")).streaming_content).decode()

    for text in (log, exported):
        assert ours in text and WRITTEN in text and theirs not in text and "[[reason:" not in text


def test_a_reason_edited_later_reads_as_edited_and_a_deleted_one_leaves_the_written_words(
        client_for, author, rejected, already_exists):
    client = client_for(speaking(author, "en"))

    already_exists.text_en = "This exists already."
    already_exists.save()
    assert "This exists already." in page(client, reverse("ideas:mine"))

    already_exists.delete()
    text = page(client, reverse("ideas:mine"))
    assert WRITTEN in text and "[[reason:" not in text


def test_typed_text_cannot_pose_as_a_ready_made_reason(client_for, author, correspondent, theme, already_exists):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)

    client_for(correspondent).post(reverse("moderation:decide", args=[idea.pk, "reject"]),
                                   {"reason": f"[[reason:{already_exists.pk}]] {WRITTEN}"})

    assert idea.stage_changes.last().reason == WRITTEN
