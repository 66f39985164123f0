"""A second factor (authenticator app, TOTP) for correspondents, community managers,
executives and administrators: sent to set it up before any other page, then asked for a
code at each sign-in. Plain employees are not forced. Signed in through the real sign-in
form, so allauth's own checks (recent authentication, code stage) run as in use."""

import base64
import hashlib
import hmac
import struct
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.usefixtures("english")

ACTIVATE_URL = reverse("mfa_activate_totp")


@pytest.fixture(autouse=True)
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_ROLES = list(settings.MFA_ROLES)


def totp_code(secret: str, at: float | None = None) -> str:
    """RFC 6238 with the app's parameters (SHA-1, 30 s, 6 digits), as a phone computes it."""
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10 ** 6:06d}"


def sign_in(client, user):
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def confirm_password(client):
    """allauth asks for the password again before adding an authenticator."""
    page = client.get(ACTIVATE_URL)
    if page.status_code == 302 and page.url.startswith(reverse("account_reauthenticate")):
        assert client.post(page.url, {"password": PASSWORD}).status_code == 302
        page = client.get(ACTIVATE_URL)
    return page


def enrol(client) -> str:
    page = confirm_password(client)
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(ACTIVATE_URL, {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


@pytest.fixture
def client(client_for):
    return client_for(None)


def test_a_correspondent_without_an_authenticator_is_sent_to_set_one_up(client, correspondent):
    sign_in(client, correspondent)

    for url in (reverse("ideas:list"), reverse("moderation:queue"), reverse("accounts:api_tokens")):
        response = client.get(url)
        assert response.status_code == 302 and response.url == ACTIVATE_URL, url
    page = confirm_password(client)
    assert page.status_code == 200
    assert "set up an authenticator app to continue" in page.content.decode()
    # The session API is refused too, with the API's error format.
    api = client.get(reverse("api:me"))
    assert api.status_code == 403 and api.json()["code"] == "mfa_required"
    # Signing out stays possible.
    assert client.post(reverse("account_logout")).status_code == 302
    assert SESSION_KEY not in client.session


def test_after_enrolling_the_correspondent_reaches_the_console(client, correspondent):
    sign_in(client, correspondent)

    secret = enrol(client)

    assert Authenticator.objects.filter(user=correspondent, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("moderation:queue")).status_code == 200
    # Next sign-in asks for a code before anything else.
    client.post(reverse("account_logout"))
    response = sign_in(client, correspondent)
    assert response.url == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session
    assert client.post(reverse("mfa_authenticate"), {"code": "000000" if totp_code(secret) != "000000" else "111111"}
                       ).status_code == 200, "a wrong code is refused"
    assert SESSION_KEY not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == correspondent.pk
    assert client.get(reverse("moderation:queue")).status_code == 200


@pytest.mark.parametrize("who", ["community_manager", "executive", "superuser"])
def test_community_managers_executives_and_administrators_are_sent_too(client, who, request):
    sign_in(client, request.getfixturevalue(who))

    assert client.get(reverse("ideas:list")).url == ACTIVATE_URL


def test_a_plain_employee_is_not_forced(client, author):
    sign_in(client, author)

    assert client.get(reverse("ideas:list")).status_code == 200
    assert client.get(reverse("api:me")).status_code == 200


def test_the_requirement_follows_the_setting(client, correspondent, settings):
    settings.MFA_REQUIRED_FOR_ROLES = ["executive"]
    sign_in(client, correspondent)

    assert client.get(reverse("moderation:queue")).status_code == 200


def test_turning_the_app_off_sends_them_back_to_set_up(client, community_manager):
    sign_in(client, community_manager)
    enrol(client)
    assert client.get(reverse("ideas:list")).status_code == 200

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=community_manager, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("ideas:list")).url == ACTIVATE_URL


def test_api_tokens_do_not_go_through_the_session_check(client_for, correspondent):
    from accounts.tokens import api_token_create

    _token, raw = api_token_create(by=correspondent, name="script")
    response = client_for(None).get(reverse("api:me"), HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert response.status_code == 200
