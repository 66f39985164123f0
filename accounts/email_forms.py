"""allauth forms of our own kept apart from accounts.forms, which allauth's forms module
imports (ACCOUNT_SIGNUP_FORM_CLASS): importing allauth's here would be circular there."""

from allauth.account import forms as allauth_forms
from allauth.account.models import EmailAddress
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class AddEmailForm(allauth_forms.AddEmailForm):
    """allauth's "add an address" form, refusing an address that is already another
    person's: verified on their account, or the one their account is known by. allauth would
    otherwise accept it unverified and e-mail the colleague a message naming the adder."""

    def clean_email(self) -> str:
        email = super().clean_email()
        taken = (
            EmailAddress.objects.filter(email__iexact=email, verified=True).exclude(user=self.user).exists()
            or User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists()
        )
        if taken:
            raise forms.ValidationError(_("This address belongs to another account."), code="email_taken")
        return email
