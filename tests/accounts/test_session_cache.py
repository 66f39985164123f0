"""What every signed-in request costs: with the session and the person read from cached
copies (SESSION_CACHE_SECONDS, accounts/session_cache.py) a reading asks the database
nothing and writes nothing, but the idle-timeout refresh once per
SESSION_SEEN_REFRESH_SECONDS; and every change that ends or alters a session is seen at the
next request, as without the copies."""

import sqlite3

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts import identity
from accounts.directory import directory_sync
from tests.factories import UserFactory

pytestmark = [pytest.mark.usefixtures("english"), pytest.mark.urls("tests.accounts.floor_urls")]

FLOOR = "/bench/floor/"


@pytest.fixture
def cached(settings):
    settings.SESSION_CACHE_SECONDS = 300
    settings.SESSION_SEEN_REFRESH_SECONDS = 300
    settings.SESSION_IDLE_TIMEOUT = 2 * 3600


@pytest.fixture
def person(department):
    return UserFactory(first_name="Flora", last_name="Floor", entity=department)


def signed_in_client(person) -> Client:
    """A client signed in through the sign-in page, as a person would be."""
    person.set_password("floor-password-2026")
    person.save()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert client.login(email=person.email, password="floor-password-2026")
    return client


def test_a_signed_in_reading_asks_the_database_nothing(cached, clock, person, django_assert_num_queries):
    client = signed_in_client(person)
    client.get(FLOOR)  # the first reading fills the copies

    for _ in range(3):
        clock.advance(60)
        with django_assert_num_queries(0):
            response = client.get(FLOOR)
        assert response.status_code == 200
        assert "Bonjour Flora Floor" in response.content.decode()


def test_without_the_copies_a_reading_asks_for_the_session_and_the_person(settings, clock, person,
                                                                          django_assert_num_queries):
    settings.SESSION_CACHE_SECONDS = 0
    client = signed_in_client(person)
    client.get(FLOOR)

    with django_assert_num_queries(2) as captured:
        assert client.get(FLOOR).status_code == 200
    assert "django_session" in captured.captured_queries[0]["sql"]
    assert "accounts_user" in captured.captured_queries[1]["sql"]


def test_the_idle_timeout_is_refreshed_once_per_setting_period(cached, settings, clock, person,
                                                              django_assert_num_queries):
    settings.SESSION_SEEN_REFRESH_SECONDS = 600
    client = signed_in_client(person)
    client.get(FLOOR)

    clock.advance(590)
    with django_assert_num_queries(0):
        client.get(FLOOR)
    clock.advance(20)  # 610 s since the last refresh, written at sign-in
    # One write, in its transaction (a savepoint inside the test's own transaction).
    with django_assert_num_queries(3) as captured:
        client.get(FLOOR)
    statements = [query["sql"] for query in captured.captured_queries]
    assert statements[0].startswith("SAVEPOINT") and statements[2].startswith("RELEASE SAVEPOINT")
    assert statements[1].startswith('UPDATE "django_session"')
    clock.advance(300)
    with django_assert_num_queries(0):
        client.get(FLOOR)
    # The refreshed time is the one the idle timeout reads: 1 h 50 without a request is not idle.
    clock.advance(110 * 60)
    assert client.get(FLOOR).status_code == 200


def test_an_idle_session_still_ends_with_the_copies(cached, clock, person):
    client = signed_in_client(person)
    client.get(FLOOR)

    clock.advance(2 * 3600 + 1)

    response = client.get(FLOOR)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert SESSION_KEY not in client.session


def test_signing_out_ends_the_session_at_once(cached, clock, person):
    client = signed_in_client(person)
    client.get(FLOOR)
    stolen = Client(HTTP_ACCEPT_LANGUAGE="en")
    stolen.cookies = client.cookies  # the same session cookie, elsewhere

    client.post(reverse("account_logout"))

    assert stolen.get(FLOOR).status_code == 302


def test_a_deactivated_person_is_out_at_once(cached, clock, person, author):
    client = signed_in_client(person)
    client.get(FLOOR)

    person.is_active = False
    person.save()

    assert client.get(FLOOR).status_code == 302


def test_a_person_who_left_the_directory_is_out_at_once(cached, clock, person, author):
    client = signed_in_client(person)
    client.get(FLOOR)

    # Bulk updates, not save(): the sync names the people whose copies are out of date.
    directory_sync(emails={author.email}, force=True)

    assert client.get(FLOOR).status_code == 302


def test_a_new_password_ends_the_other_sessions(cached, clock, person):
    client = signed_in_client(person)
    client.get(FLOOR)

    person.set_password("another-password-2026")
    person.save()

    assert client.get(FLOOR).status_code == 302


def test_a_change_to_the_person_shows_on_the_next_page(cached, clock, person):
    client = signed_in_client(person)
    client.get(FLOOR)

    person.first_name = "Florence"
    person.save()

    assert "Bonjour Florence Floor" in client.get(FLOOR).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_reading_does_not_wait_for_a_busy_sqlite_to_refresh_the_last_seen_time(clock, person):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's single writer lock")
    client = signed_in_client(person)
    signed_in_at = clock.moment
    clock.advance(400)  # past SESSION_SEEN_REFRESH_SECONDS: this request would write the session
    writer = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # someone else holds the write lock
    try:
        response = client.get(FLOOR)
    finally:
        writer.execute("ROLLBACK")
        writer.close()

    assert response.status_code == 200
    assert client.session[identity.SEEN_AT_KEY] == signed_in_at  # not refreshed: the next request will
    assert client.get(FLOOR).status_code == 200
    assert client.session[identity.SEEN_AT_KEY] == clock.moment


def test_an_anonymous_first_visit_stores_no_session(client_for, department):
    client = client_for(None)

    for page in (reverse("ideas:list"), reverse("account_login")):
        response = client.get(page)
        assert response.status_code in (200, 302)
        assert "sessionid" not in response.cookies
