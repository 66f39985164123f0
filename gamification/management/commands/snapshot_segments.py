from django.core.management.base import BaseCommand

from gamification.segments import snapshot_segments


class Command(BaseCommand):
    help = "Store this week's contributor segments (run weekly from cron; running again in the same week replaces it)."

    def handle(self, *args, **options):
        week, count = snapshot_segments()
        self.stdout.write(self.style.SUCCESS(f"Segments of the week of {week.isoformat()} stored for {count} people."))
