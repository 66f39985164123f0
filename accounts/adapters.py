from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _


def company_domains() -> list[str]:
    return [d.lower() for d in settings.COMPANY_EMAIL_DOMAINS]


def is_company_email(email: str) -> bool:
    return (email or "").strip().lower().rsplit("@", 1)[-1] in company_domains()


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is for employees only: their company e-mail domain decides."""

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email).strip().lower()
        if not is_company_email(email):
            raise forms.ValidationError(
                _("Use your company e-mail address (%(domains)s).") % {"domains": ", ".join("@" + d for d in company_domains())}
            )
        return email


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on through the company's identity provider (OpenID Connect). The person
    is the one whose company e-mail address the provider says it has verified: an existing
    account with that address is linked to the provider and signed in, else an account is
    created, with no local password. Anything else is refused with a page saying why."""

    def _refuse(self, request, reason: str):
        raise ImmediateHttpResponse(render(request, "account/sso_refused.html", {"reason": reason}, status=403))

    def pre_social_login(self, request, sociallogin):
        addresses = [address for address in sociallogin.email_addresses if address.email]
        verified = [address.email.strip().lower() for address in addresses if address.verified]
        # allauth has already dropped the addresses AccountAdapter.clean_email refuses
        # (outside the company domains): none left means none of the company's.
        if addresses and not verified:
            self._refuse(request, _("Your company account did not confirm that your e-mail address is verified."))
        if not any(is_company_email(email) for email in verified):
            self._refuse(request, _("Only company e-mail addresses (%(domains)s) may sign in.")
                         % {"domains": ", ".join("@" + d for d in company_domains())})
        user = sociallogin.user
        if user is not None and user.pk and (not user.is_active or user.erased_at is not None):
            self._refuse(request, _("This account is closed. Ask the community managers if you think it is a mistake."))
        # Keep only the verified company addresses: they are what the account is matched by.
        sociallogin.email_addresses = [a for a in addresses if a.verified and is_company_email(a.email)]

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.email = (user.email or "").strip().lower()
        user.language = getattr(request, "LANGUAGE_CODE", "") or ""
        return user
