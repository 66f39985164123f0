"""sync_directory: people absent from the company directory export lose access at once
(session and API token refused), come back when they return; dry run, safety limit, audit."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.directory import read_directory
from accounts.models import AccountAuditEntry, ApiToken, User
from accounts.tokens import api_token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def staff(department):
    """Twenty people in the directory, plus a service account outside the company domains."""
    people = [UserFactory(entity=department) for _ in range(20)]
    service = UserFactory(email="robot@partner.example", entity=department)
    return people, service


def sync(tmp_path, emails, *args, fmt="csv"):
    path = tmp_path / f"directory.{fmt}"
    if fmt == "csv":
        path.write_text("name;email;department\n" + "".join(f"X;{e};Stores\n" for e in emails), encoding="utf-8")
    else:
        path.write_text(json.dumps([{"email": e, "name": "X"} for e in emails]), encoding="utf-8")
    out = io.StringIO()
    call_command("sync_directory", str(path), *args, stdout=out)
    return out.getvalue()


def test_a_person_who_left_loses_their_session_and_token_at_once(tmp_path, staff, client_for):
    people, _service = staff
    leaver = people[0]
    session = client_for(leaver)
    _token, raw = api_token_create(by=leaver, name="script")
    assert session.get(reverse("accounts:profile_edit")).status_code == 200
    assert client_for(None).get(reverse("api:me"), HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200

    output = sync(tmp_path, [p.email for p in people[1:]])

    assert f"Deactivated: {leaver.email}" in output
    assert "1 deactivated, 0 reactivated, 19 unchanged, 1 API tokens revoked" in output
    leaver.refresh_from_db()
    assert not leaver.is_active and leaver.left_directory_at is not None
    response = session.get(reverse("accounts:profile_edit"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert client_for(None).get(reverse("api:me"), HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert ApiToken.objects.get(user=leaver).revoked_at is not None
    entry = AccountAuditEntry.objects.get()
    assert (entry.action, entry.subject_id, entry.actor) == ("directory_deactivate", leaver.pk, None)
    # Everyone else, and the service account outside the company domains, is untouched.
    assert User.objects.filter(is_active=True).count() == 20


def test_a_person_back_in_the_directory_is_reactivated(tmp_path, staff, client_for):
    people, _service = staff
    sync(tmp_path, [p.email for p in people[1:]], fmt="json")

    output = sync(tmp_path, [p.email for p in people], fmt="json")

    assert f"Reactivated: {people[0].email}" in output
    people[0].refresh_from_db()
    assert people[0].is_active and people[0].left_directory_at is None
    assert client_for(people[0]).get(reverse("accounts:profile_edit")).status_code == 200
    assert list(AccountAuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "directory_deactivate", "directory_reactivate"]


def test_an_account_deactivated_by_hand_is_not_reactivated(tmp_path, staff):
    people, _service = staff
    User.objects.filter(pk=people[0].pk).update(is_active=False)

    sync(tmp_path, [p.email for p in people])

    assert not User.objects.get(pk=people[0].pk).is_active


def test_a_dry_run_changes_nothing(tmp_path, staff):
    people, _service = staff

    output = sync(tmp_path, [p.email for p in people[1:]], "--dry-run")

    assert f"Would deactivate: {people[0].email}" in output
    assert "Dry run, nothing saved" in output
    assert User.objects.get(pk=people[0].pk).is_active
    assert not AccountAuditEntry.objects.exists()


def test_a_truncated_export_is_refused_unless_forced(tmp_path, staff):
    people, _service = staff

    with pytest.raises(CommandError, match="would deactivate 5 of 20"):
        sync(tmp_path, [p.email for p in people[5:]])
    assert User.objects.filter(is_active=True).count() == 21

    sync(tmp_path, [p.email for p in people[5:]], "--force")
    assert User.objects.filter(is_active=True).count() == 16


def test_an_empty_export_is_refused(tmp_path, staff):
    with pytest.raises(CommandError, match="empty"):
        sync(tmp_path, [])


def test_the_export_formats():
    assert read_directory("email\nA@multitude.example\nb@multitude.example\n") == {"a@multitude.example", "b@multitude.example"}
    assert read_directory("nom;mail\nX;c@multitude.example\n") == {"c@multitude.example"}
    assert read_directory('{"people": [{"mail": "d@multitude.example"}, "e@multitude.example"]}') == {
        "d@multitude.example", "e@multitude.example"}
    assert read_directory("f@multitude.example\n\ng@multitude.example") == {"f@multitude.example", "g@multitude.example"}


def test_the_addresses_can_be_given_on_the_command_line(staff):
    people, _service = staff
    out = io.StringIO()

    call_command("sync_directory", "--emails", ",".join(p.email for p in people[1:]), stdout=out)

    assert not User.objects.get(pk=people[0].pk).is_active
