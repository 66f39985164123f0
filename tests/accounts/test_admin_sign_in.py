"""One sign-in for everyone, the administration included: the Django admin's own sign-in
page sends people to the site's (allauth, with the code stage), and a session of a role
that needs a second factor, signed in without the code although an authenticator app is
set up, is ended on its next request. Driven through the real pages and sign-in forms."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils.http import urlencode

from accounts.models import ApiToken
from tests.factories import PASSWORD

from .test_mfa import enrol, sign_in, totp_code

pytestmark = pytest.mark.usefixtures("english")

ADMIN_LOGIN = "/admin/login/"
PROTECTED = ["/admin/", "/moderation/", "/reports/", "/profile/api-tokens/"]


@pytest.fixture(autouse=True)
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_ROLES = list(settings.MFA_ROLES)


@pytest.fixture
def client(client_for):
    return client_for(None)


@pytest.fixture
def administrator_secret(client_for, superuser):
    """The administrator has set up an authenticator app (through its set-up page)."""
    setup = client_for(None)
    sign_in(setup, superuser)
    return enrol(setup)


def assert_nothing_reachable(client):
    assert SESSION_KEY not in client.session
    for url in PROTECTED:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith((reverse("account_login"), ADMIN_LOGIN)), url
    client.post("/profile/api-tokens/", {"name": "stolen"})
    assert not ApiToken.objects.exists()


def test_the_admin_sign_in_page_sends_to_the_sites_sign_in(client, superuser, administrator_secret):
    response = client.get(ADMIN_LOGIN, {"next": "/admin/accounts/user/"})

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?{urlencode({'next': '/admin/accounts/user/'})}"
    # The admin's pages send there too.
    assert client.get("/admin/").url.startswith(ADMIN_LOGIN)


def test_the_password_alone_posted_to_the_admin_sign_in_page_signs_nobody_in(client, superuser, administrator_secret):
    response = client.post(ADMIN_LOGIN, {"username": superuser.email, "password": PASSWORD, "next": "/admin/"})

    assert response.status_code == 405
    assert_nothing_reachable(client)


def test_the_password_alone_at_the_sites_sign_in_stops_at_the_code(client, superuser, administrator_secret):
    response = client.post(f"{reverse('account_login')}?next=/admin/", {"login": superuser.email, "password": PASSWORD})

    assert response.url == reverse("mfa_authenticate")
    assert_nothing_reachable(client)


def test_the_administrator_reaches_the_admin_with_the_code(client, superuser, administrator_secret):
    login_page = client.get(ADMIN_LOGIN, {"next": "/admin/"}).url
    response = client.post(login_page, {"login": superuser.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(administrator_secret)})

    assert response.status_code == 302 and response.url == "/admin/"
    for url in PROTECTED:
        assert client.get(url).status_code == 200, url
    # Signed in, the admin's sign-in page goes straight to the admin.
    assert client.get(ADMIN_LOGIN).url == "/admin/"


def test_a_session_signed_in_without_the_code_is_ended_at_its_next_request(client, superuser, administrator_secret):
    # Django's own login() (what the admin's sign-in page did) skips allauth's code stage.
    assert client.login(email=superuser.email, password=PASSWORD)
    assert int(client.session[SESSION_KEY]) == superuser.pk

    response = client.get("/admin/")

    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert_nothing_reachable(client)


@pytest.mark.parametrize("url", ["/accounts/2fa/", "/accounts/email/", "/api/v1/me/"])
def test_such_a_session_is_ended_on_the_account_pages_and_the_api_too(client, superuser, administrator_secret, url):
    assert client.login(email=superuser.email, password=PASSWORD)

    response = client.get(url)

    assert SESSION_KEY not in client.session
    if url.startswith("/api/"):
        assert response.status_code == 403 and response.json()["code"] == "mfa_not_used"
    else:
        assert response.status_code == 302


def test_a_signed_in_person_without_admin_access_is_refused_not_looped(client_for, author):
    client = client_for(author)

    assert client.get(ADMIN_LOGIN).status_code == 403
