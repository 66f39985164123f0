"""What a support and a withdrawal cost, everything that follows the commit included (the
supporter's points and badges, the author's points, the author's batched notification,
the live update), in steady state: both people already have a score and the author an
unread supports notification for the idea. And the points stay exact when many arrive at
once."""

import importlib
import threading

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from gamification.models import LedgerEntry, PointsRule, Score
from ideas.models import Idea, Stage
from ideas.services import vote_cast, vote_withdraw
from notifications.models import Kind, Notification
from tests.factories import EntityFactory, IdeaFactory, UserFactory
from tests.support import HTMX

# Counted in a test's transaction, where transactions are savepoints (2 queries each) that
# are plain BEGIN/COMMIT in production. The request: the session and the person, the idea,
# the vote, the count, the follow and the outbox row; with a broker, that is all the
# person waits for. The delivery (a worker's, or in-process without a broker): the event
# taken and marked delivered, the two people's points and badges, the author's batched
# notification, the live update, the report's summary rows of the idea and the two people.
SUPPORT_REQUEST_QUERIES = 10
SUPPORT_DELIVERY_QUERIES = 51
WITHDRAW_REQUEST_QUERIES = 10
WITHDRAW_DELIVERY_QUERIES = 42


def points_of(user) -> int:
    return Score.objects.filter(user=user).values_list("total", flat=True).first() or 0


def ledger_sum(user) -> int:
    return sum(LedgerEntry.objects.filter(user=user).values_list("points", flat=True))


def supports_notifications(author, idea):
    notifications = Notification.objects.filter(recipient=author, kind=Kind.SUPPORTS, idea=idea)
    return list(notifications.values_list("count", "read_at"))


@pytest.fixture
def steady(author, colleague, correspondent, department, django_capture_on_commit_callbacks):
    """An idea another colleague supports (the author has an unread supports notification
    for it), and a second idea `colleague` supports (they have a score)."""
    with django_capture_on_commit_callbacks(execute=True):
        idea = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent)
        other = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent)
    with django_capture_on_commit_callbacks(execute=True):
        vote_cast(idea=idea, by=UserFactory(entity=department))
    with django_capture_on_commit_callbacks(execute=True):
        vote_cast(idea=other, by=colleague)
    assert Score.objects.filter(user=colleague).exists()
    assert supports_notifications(author, idea) == [(1, None)]
    return idea


def test_a_support_and_its_withdrawal_cost_an_exact_number_of_queries_in_the_request_and_after_it(
    steady, client_for, author, colleague, django_capture_on_commit_callbacks, django_assert_num_queries
):
    idea = steady
    client = client_for(colleague)
    url = reverse("ideas:support", args=[idea.pk])
    colleague_before, author_before = points_of(colleague), points_of(author)

    # When the colleague supports the idea: the request writes the vote, the count and the
    # event; the points, the notification and the live update are the event's delivery
    with django_assert_num_queries(SUPPORT_REQUEST_QUERIES):
        with django_capture_on_commit_callbacks() as after_commit:
            response = client.post(url, {"action": "support"}, headers=HTMX)
    assert response.status_code == 200
    assert points_of(colleague) == colleague_before
    with django_assert_num_queries(SUPPORT_DELIVERY_QUERIES):
        for callback in after_commit:
            callback()

    # Then each earns their point, and the author's unread notification counts two supports
    assert (points_of(colleague), points_of(author)) == (colleague_before + 1, author_before + 1)
    assert supports_notifications(author, idea) == [(2, None)]

    # When they withdraw it
    with django_assert_num_queries(WITHDRAW_REQUEST_QUERIES):
        with django_capture_on_commit_callbacks() as after_commit:
            response = client.post(url, {"action": "withdraw"}, headers=HTMX)
    assert response.status_code == 200
    with django_assert_num_queries(WITHDRAW_DELIVERY_QUERIES):
        for callback in after_commit:
            callback()

    # Then both points are taken back (reversals), and the notification is left as it was
    assert (points_of(colleague), points_of(author)) == (colleague_before, author_before)
    assert supports_notifications(author, idea) == [(2, None)]
    for person in (colleague, author):
        assert points_of(person) == ledger_sum(person)
    assert LedgerEntry.objects.filter(user=colleague, kind=LedgerEntry.Kind.REVERSAL).count() == 1


# --- Many at once -----------------------------------------------------------------------


def run_together(jobs):
    """Start every job at the same instant, one thread each; return the errors raised."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def worker(job):
        try:
            barrier.wait(timeout=30)
            job()
        except Exception as error:  # noqa: BLE001 — any failure is the test's business
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return errors


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_supports_and_withdrawals_at_once_keep_every_total_equal_to_the_ledger():
    # Given the default points rules (a transactional test starts with empty tables), one
    # author's three ideas, and people who support all three at the same moment while some
    # of them withdraw from the first
    importlib.import_module("gamification.migrations.0002_default_rules_and_badges").create_defaults(apps, None)
    unit = EntityFactory()
    author = UserFactory(entity=unit)
    ideas = [IdeaFactory(author=author, stage=Stage.PUBLISHED) for _ in range(3)]
    people = [UserFactory(entity=unit) for _ in range(8)]
    for person in people[:4]:
        vote_cast(idea=ideas[0], by=person)

    def support_all(person):
        return lambda: [vote_cast(idea=Idea.objects.get(pk=idea.pk), by=person) for idea in ideas]

    def withdraw_first(person):
        return lambda: vote_withdraw(idea=Idea.objects.get(pk=ideas[0].pk), by=person)

    errors = run_together([support_all(p) for p in people[4:]] + [withdraw_first(p) for p in people[:4]])

    # Then every total is the sum of its ledger, and counts what is supported now
    assert errors == []
    for person in people:
        assert points_of(person) == ledger_sum(person)
    assert [points_of(p) for p in people] == [0] * 4 + [3] * 4
    assert points_of(author) == ledger_sum(author)
    received = LedgerEntry.objects.filter(user=author, rule__code=PointsRule.Code.SUPPORT_RECEIVED)
    assert sum(received.values_list("points", flat=True)) == 3 * 4
