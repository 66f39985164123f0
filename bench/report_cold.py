"""The executive report computed cold (not in the report cache) for many filter
combinations, in-process, on a generated database (not part of the test suite).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/helper_bench .venv/bin/python bench/report_cold.py [--combinations 40]

For each combination (the whole programme, every preset period, a division, a department,
a theme, a challenge, and random mixes of them) computes the figures and draws the charts
as the page does when nobody asked for the same filters in the last REPORT_CACHE_SECONDS
(reports.snapshots._computed), then builds the workbook export from them. Prints each
time, the median and the slowest, and the slowest combination's time per section. Run
`manage.py rebuild_report_rollups` first on a database generated before the rollups existed.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--combinations", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from accounts.models import Entity
    from ideas.models import Challenge, Idea, Theme
    from reports import selectors
    from reports.exports import tables_xlsx
    from reports.forms import PERIODS, ReportFilterForm
    from reports.snapshots import _computed

    rng = random.Random(options.seed)
    roots = list(Entity.objects.filter(parent__isnull=True))
    divisions = list(Entity.objects.filter(parent__in=roots).order_by("pk"))
    departments = list(Entity.objects.filter(parent__in=divisions).order_by("pk"))
    themes = list(Theme.objects.order_by("pk"))
    challenges = list(Challenge.objects.order_by("pk"))

    def combination(period=None, entity=None, theme=None, challenge=None, date_from=None, date_to=None):
        data = {key: value for key, value in (
            ("period", period), ("entity", entity and entity.pk), ("theme", theme and theme.pk),
            ("challenge", challenge and challenge.pk), ("date_from", date_from), ("date_to", date_to)) if value}
        form = ReportFilterForm(data)
        assert form.is_valid(), form.errors
        return data, form.filters()

    combinations = [combination()]
    combinations += [combination(period=period) for period, _label in PERIODS]
    combinations += [combination(entity=divisions[0]), combination(entity=departments[0], period="year")]
    combinations += [combination(theme=themes[0]), combination(theme=themes[-1], period="last_quarter")]
    if challenges:
        combinations.append(combination(challenge=challenges[0]))
    first = Idea.objects.filter(submitted_at__isnull=False).order_by("submitted_at").values_list(
        "submitted_at", flat=True).first()
    while len(combinations) < options.combinations:
        start = first.date() + timedelta(days=rng.randint(0, 600))
        end = start + timedelta(days=rng.randint(0, 300))
        combinations.append(combination(
            period=rng.choice([None, *(p for p, _l in PERIODS)]),
            entity=rng.choice([None, None, rng.choice(divisions), rng.choice(departments)]),
            theme=rng.choice([None, None, rng.choice(themes)]),
            challenge=rng.choice([None, None, None, *challenges[:3]]),
            **({"date_from": start.isoformat(), "date_to": end.isoformat()} if rng.random() < 0.3 else {}),
        ))

    print(f"{connection.vendor} {connection.settings_dict['NAME']}: {Idea.objects.count()} ideas; "
          f"{len(combinations)} filter combinations, each computed cold with its charts, then its workbook")
    timings = []
    with translation.override("en"):
        for data, filters in combinations:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                report, _moment = _computed(filters)
                computed = time.perf_counter() - started
                tables_xlsx(selectors.report_tables(report), "bench")
                total = time.perf_counter() - started
            timings.append((computed, total, data))
            print(f"  {computed * 1000:6.0f} ms figures and charts, {total * 1000:6.0f} ms with the workbook, "
                  f"{len(captured.captured_queries)} queries   {data}")
        computed = sorted(t[0] for t in timings)
        print(f"figures and charts: p50 {statistics.median(computed) * 1000:.0f} ms, slowest {computed[-1] * 1000:.0f} ms; "
              f"with the workbook: slowest {max(t[1] for t in timings) * 1000:.0f} ms")
        slowest = max(timings, key=lambda t: t[0])[2]
        filters = next(f for d, f in combinations if d == slowest)
        buckets = selectors.EntityBuckets(filters.entity)
        print(f"slowest combination {slowest}, per section:")
        for name, section in (
            ("funnel", lambda: selectors.funnel(filters)), ("durations", lambda: selectors.stage_durations(filters)),
            ("stuck", lambda: selectors.stuck_ideas(filters)),
            ("participation", lambda: selectors.participation(filters, buckets=buckets)),
            ("units", lambda: selectors.by_entity(filters, buckets=buckets)),
            ("themes", lambda: selectors.by_theme(filters)), ("weekly", lambda: selectors.weekly(filters)),
            ("challenges", lambda: selectors.challenge_results(filters)),
        ):
            started = time.perf_counter()
            section()
            print(f"  {name:<14} {(time.perf_counter() - started) * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
