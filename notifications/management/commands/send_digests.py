from django.core.management.base import BaseCommand

from notifications.services import digests_send


class Command(BaseCommand):
    help = "E-mail each person the notifications they asked to receive in a daily digest (run daily from cron)."

    def handle(self, *args, **options):
        sent = digests_send()
        self.stdout.write(f"{sent} digest(s) sent.")
