"""Personal API tokens: created and named in the profile, shown once, stored as a digest,
authenticating as their owner with the owner's rights, and dead once revoked."""

import hashlib
import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from accounts.models import ApiToken
from accounts.tokens import api_token_create, api_token_revoke
from ideas.models import Stage
from moderation.sanctions import user_suspend
from tests.factories import IdeaFactory

pytestmark = pytest.mark.django_db

TOKEN_PATTERN = re.compile(r"mlt_[0-9a-f]{12}_[A-Za-z0-9_-]{40,}")


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_token_created_in_the_profile_is_shown_once_and_stored_as_a_digest(client_for, author):
    client = client_for(author)
    response = client.post("/profile/api-tokens/", {"name": "Weekly report"})
    assert response.status_code == 200
    secrets = TOKEN_PATTERN.findall(response.content.decode())
    assert len(secrets) == 1
    raw = secrets[0]

    token = ApiToken.objects.get(user=author)
    assert token.name == "Weekly report"
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {token.prefix, token.digest, token.name}

    listing = client.get("/profile/api-tokens/").content.decode()
    assert "Weekly report" in listing and token.prefix in listing
    assert raw not in listing and not TOKEN_PATTERN.search(listing)


def test_the_token_page_needs_a_sign_in_and_the_profile_links_to_it(client_for, author):
    assert client_for(None).get("/profile/api-tokens/").status_code == 302
    assert "/profile/api-tokens/" in client_for(author).get(f"/people/{author.pk}/").content.decode()


def test_a_token_authenticates_as_its_owner_and_records_its_use(api_for, author):
    token, raw = api_token_create(by=author, name="script")
    client = api_for(None)
    response = client.get("/api/v1/me/", **bearer(raw))
    assert response.status_code == 200
    assert response.json()["email"] == author.email
    token.refresh_from_db()
    assert token.last_used_at is not None
    # The "Token" keyword works too.
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {raw}").status_code == 200


@pytest.mark.parametrize("header", [
    "Bearer mlt_000000000000_" + "x" * 43, "Bearer nonsense", "Bearer", "Bearer a b",
])
def test_a_wrong_token_is_refused_with_401_in_the_error_format(api_for, author, header):
    api_token_create(by=author, name="real one")
    response = api_for(None).get("/api/v1/me/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_with_a_right_prefix_and_a_wrong_secret_is_refused(api_for, author):
    token, raw = api_token_create(by=author, name="script")
    forged = raw[: -4] + ("AAAA" if not raw.endswith("AAAA") else "BBBB")
    assert api_for(None).get("/api/v1/me/", **bearer(forged)).status_code == 401


def test_a_revoked_token_stops_working_at_once(client_for, api_for, author):
    token, raw = api_token_create(by=author, name="Nightly export")
    client = api_for(None)
    assert client.get("/api/v1/me/", **bearer(raw)).status_code == 200
    response = client_for(author).post(f"/profile/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert client.get("/api/v1/me/", **bearer(raw)).status_code == 401
    assert "Nightly export" not in client_for(author).get("/profile/api-tokens/").content.decode()


def test_nobody_revokes_someone_elses_token(client_for, author, colleague):
    token, raw = api_token_create(by=author, name="script")
    assert client_for(colleague).post(f"/profile/api-tokens/{token.pk}/revoke/").status_code == 404
    with pytest.raises(Exception):
        api_token_revoke(token=token, by=colleague)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_name_is_required_and_unique_among_active_tokens(client_for, author):
    client = client_for(author)
    assert "name" in client.post("/profile/api-tokens/", {"name": "  "}).context["form"].errors
    client.post("/profile/api-tokens/", {"name": "script"})
    again = client.post("/profile/api-tokens/", {"name": "script"})
    assert "name" in again.context["form"].errors
    assert ApiToken.objects.filter(user=author).count() == 1


def test_a_deactivated_account_token_no_longer_works(api_for, author):
    _token, raw = api_token_create(by=author, name="script")
    author.is_active = False
    author.save(update_fields=["is_active"])
    assert api_for(None).get("/api/v1/me/", **bearer(raw)).status_code == 401


def test_a_suspended_persons_token_reads_but_cannot_write(api_for, author, colleague, community_manager, theme):
    idea = IdeaFactory(author=colleague, theme=theme, stage=Stage.PUBLISHED)
    client = api_for(author)
    user_suspend(user=author, by=community_manager, days=3, reason="Insults in comments.")

    assert client.get("/api/v1/ideas/").status_code == 200
    assert client.get(f"/api/v1/ideas/{idea.pk}/").status_code == 200
    me = client.get("/api/v1/me/").json()
    assert me["can_participate"] is False

    refused = [
        client.put(f"/api/v1/ideas/{idea.pk}/vote/"),
        client.post(f"/api/v1/ideas/{idea.pk}/comments/", {"body": "Still here"}),
        client.post("/api/v1/ideas/", {"title": "A new idea from me", "body": "Text", "theme": theme.slug}),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403]
    assert all(r.json()["code"] == "permission_denied" for r in refused)


def test_the_last_use_is_written_at_most_once_a_minute(api_for, author, django_assert_num_queries):
    token, raw = api_token_create(by=author, name="script")
    client = api_for(None)
    client.get("/api/v1/themes/", **bearer(raw))
    token.refresh_from_db()
    first_use = token.last_used_at
    client.get("/api/v1/themes/", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == first_use
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(minutes=5))
    client.get("/api/v1/themes/", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at > first_use - timedelta(seconds=1)


def test_the_command_prints_a_working_token(api_for, author):
    out = io.StringIO()
    call_command("create_api_token", author.email, "--name", "ci", stdout=out)
    raw = out.getvalue().strip()
    assert TOKEN_PATTERN.fullmatch(raw)
    assert api_for(None).get("/api/v1/me/", **bearer(raw)).json()["id"] == author.pk
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody@multitude.example", stdout=io.StringIO())


def test_a_browser_session_must_send_the_csrf_token_to_write(session_api_for, author, colleague, theme):
    idea = IdeaFactory(author=colleague, theme=theme, stage=Stage.PUBLISHED)
    client = session_api_for(author)
    assert client.get("/api/v1/me/").status_code == 200
    refused = client.put(f"/api/v1/ideas/{idea.pk}/vote/")
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"
    assert "CSRF" in refused.json()["message"]

    client.get(f"/ideas/{idea.pk}/")  # a portal page sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    assert client.put(f"/api/v1/ideas/{idea.pk}/vote/", HTTP_X_CSRFTOKEN=csrf).status_code == 200
