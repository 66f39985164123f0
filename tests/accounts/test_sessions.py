"""Sessions end SESSION_COOKIE_AGE after sign-in whatever happens, and after
SESSION_IDLE_TIMEOUT without a request; a request in between keeps an idle session going."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse


pytestmark = pytest.mark.usefixtures("english")

PRIVATE_PAGE = reverse("accounts:profile_edit")


def signed_in(client) -> bool:
    return SESSION_KEY in client.session


def test_a_session_ends_after_its_maximum_age_even_when_active(client_for, author, clock, short_sessions):
    client = client_for(author)
    for _step in range(8):
        clock.advance(55 * 60)
        assert client.get(PRIVATE_PAGE).status_code == 200
    clock.advance(41 * 60)  # 8 h 01 since sign-in

    response = client.get(PRIVATE_PAGE)

    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert not signed_in(client)
    assert "Your session has expired" in client.get(response.url).content.decode()


def test_an_idle_session_ends(client_for, author, clock, short_sessions):
    client = client_for(author)
    clock.advance(3601)

    response = client.get(PRIVATE_PAGE)

    assert response.status_code == 302
    assert not signed_in(client)


def test_activity_keeps_an_idle_session_going(client_for, author, clock, short_sessions):
    client = client_for(author)
    for _step in range(5):
        clock.advance(40 * 60)
        assert client.get(PRIVATE_PAGE).status_code == 200
    assert signed_in(client)


def test_the_api_session_ends_too(client_for, author, clock, short_sessions):
    client = client_for(author)
    clock.advance(3601)

    assert client.get(reverse("api:me")).status_code in (401, 403)


def test_no_idle_limit_when_set_to_zero(client_for, author, clock, settings):
    settings.SESSION_IDLE_TIMEOUT = 0
    client = client_for(author)
    clock.advance(settings.SESSION_COOKIE_AGE - 60)

    assert client.get(PRIVATE_PAGE).status_code == 200
