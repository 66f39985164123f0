from django.urls import reverse

from accounts.models import AccountAuditEntry


def test_the_account_audit_log_is_readable_and_read_only_in_the_admin(client_for, superuser, author):
    AccountAuditEntry.objects.create(action="directory_deactivate", subject_id=author.pk, details={"email": author.email})
    client = client_for(superuser)

    assert client.get(reverse("admin:accounts_accountauditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_user_change", args=[author.pk])).status_code == 200
    assert client.get(reverse("admin:accounts_accountauditentry_add")).status_code == 403
