"""Notification e-mails through a real SMTP server the tests run (aiosmtpd): text and HTML
parts in the reader's language, the List-Unsubscribe headers and their signed link that
works without signing in, and a refused address that does not stop the digest run."""

import email
import socket
from email import policy
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.core import signing
from django.urls import reverse

from ideas.models import Stage
from ideas.services import comment_post, idea_follow
from moderation.services import idea_reject
from notifications.models import Channel, Kind, Notification, Preference
from notifications.services import preferences_set
from notifications.tasks import digests_send_daily
from tests.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db

UNKNOWN = "nobody@multitude.example"


class Mailbox:
    """What the server accepted; it answers 550 to the addresses in `unknown`."""

    def __init__(self):
        self.messages = []
        self.unknown = {UNKNOWN}
        self.down = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.unknown:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"

    def to(self, address):
        return [message for message in self.messages if message["To"] == address]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailbox(settings):
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    box.controller = controller
    yield box
    if not box.down:
        controller.stop()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def parts(message) -> tuple[str, str]:
    return (message.get_body(preferencelist=("plain",)).get_content(),
            message.get_body(preferencelist=("html",)).get_content())


def reader(email_address, language, department):
    person = UserFactory(email=email_address, entity=department)
    person.language = language
    person.save(update_fields=["language"])
    return person


@pytest.fixture
def digest_readers(committed, author, colleague, community_manager, theme, department):
    """Three people following an idea with comments in their digest: French, one whose
    address the server refuses, English (in this order of ids, so the refusal is mid-run)."""
    idea = committed(IdeaFactory, author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager,
                     title="Share the printers")
    people = [reader("francoise@multitude.example", "fr", department), reader(UNKNOWN, "en", department),
              reader("edward@multitude.example", "en", department)]
    for person in people:
        idea_follow(idea=idea, by=person)
        preferences_set(by=person, choices={Kind.COMMENT: Channel.DIGEST})
    committed(comment_post, idea=idea, by=colleague, body="What about the third floor?")
    return people


def test_the_digest_reaches_each_reader_in_their_language_and_a_refused_address_stops_nobody(mailbox, digest_readers):
    french, unknown, english = digest_readers

    assert digests_send_daily.apply().get() == 2

    [to_french] = mailbox.to(french.email)
    text, html = parts(to_french)
    assert to_french["Subject"].strip() == "[Multitude] Votre récapitulatif Multitude : 1 nouveauté"
    assert text.startswith("Bonjour") and "Colin Colleague" in text and "Share the printers" in text
    assert "Bonjour" in html and '<html lang="fr">' in html and "Ne plus recevoir ces e-mails" in html
    [to_english] = mailbox.to(english.email)
    text, html = parts(to_english)
    assert text.startswith("Hello") and "Colin Colleague commented on “Share the printers”." in text
    assert '<html lang="en">' in html and "Stop these e-mails" in html
    assert mailbox.to(UNKNOWN) == []
    # The refused address is not tried again every day; the others are done too.
    assert not Notification.objects.filter(channel=Channel.DIGEST, digested_at__isnull=True).exists()
    assert digests_send_daily.apply().get() in (None, 0)


def test_a_digest_stays_pending_while_the_mail_server_is_down(mailbox, digest_readers):
    mailbox.controller.stop()
    mailbox.down = True

    assert digests_send_daily.apply().get() == 0
    assert Notification.objects.filter(channel=Channel.DIGEST, digested_at__isnull=True).count() == 3


def test_the_one_click_unsubscribe_link_works_without_signing_in(mailbox, digest_readers, client_for):
    french, _unknown, english = digest_readers
    digests_send_daily.apply()
    [message] = mailbox.to(english.email)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message["List-Unsubscribe"].strip().strip("<>")
    assert link in parts(message)[0] and link in parts(message)[1]
    path = urlsplit(link).path
    anonymous = client_for(None)

    page = anonymous.get(path)
    assert page.status_code == 200 and "A new comment on an idea I follow" in page.content.decode()
    assert Preference.objects.get(user=english, kind=Kind.COMMENT).channel == Channel.DIGEST

    # As a mail client does it (RFC 8058): a POST with no session and no CSRF token.
    answer = anonymous.post(path, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200 and "Done" in answer.content.decode()
    assert not Preference.objects.filter(user=english, kind=Kind.COMMENT).exists()  # back to the default: on the site
    assert Preference.objects.get(user=french, kind=Kind.COMMENT).channel == Channel.DIGEST


def test_a_tampered_unsubscribe_link_changes_nothing(mailbox, digest_readers, client_for):
    french, _unknown, english = digest_readers
    digests_send_daily.apply()
    path = urlsplit(mailbox.to(english.email)[0]["List-Unsubscribe"].strip().strip("<>")).path
    token = path.rstrip("/").rsplit("/", 1)[1]
    payload, rest = token.split(":", 1)
    # The French reader's id under the English reader's signature.
    forged = signing.b64_encode(signing.b64_decode(payload.encode()).replace(
        f'"user":{english.pk}'.encode(), f'"user":{french.pk}'.encode())).decode()
    assert forged != payload
    for wrong in (f"{forged}:{rest}", token[:-2] + "xy", "not-a-token"):
        assert client_for(None).post(reverse("notifications:unsubscribe", args=[wrong])).status_code == 400
    assert Preference.objects.filter(kind=Kind.COMMENT, channel=Channel.DIGEST).count() == 3


def test_a_decision_is_mailed_at_once_in_french_with_both_parts(mailbox, committed, author, correspondent, theme):
    author.language = "fr"
    author.save(update_fields=["language"])
    idea = committed(IdeaFactory, author=author, theme=theme, stage=Stage.SUBMITTED, title="Partager les imprimantes")

    committed(idea_reject, idea=idea, by=correspondent, reason="Déjà fait l'an dernier.")

    [message] = mailbox.to(author.email)
    text, html = parts(message)
    assert "Partager les imprimantes" in message["Subject"] and "refusée" in message["Subject"]
    assert text.startswith("Bonjour") and "Déjà fait l'an dernier." in text
    assert "Déjà fait l&#x27;an dernier." in html or "Déjà fait l'an dernier." in html
    assert message["List-Unsubscribe"].strip().startswith("<http") and message["List-Unsubscribe-Post"]
    assert Notification.objects.get(recipient=author, kind=Kind.IDEA_REJECTED).emailed_at is not None
