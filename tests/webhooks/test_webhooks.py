"""Outgoing webhooks: registered in the console, recorded by the listeners of the domain
events, posted to a receiver the test runs, signed, retried, disabled after repeated
failures; nothing an employee may not read leaves."""

import hashlib
import hmac
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ideas.models import Challenge, Stage
from ideas.services import challenge_announce_winners, challenge_create
from ideas.services.lifecycle import idea_transition
from moderation.content import content_hide
from tests.factories import IdeaFactory
from webhooks.models import Delivery, Endpoint, EventKind
from tests.support import assert_flat_query_count
from webhooks.tasks import webhook_deliver, webhooks_challenges_opened, webhooks_sweep

pytestmark = pytest.mark.django_db

ALL_KINDS = [kind.value for kind in EventKind]
# Session, user, roles, correspondent scopes (console menu), then the page's rows: the
# endpoints; or the endpoint and its last deliveries.
EXPECTED_LIST_QUERIES = 5
EXPECTED_DETAIL_QUERIES = 6


def register(client, url, *, kinds=ALL_KINDS, fmt="generic", name="Our intranet", language="en"):
    return client.post(reverse("webhooks:endpoints"),
                       {"name": name, "url": url, "format": fmt, "kinds": kinds, "language": language})


def verified(request, secret) -> dict:
    """The body of a generic delivery, after checking its signature and its freshness."""
    fields = dict(part.split("=", 1) for part in request["headers"]["X-Multitude-Signature"].split(","))
    expected = hmac.new(secret.encode(), f"{fields['t']}.".encode() + request["body"], hashlib.sha256).hexdigest()
    assert hmac.compare_digest(expected, fields["v1"])
    assert abs(time.time() - int(fields["t"])) < 300
    return request["json"]


def test_a_signed_event_of_each_kind_reaches_the_receiver(client_for, community_manager, executive, author, theme,
                                                           receiver, django_capture_on_commit_callbacks):
    response = register(client_for(community_manager), receiver.url)
    endpoint = Endpoint.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("webhooks:endpoint", args=[endpoint.pk])
    with django_capture_on_commit_callbacks(execute=True):
        idea = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager,
                           title="Share the printers")
    with django_capture_on_commit_callbacks(execute=True):
        for stage in (Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT, Stage.DEPLOYED):
            idea_transition(idea=idea, to_stage=stage, by=community_manager if stage == Stage.POTENTIAL else executive)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        challenge = challenge_create(by=executive, title="Fewer printed pages", question="How to print half as much?",
                                     themes=[theme], opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=7))
    answer = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager,
                         challenge=challenge, title="Duplex by default")
    Challenge.objects.filter(pk=challenge.pk).update(opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1))
    challenge.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        challenge_announce_winners(challenge=challenge, by=executive, idea_ids=[answer.pk], note="Duplex wins.")

    bodies = [verified(request, endpoint.secret) for request in receiver.received]
    kinds = [body["event"] for body in bodies]
    assert kinds.count("idea_published") == 1 and kinds.count("stage_changed") == 5
    assert kinds.count("idea_deployed") == 1 and kinds.count("challenge_opened") == 1
    assert kinds.count("challenge_evaluated") == 1
    published = next(body for body in bodies if body["event"] == "idea_published")
    assert published["data"]["idea"]["title"] == "Share the printers"
    assert published["data"]["idea"]["author"] == author.display_name
    evaluated = next(body for body in bodies if body["event"] == "challenge_evaluated")
    assert [winner["title"] for winner in evaluated["data"]["winners"]] == ["Duplex by default"]
    assert all(request["headers"]["X-Multitude-Event"] == body["event"] for request, body in zip(receiver.received, bodies))
    assert Delivery.objects.filter(status=Delivery.Status.DELIVERED, response_status=200).count() == len(bodies)
    log = client_for(community_manager).get(reverse("webhooks:endpoint", args=[endpoint.pk]))
    assert log.status_code == 200 and "idea_deployed" in log.content.decode()


def test_a_hidden_idea_and_a_hidden_author_do_not_leave(client_for, community_manager, executive, author, theme,
                                                         receiver, django_capture_on_commit_callbacks):
    register(client_for(community_manager), receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        anonymous = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager,
                                author_name_hidden=True, title="Posted without a name")
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager,
                       title="Soon hidden")
    content_hide(target=idea, by=community_manager, reason="Off topic")
    with django_capture_on_commit_callbacks(execute=True):
        idea_transition(idea=idea, to_stage=Stage.POTENTIAL, by=community_manager)
    bodies = [request["json"] for request in receiver.received]
    assert [body["data"]["idea"]["title"] for body in bodies] == ["Posted without a name"]
    assert bodies[0]["data"]["idea"]["author"] is None
    assert author.display_name.encode() not in receiver.received[0]["body"]
    assert anonymous.pk == bodies[0]["data"]["idea"]["id"]


def test_a_receiver_answering_500_is_retried_then_disabled_after_the_threshold(
        client_for, community_manager, author, theme, receiver, settings, django_capture_on_commit_callbacks):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    settings.WEBHOOK_DISABLE_AFTER = 4
    receiver.status = 500
    register(client_for(community_manager), receiver.url, kinds=["idea_published"])
    endpoint = Endpoint.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager)
    first = Delivery.objects.get()
    # The in-process attempt after commit failed: owed again later, with backoff.
    assert first.status == Delivery.Status.PENDING and first.attempts == 1 and first.response_status == 500
    assert first.next_attempt_at > timezone.now()
    # The worker's task retries it until WEBHOOK_MAX_ATTEMPTS.
    webhook_deliver.apply(args=[first.pk])
    first.refresh_from_db()
    assert first.status == Delivery.Status.FAILED and first.attempts == 3 and len(receiver.received) == 3
    endpoint.refresh_from_db()
    assert endpoint.is_active and endpoint.consecutive_failures == 3
    # One more failure in a row disables the endpoint; later events are not even recorded.
    with django_capture_on_commit_callbacks(execute=True):
        IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager)
    endpoint.refresh_from_db()
    assert not endpoint.is_active and "500" in endpoint.disabled_reason
    assert Delivery.objects.filter(status=Delivery.Status.FAILED).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager)
    assert Delivery.objects.count() == 2 and len(receiver.received) == 4
    page = client_for(community_manager).get(reverse("webhooks:endpoint", args=[endpoint.pk])).content.decode()
    assert "Disabled" in page and "Enable again" in page
    # Enabled again, it receives the next event.
    receiver.status = 204
    client_for(community_manager).post(reverse("webhooks:enable", args=[endpoint.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager)
    assert Delivery.objects.filter(status=Delivery.Status.DELIVERED, response_status=204).count() == 1


@pytest.mark.parametrize("fmt, check", [
    ("slack", lambda body, url: body["text"].startswith("<http") and "|New idea: Share the printers>" in body["text"]),
    ("mattermost", lambda body, url: body["text"].startswith("[New idea: Share the printers](http")),
    ("teams", lambda body, url: body["attachments"][0]["content"]["body"][0]["text"] == "New idea: Share the printers"),
])
def test_chat_formats_carry_the_message_in_the_endpoints_language(fmt, check, client_for, community_manager, author,
                                                                  theme, receiver, django_capture_on_commit_callbacks):
    register(client_for(community_manager), receiver.url, fmt=fmt, kinds=["idea_published"])
    with django_capture_on_commit_callbacks(execute=True):
        IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager,
                    title="Share the printers")
    (request,) = receiver.received
    assert check(request["json"], receiver.url)
    assert "X-Multitude-Signature" not in request["headers"]


def test_a_french_endpoint_speaks_french(client_for, community_manager, author, theme, receiver,
                                         django_capture_on_commit_callbacks):
    register(client_for(community_manager), receiver.url, fmt="slack", kinds=["idea_published"], language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager, title="Partager")
    assert "Nouvelle idée" in receiver.received[0]["json"]["text"]


def test_the_test_button_posts_and_shows_the_answer(client_for, community_manager, receiver):
    client = client_for(community_manager)
    register(client, receiver.url)
    endpoint = Endpoint.objects.get()
    response = client.post(reverse("webhooks:test", args=[endpoint.pk]), follow=True)
    assert "Test delivered: the receiver answered 200." in response.content.decode()
    assert verified(receiver.received[0], endpoint.secret)["test"] is True
    receiver.status = 503
    response = client.post(reverse("webhooks:test", args=[endpoint.pk]), follow=True)
    assert "The receiver answered 503." in response.content.decode()


@pytest.mark.parametrize("url, words", [
    ("http://127.0.0.1:8000/hook", "private, loopback or link-local"),
    ("http://169.254.169.254/latest/meta-data", "private, loopback or link-local"),
    ("http://10.1.2.3/hook", "private, loopback or link-local"),
    ("http://[::1]/hook", "private, loopback or link-local"),
    ("http://localhost/hook", "private, loopback or link-local"),
    ("ftp://example.com/hook", "Only http:// and https://"),
    ("file:///etc/passwd", "Only http:// and https://"),
])
def test_an_address_outside_the_allow_list_is_refused_and_nothing_stored(client_for, community_manager, url, words):
    response = register(client_for(community_manager), url)
    assert response.status_code == 400 and words in response.content.decode()
    assert not Endpoint.objects.exists()


def test_an_oversized_name_or_no_event_is_refused(client_for, community_manager, receiver):
    client = client_for(community_manager)
    response = register(client, receiver.url, name="x" * 81)
    assert response.status_code == 400 and "limited to 80 characters" in response.content.decode()
    response = register(client, receiver.url, kinds=[])
    assert response.status_code == 400
    assert not Endpoint.objects.exists()


def test_only_community_managers_and_administrators_manage_webhooks(client_for, colleague, executive, correspondent,
                                                                     community_manager, superuser):
    url = reverse("webhooks:endpoints")
    assert client_for(None).get(url).status_code == 302
    assert client_for(colleague).get(url).status_code == 403
    assert client_for(correspondent).get(url).status_code == 403
    assert client_for(executive).get(url).status_code == 403
    assert client_for(community_manager).get(url).status_code == 200
    assert client_for(superuser).get(url).status_code == 200
    endpoint = Endpoint.objects.create(name="x", url="https://example.com/h", kinds=["idea_published"], secret="s")
    assert client_for(colleague).post(reverse("webhooks:test", args=[endpoint.pk])).status_code == 403
    assert client_for(colleague).post(reverse("webhooks:delete", args=[endpoint.pk])).status_code == 403
    assert Endpoint.objects.filter(pk=endpoint.pk).exists()


def test_an_overdue_delivery_is_sent_again_by_the_sweep(client_for, community_manager, author, theme, receiver,
                                                        django_capture_on_commit_callbacks):
    receiver.status = 502
    register(client_for(community_manager), receiver.url, kinds=["idea_published"])
    with django_capture_on_commit_callbacks(execute=True):
        IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager)
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING and delivery.response_status == 502
    receiver.status = 200
    # Not yet due: the sweep leaves it to its own retry.
    assert webhooks_sweep.apply().get() == 0
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(minutes=5))
    assert webhooks_sweep.apply().get() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (Delivery.Status.DELIVERED, 2, 200)
    assert Endpoint.objects.get().consecutive_failures == 0


def _endpoint_with_deliveries(endpoint_holder, by):
    def build(size):
        if not endpoint_holder:
            endpoint_holder.append(Endpoint.objects.create(name="Intranet", url="https://example.com/hook",
                                                           kinds=ALL_KINDS, secret="s", created_by=by))
        endpoint = endpoint_holder[0]
        have = endpoint.deliveries.count()
        Delivery.objects.bulk_create([
            Delivery(endpoint=endpoint, kind="idea_published", key=f"k{n}", data={}, status=Delivery.Status.DELIVERED,
                     attempts=1, response_status=200) for n in range(have, size)])
        Endpoint.objects.bulk_create([
            Endpoint(name=f"Other {n}", url="https://example.com/other", kinds=["idea_published"], secret="s")
            for n in range(Endpoint.objects.count() - 1, size)])
    return build


def test_the_webhook_pages_ask_the_same_questions_for_5_and_50_rows(client_for, community_manager):
    client = client_for(community_manager)
    holder = []
    build = _endpoint_with_deliveries(holder, community_manager)
    assert_flat_query_count(build, lambda: client.get(reverse("webhooks:endpoints")), expected=EXPECTED_LIST_QUERIES)
    holder.clear()
    Endpoint.objects.all().delete()
    build = _endpoint_with_deliveries(holder, community_manager)
    assert_flat_query_count(build, lambda: client.get(reverse("webhooks:endpoint", args=[holder[0].pk])),
                            expected=EXPECTED_DETAIL_QUERIES)


def test_a_challenge_opening_by_the_clock_is_told_once_by_the_job(client_for, community_manager, executive, theme,
                                                                   receiver, django_capture_on_commit_callbacks):
    register(client_for(community_manager), receiver.url, kinds=["challenge_opened"])
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        challenge = challenge_create(by=executive, title="Greener commutes", question="How could we drive less?",
                                     themes=[theme], opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=9))
    assert webhooks_challenges_opened.apply().get() == 0 and receiver.received == []
    # Time passes: it opened two minutes ago.
    Challenge.objects.filter(pk=challenge.pk).update(opens_at=now - timedelta(minutes=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks_challenges_opened.apply().get() == 1
    [request] = receiver.received
    assert request["json"]["event"] == "challenge_opened"
    assert request["json"]["data"]["challenge"]["title"] == "Greener commutes"
    # The next run finds it again, and tells nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert webhooks_challenges_opened.apply().get() == 1
    assert len(receiver.received) == 1 and Delivery.objects.count() == 1


def test_the_django_admin_lists_endpoints_but_registers_none(client_for, superuser):
    Endpoint.objects.create(name="Intranet", url="https://example.com/hook", kinds=["idea_published"], secret="s")
    client = client_for(superuser)
    assert client.get(reverse("admin:webhooks_endpoint_changelist")).status_code == 200
    assert client.get(reverse("admin:webhooks_endpoint_add")).status_code == 403
