"""Compute every idea's terms for the similar-ideas engine again (after the lexicon changed,
or to fill them for ideas imported in bulk)."""

import time

from django.core.management.base import BaseCommand

from ideas.similar import idea_terms_rebuild


class Command(BaseCommand):
    help = __doc__.split("\n\n")[0]

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = idea_terms_rebuild()
        self.stdout.write(f"Terms of {count} ideas computed in {time.perf_counter() - started:.1f} s.")
