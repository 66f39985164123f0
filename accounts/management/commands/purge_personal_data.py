"""Apply the retention periods (run daily, e.g. from cron):

    manage.py purge_personal_data

Deletes notifications untouched for NOTIFICATION_RETENTION_DAYS and blanks the free-text
details of audit entries older than AUDIT_DETAIL_RETENTION_DAYS (the entries stay).
Idempotent: a second run finds nothing more to do. Prints what it did."""

from django.core.management.base import BaseCommand

from accounts.personal_data import personal_data_purge


class Command(BaseCommand):
    help = "Delete old notifications and blank old audit details, per the retention settings."

    def handle(self, *args, **options):
        counts = personal_data_purge()
        for what, count in counts.items():
            self.stdout.write(f"{what}: {count}")
