from django.conf import settings
from django.core.management.base import BaseCommand

from notifications.reminders import evaluation_reminders_send


class Command(BaseCommand):
    help = ("Remind experts of the evaluations they were asked for more than N days ago and have not submitted "
            "(run daily from cron; running it twice the same day sends nothing more).")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=getattr(settings, "EVALUATION_REMINDER_DAYS", 5),
                            help="Remind of evaluations pending for more than this many days (default: %(default)s).")

    def handle(self, *args, days, **options):
        sent = evaluation_reminders_send(days=days)
        self.stdout.write(f"{sent} reminder(s) sent.")
