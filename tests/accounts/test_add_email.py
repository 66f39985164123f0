"""Adding an address to one's account (allauth's e-mail page): an address that is already a
colleague's, verified on their account or the one their account is known by, is refused
with a form error, and nothing is e-mailed to the colleague."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("english")

REFUSED = "This address belongs to another account."


@pytest.fixture
def colleague_addresses(colleague):
    EmailAddress.objects.create(user=colleague, email=colleague.email, verified=True, primary=True)
    EmailAddress.objects.create(user=colleague, email="colin.second@multitude.example", verified=True)
    return colleague


def add_address(client, email):
    return client.post(reverse("account_email"), {"email": email, "action_add": ""})


@pytest.mark.parametrize("address", ["colin@multitude.example", "Colin@Multitude.example",
                                     "colin.second@multitude.example"])
def test_a_colleagues_address_is_refused_with_a_form_error(client_for, author, colleague_addresses, address):
    response = add_address(client_for(author), address)

    assert response.status_code == 200
    assert REFUSED in response.context["form"].errors["email"]
    assert not EmailAddress.objects.filter(user=author, email__iexact=address).exists()
    assert mail.outbox == []


def test_the_account_email_of_a_colleague_is_refused_even_without_an_address_row(client_for, author, colleague):
    response = add_address(client_for(author), colleague.email)

    assert REFUSED in response.context["form"].errors["email"]
    assert mail.outbox == []


def test_a_free_company_address_is_added_and_verified_by_mail(client_for, author, colleague_addresses):
    response = add_address(client_for(author), "alice.second@multitude.example")

    assert response.status_code == 302
    assert EmailAddress.objects.filter(user=author, email="alice.second@multitude.example", verified=False).exists()
    assert [message.to for message in mail.outbox] == [["alice.second@multitude.example"]]
