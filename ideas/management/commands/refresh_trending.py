from django.conf import settings
from django.core.management.base import BaseCommand

from ideas.services.trending import recent_supports_recount


class Command(BaseCommand):
    help = (
        "Recount each idea's supports of the trending window from the rows, so that supports "
        "older than the window stop counting. Run it hourly (cron); it writes only what changed."
    )

    def handle(self, *args, **options):
        changed = recent_supports_recount()
        self.stdout.write(
            f"{changed} idea(s) changed their count of supports of the last {settings.TRENDING_WINDOW_DAYS} days."
        )
