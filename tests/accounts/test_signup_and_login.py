"""Sign-up for employees (company e-mail domains only), e-mail confirmation, login by e-mail."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def client(client_for):
    return client_for(None)


def signup(client, email, unit, **extra):
    return client.post(reverse("account_signup"), {
        "email": email, "password1": "Str0ng-and-long-passw0rd", "password2": "Str0ng-and-long-passw0rd",
        "first_name": "Jeanne", "last_name": "Durand", "entity": unit.pk, **extra,
    })


def test_the_sign_up_page_asks_for_the_business_unit(client, department):
    html = client.get(reverse("account_signup")).content.decode()

    assert 'name="entity"' in html and "Stores department" in html


def test_an_employee_signs_up_with_a_company_address_and_receives_a_confirmation(client, department):
    response = signup(client, "jeanne.durand@multitude.example", department)

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="jeanne.durand@multitude.example")
    assert (user.first_name, user.last_name, user.entity) == ("Jeanne", "Durand", department)
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jeanne.durand@multitude.example"]
    assert mail.outbox[0].subject.startswith("[Multitude]")


def test_confirming_the_address_signs_the_employee_in(client, department):
    signup(client, "jeanne.durand@multitude.example", department)
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]

    client.post(path)

    assert EmailAddress.objects.get(email="jeanne.durand@multitude.example").verified
    assert client.get(reverse("ideas:list")).status_code == 200


def test_an_address_in_capitals_is_accepted_and_stored_in_lower_case(client, department):
    signup(client, "Jeanne.Durand@MULTITUDE.Example", department)

    assert User.objects.filter(email="jeanne.durand@multitude.example").exists()


@pytest.mark.parametrize("email", [
    "jeanne@gmail.com",
    "jeanne@multitude.example.evil.com",
    "jeanne@evil-multitude.example",
    "jeanne@sub.multitude.example",
])
def test_an_address_outside_the_company_domains_is_refused(email, client, department):
    response = signup(client, email, department)

    assert response.status_code == 200
    errors = response.context["form"].errors["email"]
    assert errors == ["Use your company e-mail address (@multitude.example, @eureka.example)."]
    assert not User.objects.exists()
    assert mail.outbox == []


def test_the_company_domains_come_from_the_settings(client, department, settings):
    settings.COMPANY_EMAIL_DOMAINS = ["acme.example"]

    signup(client, "jeanne@acme.example", department)
    refused = signup(client, "paul@multitude.example", department)

    assert User.objects.filter(email="jeanne@acme.example").exists()
    assert refused.context["form"].errors["email"] == ["Use your company e-mail address (@acme.example)."]


def test_sign_up_needs_a_business_unit(client, department):
    response = signup(client, "jeanne@multitude.example", department, entity="")

    assert response.context["form"].errors["entity"]
    assert not User.objects.exists()


@pytest.fixture
def verified_user(department):
    user = UserFactory(email="alice@multitude.example", entity=department)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_an_employee_logs_in_with_their_e_mail_address(client, verified_user):
    response = client.post(reverse("account_login"), {"login": "alice@multitude.example", "password": PASSWORD})

    assert response.status_code == 302 and response.url == reverse("ideas:list")
    assert client.get(reverse("ideas:list")).context["user"] == verified_user


def test_the_e_mail_address_is_not_case_sensitive_at_login(client, verified_user):
    client.post(reverse("account_login"), {"login": "Alice@Multitude.EXAMPLE", "password": PASSWORD})

    assert client.get(reverse("ideas:list")).status_code == 200


def test_a_wrong_password_keeps_the_door_closed(client, verified_user):
    response = client.post(reverse("account_login"), {"login": "alice@multitude.example", "password": "wrong"})

    assert response.status_code == 200 and response.context["form"].errors
    assert client.get(reverse("ideas:list")).status_code == 302


def test_an_unconfirmed_address_cannot_log_in(client, department):
    signup(client, "jeanne@multitude.example", department)

    response = client.post(reverse("account_login"), {"login": "jeanne@multitude.example", "password": "Str0ng-and-long-passw0rd"})

    assert response.status_code == 302 and response.url == reverse("account_email_verification_sent")
    assert client.get(reverse("ideas:list")).status_code == 302


def test_signing_out_ends_the_session(client_for, verified_user):
    client = client_for(verified_user)

    client.post(reverse("account_logout"))

    assert client.get(reverse("ideas:list")).status_code == 302
