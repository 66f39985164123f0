"""Which database a read goes to (core/db.py); the real replica is in tests/deploy/."""

import pytest
from django.db import transaction

from core import db
from ideas.models import Idea


@pytest.fixture
def replica_answers(monkeypatch):
    monkeypatch.setattr(db, "replica_configured", lambda: True)
    monkeypatch.setattr(db, "_replica_reachable", lambda: True)


def test_without_a_replica_reads_stay_on_the_primary_even_when_asked():
    with db.reading_from_replica():
        assert db.ReplicaRouter().db_for_read(Idea) == "default"


def test_reads_go_to_the_replica_only_inside_the_block(replica_answers):
    router = db.ReplicaRouter()
    assert router.db_for_read(Idea) == "default"
    with db.reading_from_replica():
        assert router.db_for_read(Idea) == "replica"
        assert router.db_for_write(Idea) == "default"
    assert router.db_for_read(Idea) == "default"


@pytest.mark.django_db
def test_inside_a_transaction_on_the_primary_reads_stay_there(replica_answers):
    with db.reading_from_replica(), transaction.atomic():
        assert db.ReplicaRouter().db_for_read(Idea) == "default"


def test_an_unreachable_replica_leaves_the_reads_on_the_primary(monkeypatch):
    monkeypatch.setattr(db, "replica_configured", lambda: True)
    monkeypatch.setattr(db, "_replica_reachable", lambda: False)
    with db.reading_from_replica():
        assert db.ReplicaRouter().db_for_read(Idea) == "default"
