"""Supports given and withdrawn at the same moment by many people: the counter shown
everywhere stays equal to the support rows. Real threads, real transactions, each on its
own database connection (file SQLite with WAL, or PostgreSQL when DATABASE_URL says so)."""

import threading

import pytest
from django.db import connection

from ideas.models import Idea, Stage, Vote
from ideas.services import vote_cast, vote_withdraw
from tests.factories import EntityFactory, IdeaFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def run_together(jobs):
    """Start every job at the same instant, one thread each; return the errors raised."""
    barrier = threading.Barrier(len(jobs))
    errors = []
    results = [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # noqa: BLE001 — any failure is the test's business
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return errors, results


@pytest.fixture
def idea_and_people():
    unit = EntityFactory()
    idea = IdeaFactory(author=UserFactory(entity=unit), stage=Stage.PUBLISHED)
    people = [UserFactory(entity=unit) for _ in range(40)]
    return idea, people


def counts(idea):
    stored = Idea.objects.get(pk=idea.pk)
    rows = Vote.objects.filter(idea=idea).count()
    # The trending figure moves in the same statements (every support here is this week's).
    assert stored.recent_support_count == stored.support_count
    return stored.support_count, rows


def test_concurrent_supports_and_withdrawals_keep_the_count_exact(idea_and_people):
    idea, people = idea_and_people
    # Given 20 people who already support the idea, and 20 who do not
    supporters, others = people[:20], people[20:]
    for user in supporters:
        vote_cast(idea=idea, by=user)
    assert counts(idea) == (20, 20)

    def sequence(user, actions):
        def job():
            for action in actions:
                action(idea=Idea.objects.get(pk=idea.pk), by=user)
        return job

    # When, all at once: 10 supporters withdraw (and flip back and forth), 10 supporters
    # support again, 14 others support (flipping too), 6 others withdraw what they never gave
    jobs = (
        [sequence(u, [vote_withdraw, vote_cast, vote_withdraw]) for u in supporters[:10]]
        + [sequence(u, [vote_cast, vote_cast]) for u in supporters[10:]]
        + [sequence(u, [vote_cast, vote_withdraw, vote_cast]) for u in others[:14]]
        + [sequence(u, [vote_withdraw]) for u in others[14:]]
    )
    errors, _results = run_together(jobs)

    # Then nobody got an error, and the counter equals the rows and the expected net
    assert errors == []
    expected = 20 - 10 + 14
    assert counts(idea) == (expected, expected)
    assert set(Vote.objects.filter(idea=idea).values_list("user_id", flat=True)) == {
        u.pk for u in supporters[10:] + others[:14]
    }


def test_forty_people_supporting_at_once_are_all_counted(idea_and_people):
    idea, people = idea_and_people

    errors, results = run_together([lambda u=u: vote_cast(idea=Idea.objects.get(pk=idea.pk), by=u) for u in people])

    assert errors == []
    assert results == [True] * 40
    assert counts(idea) == (40, 40)


def test_one_person_supporting_many_times_at_once_counts_once(idea_and_people):
    idea, people = idea_and_people
    user = people[0]

    # When the same person's support arrives 25 times at the same instant (double clicks,
    # several tabs)
    errors, results = run_together([lambda: vote_cast(idea=Idea.objects.get(pk=idea.pk), by=user) for _ in range(25)])

    # Then exactly one support is recorded, and the others are quietly told it was there
    assert errors == []
    assert sorted(results) == [False] * 24 + [True]
    assert counts(idea) == (1, 1)


def test_one_person_withdrawing_many_times_at_once_uncounts_once(idea_and_people):
    idea, people = idea_and_people
    for user in people[:3]:
        vote_cast(idea=idea, by=user)
    user = people[0]

    errors, results = run_together([lambda: vote_withdraw(idea=Idea.objects.get(pk=idea.pk), by=user) for _ in range(25)])

    assert errors == []
    assert sorted(results) == [False] * 24 + [True]
    assert counts(idea) == (2, 2)
