"""The executive report timed in-process on the Eurêka-size programme (not part of the
test suite).

    DATABASE_URL=sqlite:///eureka.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:///eureka.sqlite3 .venv/bin/python manage.py seed_demo --scale eureka
    DATABASE_URL=sqlite:///eureka.sqlite3 .venv/bin/python bench/report.py [--runs 5]

Signs in as the programme's executive (demo/eureka.py) and asks the report page and the
workbook export through Django's test client, several filters each: median and slowest
time, SQL queries per request. Then prints the programme's figures as the report shows
them (participation shares, ideas with potential, top themes), to compare with the seed.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from accounts.models import Entity, User
    from demo.eureka import EXECUTIVE_EMAIL, GROUP_CODE
    from reports.selectors import EntityBuckets, Filters, by_theme, funnel, participation

    group = Entity.objects.get(code=GROUP_CODE)
    division = Entity.objects.filter(parent=group).order_by("path").first()
    client = Client(HTTP_ACCEPT_LANGUAGE="en", SERVER_NAME="127.0.0.1")
    client.force_login(User.objects.get(email=EXECUTIVE_EMAIL))
    requests = [
        ("report, whole programme", "/reports/", {"entity": group.pk}),
        ("report, a division, last quarter", "/reports/", {"entity": division.pk, "period": "last_quarter"}),
        ("report, one theme, this year", "/reports/", {"entity": group.pk, "theme": 1, "period": "year"}),
        ("export, every table (XLSX)", "/reports/export/all.xlsx", {"entity": group.pk}),
    ]
    print(f"{connection.vendor}: {User.objects.count()} people; {options.runs} runs each")
    for name, path, query in requests:
        times, queries = [], 0
        for _ in range(options.runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(path, query)
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, (name, response.status_code)
            queries = len(captured.captured_queries)
        print(f"  {name:<36} p50 {statistics.median(times) * 1000:7.0f} ms   max {max(times) * 1000:7.0f} ms   "
              f"{queries} queries")

    with translation.override("en"):
        filters = Filters(entity=group)
        overall = participation(filters, buckets=EntityBuckets(group))["overall"]
        print("Participation over the programme:")
        for label, people, share in overall.rows:
            print(f"  {label:<46} {people:6d}  {share * 100:5.1f} %")
        print("Ideas with potential, now:")
        for label, n, _share in funnel(filters)["potential"].rows:
            print(f"  {label:<46} {n:6d}")
        print("Themes by ideas submitted:", ", ".join(f"{row[0]} {row[1]}" for row in by_theme(filters).rows))


if __name__ == "__main__":
    main()
