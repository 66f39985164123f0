import time

from django.core.management.base import BaseCommand

from reports.rollups import rollups_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the executive report's summary tables from the ideas, comments, supports and "
        "stage history: after a bulk import, or to repair them. Safe to run at any time."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        verbose = options["verbosity"] > 1
        counts = rollups_rebuild(progress=self.stdout.write if verbose else None)
        summary = ", ".join(f"{name} {n}" for name, n in counts.items())
        self.stdout.write(f"Report rollups rebuilt in {time.perf_counter() - started:.1f} s: {summary}")
