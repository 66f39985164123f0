from django.core.management.base import BaseCommand

from gamification.badges import badges_award_missing
from gamification.ledger import rebuild


class Command(BaseCommand):
    help = (
        "Bring the points ledger, the badges and the scores in line with the history of ideas, "
        "comments, supports and decisions. Writes only corrections (awards and reversals) unless --reset."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true",
            help="Empty the ledger and write it again from scratch (history of reversals is lost).",
        )

    def handle(self, *args, reset=False, **options):
        badges = badges_award_missing()
        result = rebuild(reset=reset)
        self.stdout.write(self.style.SUCCESS(
            f"Badges awarded: {badges}; ledger entries written: {result['entries_written']}; "
            f"people with points: {result['people']}."
        ))
