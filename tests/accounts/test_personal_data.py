"""Personal data: the download of everything held about a person (page and API, bounded
queries), the erasure of an account (by the person, by an administrator: pseudonymised,
contributions kept, supports counted, points gone, all or nothing), the retention purge."""

import importlib
import io
import json
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.apps import apps
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountAuditEntry, ApiToken, RoleAssignment, User
from accounts.personal_data import user_erased
from accounts.roles import Role
from accounts.services import profile_update
from accounts.tokens import api_token_create
from gamification.ledger import rebuild
from gamification.models import BadgeAward, LedgerEntry, Score
from gamification.selectors import leaderboard
from ideas.models import Follow, Vote
from ideas.services.comments import comment_post
from ideas.services.follows import idea_follow
from ideas.services.votes import vote_cast
from moderation.models import AuditEntry, Flag
from notifications.models import Notification
from tests.factories import PASSWORD, IdeaFactory, Stage, UserFactory, image_upload

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(autouse=True)
def default_rules_and_badges(db):
    migration = importlib.import_module("gamification.migrations.0002_default_rules_and_badges")
    migration.create_defaults(apps, None)


def contribute(person, colleague, community_manager, n: int):
    """`person` writes n ideas (one left a draft), comments n times on a colleague's idea,
    supports and follows n of their ideas, reports one, gets n notifications and a token."""
    for i in range(n):
        IdeaFactory(author=person, stage=Stage.PUBLISHED if i else Stage.DRAFT, moderator=community_manager)
    theirs = [IdeaFactory(author=colleague, stage=Stage.PUBLISHED, moderator=community_manager) for _ in range(n)]
    for idea in theirs:
        comment_post(idea=idea, by=person, body=f"A thought about {idea.title}")
        vote_cast(idea=idea, by=person)
        idea_follow(idea=idea, by=person)
        Notification.objects.create(recipient=person, kind="comment", key=f"k{idea.pk}", idea=idea)
    Flag.objects.create(user=person, idea=theirs[0], reason="Looks like a duplicate")
    api_token_create(by=person, name=f"script {n}")
    rebuild()
    return theirs


@pytest.fixture
def active_person(author, colleague, community_manager):
    contribute(author, colleague, community_manager, 3)
    return author


# --- Export -------------------------------------------------------------------------------

def test_the_download_holds_everything_and_no_token_secret(client_for, active_person):
    response = client_for(active_person).get(reverse("accounts:my_data_export"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="multitude-my-data-')
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    data = json.loads(response.content)
    assert (data["format"], data["version"]) == ("multitude.personal-data", 1)
    assert data["profile"]["email"] == active_person.email
    assert len(data["ideas"]) == 3 and {idea["stage"] for idea in data["ideas"]} == {"draft", "published"}
    assert len(data["comments"]) == len(data["supports"]) == 3
    assert len(data["follows"]) == 6, "their own three ideas and the three they follow"
    assert len(data["notifications"]) == 3
    assert data["flags"][0]["reason"] == "Looks like a duplicate"
    assert data["points"]["total"] > 0 and data["points"]["ledger"]
    assert data["api_tokens"][0]["name"] == "script 3"
    token = ApiToken.objects.get(user=active_person)
    assert token.digest not in response.content.decode()
    assert set(data) >= {"roles", "sign_in", "badges", "coauthored_ideas", "sanctions", "notification_preferences"}


def test_the_api_gives_the_same_document(client_for, active_person):
    _token, raw = api_token_create(by=active_person, name="export script")
    response = client_for(None).get(reverse("api:me-export"), HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert response.status_code == 200
    data = response.json()
    assert data["profile"]["id"] == active_person.pk
    assert len(data["ideas"]) == 3 and len(data["api_tokens"]) == 2
    assert raw not in response.content.decode()


def test_the_page_offers_the_download_and_the_erasure(client_for, author):
    html = client_for(author).get(reverse("accounts:my_data")).content.decode()

    assert reverse("accounts:my_data_export") in html
    assert "Erase my account" in html


def export_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("accounts:my_data_export")).status_code == 200
    return len(queries)


def test_the_download_costs_the_same_queries_for_2_or_12_of_everything(client_for, department, community_manager):
    small, big = UserFactory(entity=department), UserFactory(entity=department)
    contribute(small, UserFactory(entity=department), community_manager, 2)
    contribute(big, UserFactory(entity=department), community_manager, 12)

    assert export_queries(client_for(small)) == export_queries(client_for(big))


# --- Erasure ------------------------------------------------------------------------------

@pytest.fixture
def rich_person(department, colleague, community_manager, django_capture_on_commit_callbacks):
    """A person with a manager, a report, a role, an avatar, an SSO link, an authenticator,
    a verified address, contributions, points and badges."""
    manager = UserFactory(entity=department)
    person = UserFactory(entity=department, manager=manager, roles=[Role.EXECUTIVE], job_title="Buyer")
    report = UserFactory(entity=department, manager=person)
    with django_capture_on_commit_callbacks(execute=True):
        profile_update(user=person, first_name="Paula", last_name="Perrin", job_title="Buyer", language="en",
                       avatar=image_upload())
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    SocialAccount.objects.create(user=person, provider="company", uid="emp-paula")
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "x"})
    theirs = contribute(person, colleague, community_manager, 2)
    BadgeAward.objects.filter(user=person).exists() or None
    person.refresh_from_db()
    return {"person": person, "manager": manager, "report": report, "their_ideas": theirs}


def erase_self(client, password=PASSWORD):
    return client.post(reverse("accounts:my_data"), {"password": password, "understood": "on"})


def test_erasing_my_account_pseudonymises_me_and_keeps_my_contributions(
        client_for, rich_person, django_capture_on_commit_callbacks):
    person = rich_person["person"]
    idea = rich_person["their_ideas"][0]
    supports_before = idea.support_count
    other_session = client_for(person)
    _token, raw = api_token_create(by=person, name="other script")
    avatar_storage, avatar_name = person.avatar.storage, person.avatar.name
    assert avatar_storage.exists(avatar_name)
    assert Score.objects.filter(user=person, total__gt=0).exists()
    client = client_for(person)

    with django_capture_on_commit_callbacks(execute=True):
        response = erase_self(client)

    assert response.status_code == 302 and response.url == reverse("account_login")
    assert SESSION_KEY not in client.session
    person.refresh_from_db()
    assert person.erased_at is not None and not person.is_active
    assert (person.first_name, person.last_name, person.job_title, person.entity) == ("", "", "", None)
    assert person.email.endswith("@erased.invalid") and str(person.pk) in person.email
    assert not person.has_usable_password()
    assert person.display_name == "former employee"
    assert not person.avatar and not avatar_storage.exists(avatar_name)
    assert person.manager is None
    assert User.objects.get(pk=rich_person["report"].pk).manager is None
    for model in (RoleAssignment, ApiToken, SocialAccount, Authenticator, EmailAddress, Notification, Follow):
        field = "recipient" if model is Notification else "user"
        assert not model.objects.filter(**{field: person}).exists(), model.__name__
    # Ideas and comments stay, signed "former employee"; supports stay counted.
    idea.refresh_from_db()
    assert idea.support_count == supports_before
    assert Vote.objects.filter(user=person).count() == 2
    page = client_for(rich_person["manager"]).get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    assert "A thought about" in page and "former employee" in page and "Paula" not in page
    # Points, badges and leaderboards: gone, and a rebuild does not bring them back.
    assert not LedgerEntry.objects.filter(user=person).exists()
    assert not Score.objects.filter(user=person).exists()
    assert not BadgeAward.objects.filter(user=person).exists()
    assert person.pk not in {row["user_id"] for row in leaderboard()}
    rebuild()
    assert not LedgerEntry.objects.filter(user=person).exists()
    # The other session and the token stop at once; the address cannot sign in.
    response = other_session.get(reverse("accounts:profile_edit"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert client_for(None).get(reverse("api:me"), HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    # Recorded, without the person's name or address.
    entry = AccountAuditEntry.objects.get(action="erase")
    assert (entry.subject_id, entry.details) == (person.pk, {"by": "self"})


def test_erasure_asks_for_the_password_and_the_tick(client_for, author):
    client = client_for(author)

    assert "This is not your password" in erase_self(client, "wrong").content.decode()
    assert client.post(reverse("accounts:my_data"), {"password": PASSWORD}).status_code == 200
    author.refresh_from_db()
    assert author.erased_at is None and author.is_active


def test_a_person_signing_in_by_sso_confirms_with_their_address(client_for, author):
    author.set_unusable_password()
    author.save()
    client = client_for(author)

    response = client.post(reverse("accounts:my_data"), {"email": author.email.upper(), "understood": "on"})

    assert response.status_code == 302
    assert User.objects.get(pk=author.pk).erased_at is not None


def test_an_administrator_erases_an_account(client_for, superuser, rich_person):
    person = rich_person["person"]
    client = client_for(superuser)
    assert reverse("accounts:erase_person", args=[person.pk]) in client.get(
        reverse("accounts:profile", args=[person.pk])).content.decode()

    refused = client.post(reverse("accounts:erase_person", args=[person.pk]), {"email": "someone@else.example"})
    assert refused.status_code == 200 and User.objects.get(pk=person.pk).erased_at is None
    response = client.post(reverse("accounts:erase_person", args=[person.pk]), {"email": person.email})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.erased_at is not None and person.display_name == "former employee"
    entry = AccountAuditEntry.objects.get(action="erase")
    assert (entry.actor, entry.details) == (superuser, {"by": "administrator"})
    assert client.get(reverse("accounts:profile", args=[person.pk])).status_code == 404


@pytest.mark.parametrize("who", ["colleague", "community_manager", "executive"])
def test_nobody_else_may_erase_an_account(client_for, author, who, request):
    client = client_for(request.getfixturevalue(who))

    assert client.get(reverse("accounts:erase_person", args=[author.pk])).status_code == 403
    assert client.post(reverse("accounts:erase_person", args=[author.pk]), {"email": author.email}).status_code == 403
    assert User.objects.get(pk=author.pk).erased_at is None


def test_a_failing_listener_leaves_the_account_untouched(client_for, rich_person):
    person = rich_person["person"]
    points = Score.objects.get(user=person).total

    def broken(sender, user, **kwargs):
        raise RuntimeError("listener down")

    user_erased.connect(broken, sender=User, dispatch_uid="test.broken")
    try:
        with pytest.raises(RuntimeError):
            erase_self(client_for(person))
    finally:
        user_erased.disconnect(dispatch_uid="test.broken", sender=User)

    person.refresh_from_db()
    assert person.erased_at is None and person.is_active and person.first_name == "Paula"
    assert Score.objects.get(user=person).total == points
    assert RoleAssignment.objects.filter(user=person).exists()
    assert not AccountAuditEntry.objects.exists()


# --- Retention ----------------------------------------------------------------------------

def test_the_purge_deletes_old_notifications_and_blanks_old_audit_details(author, colleague, community_manager, settings):
    settings.NOTIFICATION_RETENTION_DAYS = 30
    settings.AUDIT_DETAIL_RETENTION_DAYS = 365
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=community_manager)
    now = timezone.now()
    old = Notification.objects.create(recipient=author, kind="comment", key="old", idea=idea)
    recent = Notification.objects.create(recipient=author, kind="comment", key="recent", idea=idea)
    Notification.objects.filter(pk=old.pk).update(updated_at=now - timedelta(days=31))
    entries = list(AuditEntry.objects.all())
    assert entries, "approving the idea left an audit entry"
    AuditEntry.objects.filter(pk=entries[0].pk).update(created_at=now - timedelta(days=400), reason="Personal remark")
    account_entry = AccountAuditEntry.objects.create(action="directory_deactivate", subject_id=colleague.pk,
                                                     details={"email": colleague.email})
    AccountAuditEntry.objects.filter(pk=account_entry.pk).update(created_at=now - timedelta(days=400))

    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)

    assert "notifications deleted: 1" in out.getvalue()
    assert "moderation audit details blanked: 1" in out.getvalue()
    assert "account audit details blanked: 1" in out.getvalue()
    assert list(Notification.objects.values_list("pk", flat=True)) == [recent.pk]
    kept = AuditEntry.objects.get(pk=entries[0].pk)
    assert (kept.reason, kept.before, kept.after, kept.action) == ("", {}, {}, entries[0].action)
    assert AccountAuditEntry.objects.get(pk=account_entry.pk).details == {}
    # Idempotent.
    again = io.StringIO()
    call_command("purge_personal_data", stdout=again)
    assert "notifications deleted: 0" in again.getvalue() and "details blanked: 1" not in again.getvalue()
