"""Single sign-on through the company's OpenID Connect provider: the whole flow driven
through the site (sign-in button → provider → callback) against a provider the tests run
(tests/accounts/oidc_provider.py), configured the way the environment configures it."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.models import User
from config.settings.base import sso_providers
from tests.factories import PASSWORD, UserFactory

from .oidc_provider import OidcProvider

pytestmark = pytest.mark.usefixtures("english")

LOGIN_URL = reverse("openid_connect_login", kwargs={"provider_id": "company"})


@pytest.fixture
def idp(settings):
    provider = OidcProvider(client_id="multitude-portal", client_secret="s3cret-of-the-portal").start()
    settings.SOCIALACCOUNT_PROVIDERS = sso_providers({
        "OIDC_SERVER_URL": provider.url, "OIDC_CLIENT_ID": provider.client_id,
        "OIDC_CLIENT_SECRET": provider.client_secret, "OIDC_PROVIDER_NAME": "Eureka SSO",
    })
    yield provider
    provider.stop()


@pytest.fixture
def client(client_for):
    return client_for(None)


def claims(email="jeanne.durand@multitude.example", verified=True, **extra):
    return {"sub": "emp-" + email.split("@")[0], "email": email, "email_verified": verified,
            "given_name": "Jeanne", "family_name": "Durand", **extra}


def sign_in_with_sso(client, idp, next_url=None):
    """The person presses the SSO button, signs in at the provider, comes back."""
    response = client.post(LOGIN_URL + (f"?next={next_url}" if next_url else ""))
    assert response.status_code == 302
    authorize = response.url
    assert authorize.startswith(f"{idp.url}/authorize?")
    at_provider = requests.get(authorize, allow_redirects=False, timeout=5)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == reverse("openid_connect_callback", kwargs={"provider_id": "company"})
    return client.get(back.path, parse_qs(back.query))


def signed_in_user(client):
    user_id = client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


def test_the_login_page_offers_the_company_sign_in_when_configured(client, idp):
    html = client.get(reverse("account_login")).content.decode()

    assert "Sign in with Eureka SSO" in html
    assert f'action="{LOGIN_URL}"' in html


def test_no_provider_and_no_button_when_the_environment_names_none(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = sso_providers({})

    assert "Sign in with" not in client.get(reverse("account_login")).content.decode()
    assert client.post(LOGIN_URL).status_code == 404


def test_the_provider_is_sent_to_its_authorize_page_with_pkce(client, idp):
    response = client.post(LOGIN_URL)
    query = parse_qs(urlsplit(response.url).query)

    assert query["client_id"] == ["multitude-portal"]
    assert query["response_type"] == ["code"]
    assert set(query["scope"][0].split()) >= {"openid", "email", "profile"}
    assert query["code_challenge_method"] == ["S256"]


def test_a_new_employee_signs_in_and_gets_an_account_without_a_password(client, idp, department):
    idp.claims = claims()

    response = sign_in_with_sso(client, idp)

    assert response.status_code == 302 and response.url == reverse("ideas:list")
    user = signed_in_user(client)
    assert (user.email, user.first_name, user.last_name) == ("jeanne.durand@multitude.example", "Jeanne", "Durand")
    assert not user.has_usable_password()
    assert SocialAccount.objects.get(user=user).uid == "emp-jeanne.durand"
    assert EmailAddress.objects.get(user=user).verified
    # The token request carried the client secret and the PKCE verifier.
    assert idp.token_requests[-1]["client_secret"] == idp.client_secret
    assert idp.token_requests[-1]["code_verifier"]
    assert client.get(reverse("ideas:list")).status_code == 200


def test_an_existing_account_is_linked_by_its_verified_company_address(client, idp, department):
    person = UserFactory(email="jeanne.durand@multitude.example", entity=department)
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    idp.claims = claims()

    sign_in_with_sso(client, idp, next_url="/profile/")

    assert signed_in_user(client) == person
    assert SocialAccount.objects.get(provider="company").user == person
    person.refresh_from_db()
    assert person.check_password(PASSWORD), "a verified account keeps its password"
    # Next time, the link is used: the same account again.
    client.logout()
    sign_in_with_sso(client, idp)
    assert signed_in_user(client) == person
    assert User.objects.count() == 1


def test_an_address_outside_the_company_domains_is_refused(client, idp):
    idp.claims = claims(email="someone@gmail.example")

    response = sign_in_with_sso(client, idp)

    assert response.status_code == 403
    assert "Only company e-mail addresses" in response.content.decode()
    assert signed_in_user(client) is None
    assert not User.objects.exists()


def test_an_address_the_provider_has_not_verified_is_refused(client, idp, department):
    UserFactory(email="jeanne.durand@multitude.example", entity=department)
    idp.claims = claims(verified=False)

    response = sign_in_with_sso(client, idp)

    assert response.status_code == 403
    assert "did not confirm that your e-mail address is verified" in response.content.decode()
    assert signed_in_user(client) is None
    assert not SocialAccount.objects.exists()


def test_a_deactivated_account_cannot_come_back_through_sso(client, idp, department):
    person = UserFactory(email="jeanne.durand@multitude.example", entity=department, is_active=False)
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    idp.claims = claims()

    response = sign_in_with_sso(client, idp)

    assert response.status_code == 403
    assert signed_in_user(client) is None


def test_a_forged_callback_without_a_matching_state_signs_nobody_in(client, idp):
    idp.claims = claims()
    client.post(LOGIN_URL)

    response = client.get(reverse("openid_connect_callback", kwargs={"provider_id": "company"}),
                          {"code": "made-up", "state": "made-up"})

    assert signed_in_user(client) is None
    assert response.status_code in (400, 401, 403)
