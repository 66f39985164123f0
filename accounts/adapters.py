from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.utils.translation import gettext as _


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is for employees only: their company e-mail domain decides."""

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email).strip().lower()
        domain = email.rsplit("@", 1)[-1]
        allowed = [d.lower() for d in settings.COMPANY_EMAIL_DOMAINS]
        if domain not in allowed:
            raise forms.ValidationError(
                _("Use your company e-mail address (%(domains)s).") % {"domains": ", ".join("@" + d for d in allowed)}
            )
        return email
