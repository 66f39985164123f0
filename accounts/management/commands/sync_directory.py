"""Deactivate the accounts of people who left the company directory, reactivate those who
came back (see accounts/directory.py):

    manage.py sync_directory directory.csv            # CSV with an "email" column
    manage.py sync_directory directory.json --dry-run # JSON list of addresses or objects
    manage.py sync_directory --emails a@multitude.example,b@multitude.example

Refuses to deactivate more than DIRECTORY_SYNC_MAX_DEACTIVATE_PERCENT of the active accounts
at once (a truncated export) unless --force."""

from django.core.management.base import BaseCommand, CommandError

from accounts.directory import DirectorySyncRefused, directory_sync, read_directory_file


class Command(BaseCommand):
    help = "Deactivate accounts absent from the company directory export; reactivate those back in it."

    def add_arguments(self, parser):
        parser.add_argument("export", nargs="?", help="Directory export: CSV (email column), JSON, or one address per line.")
        parser.add_argument("--emails", default="", help="Comma-separated addresses, instead of a file.")
        parser.add_argument("--dry-run", action="store_true", help="Say what would change, change nothing.")
        parser.add_argument("--force", action="store_true", help="Deactivate even above the safety limit.")

    def handle(self, *args, export=None, emails="", dry_run=False, force=False, **options):
        if bool(export) == bool(emails):
            raise CommandError("Give either a directory export file or --emails.")
        try:
            addresses = read_directory_file(export) if export else {e for e in emails.split(",") if e.strip()}
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read the directory export: {error}")
        try:
            result = directory_sync(emails=addresses, dry_run=dry_run, force=force)
        except DirectorySyncRefused as error:
            raise CommandError(str(error))
        prefix = "Would deactivate" if dry_run else "Deactivated"
        for email in result.deactivated:
            self.stdout.write(f"{prefix}: {email}")
        for email in result.reactivated:
            self.stdout.write(f"{'Would reactivate' if dry_run else 'Reactivated'}: {email}")
        summary = (f"{len(result.deactivated)} deactivated, {len(result.reactivated)} reactivated, "
                   f"{result.unchanged} unchanged, {result.tokens_revoked} API tokens revoked")
        self.stdout.write(f"Dry run, nothing saved: {summary}" if dry_run else summary)
