"""Wrong codes at the sign-in's code stage are limited per account and per address
(ACCOUNT_RATE_LIMITS["login_failed"], counted by allauth in the cache): past the limit the
page answers 429 with a message saying so, and even the right code waits. Driven through
the real sign-in form and code page."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from .test_mfa import enrol, sign_in, totp_code

pytestmark = pytest.mark.usefixtures("english")

LIMITED = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_ROLES = list(settings.MFA_ROLES)


def with_app(user) -> str:
    """`user` sets up an authenticator app; returns its secret."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, user)
    return enrol(client)


def at_code_stage(user, address: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=address)
    assert sign_in(client, user).url == reverse("mfa_authenticate")
    return client


def wrong(secret: str) -> str:
    right = totp_code(secret)
    return "000000" if right != "000000" else "111111"


def post_code(client, code):
    return client.post(reverse("mfa_authenticate"), {"code": code})


def test_fifteen_wrong_codes_for_one_account_are_limited_after_five(community_manager):
    secret = with_app(community_manager)
    client = at_code_stage(community_manager, "10.0.0.1")

    answers = [post_code(client, wrong(secret)) for _attempt in range(15)]

    assert [a.status_code for a in answers] == [200] * 5 + [429] * 10
    assert "Incorrect code" in answers[0].content.decode()
    assert LIMITED in answers[-1].content.decode()
    # The right code waits too, and from another address: the account is what is counted.
    assert post_code(client, totp_code(secret)).status_code == 429
    elsewhere = at_code_stage(community_manager, "10.0.0.2")
    assert post_code(elsewhere, totp_code(secret)).status_code == 429
    assert SESSION_KEY not in client.session and SESSION_KEY not in elsewhere.session


def test_wrong_codes_from_one_address_are_limited_across_accounts(community_manager, executive, correspondent):
    people = [(person, with_app(person)) for person in (community_manager, executive, correspondent)]
    clients = [(at_code_stage(person, "10.0.0.1"), secret) for person, secret in people]

    # Ten wrong codes from one address, no account past its own five: all answered.
    answers = [post_code(client, wrong(secret)) for client, secret in clients for _attempt in range(3)]
    answers.append(post_code(clients[0][0], wrong(clients[0][1])))
    assert [a.status_code for a in answers] == [200] * 10

    # The eleventh from that address is refused, whichever the account.
    client, secret = clients[2]
    refused = post_code(client, totp_code(secret))
    assert refused.status_code == 429 and LIMITED in refused.content.decode()

    # The same person from another address gives the right code and is signed in.
    person, secret = people[2]
    elsewhere = at_code_stage(person, "10.0.0.9")
    assert post_code(elsewhere, totp_code(secret)).status_code == 302
    assert int(elsewhere.session[SESSION_KEY]) == person.pk


def test_a_right_code_clears_the_accounts_count(community_manager):
    secret = with_app(community_manager)
    client = at_code_stage(community_manager, "10.0.0.1")
    for _attempt in range(4):
        assert post_code(client, wrong(secret)).status_code == 200

    assert post_code(client, totp_code(secret)).status_code == 302

    # Signed in; a later sign-in starts its count afresh.
    client.post(reverse("account_logout"))
    again = at_code_stage(community_manager, "10.0.0.3")
    assert [post_code(again, wrong(secret)).status_code for _attempt in range(5)] == [200] * 5

