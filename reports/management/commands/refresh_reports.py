import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from core.db import reading_from_replica
from reports.forms import PERIODS, ReportFilterForm
from reports.snapshots import report_refresh


class Command(BaseCommand):
    help = (
        "Compute the executive report of the whole programme for every period and language, "
        "so that its readers find it ready. Run it from cron as often as REPORT_CACHE_SECONDS."
    )

    @reading_from_replica()
    def handle(self, *args, **options):
        if settings.REPORT_CACHE_SECONDS <= 0:
            self.stdout.write("REPORT_CACHE_SECONDS is 0: reports are always computed; nothing to do.")
            return
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for period, _label in PERIODS:
                    form = ReportFilterForm({"period": period})
                    form.is_valid()
                    started = time.perf_counter()
                    report_refresh(form.filters())
                    self.stdout.write(f"{language} {period}: {time.perf_counter() - started:.1f} s")
