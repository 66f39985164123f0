"""Benchmark of the browse pages at Eurêka's size (not part of the test suite).

    .venv/bin/python bench/browse.py [--ideas 3600] [--supports 60000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/multitude_bench .venv/bin/python bench/browse.py

Builds its own database (a SQLite file in the temporary folder, or the PostgreSQL database
named by DATABASE_URL, which it empties), fills it with bulk inserts, then requests the idea
list (each sort, a filter, a search), an idea page and "my ideas" as a signed-in employee
through Django's test client, and prints the median and 95th percentile time and the number
of SQL queries per page.
"""

import argparse
import importlib
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
if not os.environ.get("DATABASE_URL"):
    os.environ["SQLITE_PATH"] = os.path.join(tempfile.gettempdir(), "multitude-bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.apps import apps as django_apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Entity, User  # noqa: E402
from accounts.services import entity_create  # noqa: E402
from ideas.models import Comment, Idea, Stage, Theme, Vote  # noqa: E402
from ideas.search import refresh_search_vectors  # noqa: E402


def build(ideas: int, supports: int, people: int) -> None:
    rng = random.Random(7)
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    # flush empties the themes that migration ideas/0002 created: create them again.
    importlib.import_module("ideas.migrations.0002_default_themes").create_themes(django_apps, None)
    group = entity_create(name="Group", code="group", kind="group")
    units = [entity_create(name=f"Unit {i}", code=f"unit-{i}", kind="department", parent=group) for i in range(20)]
    User.objects.bulk_create(
        User(email=f"person{i}@multitude.example", first_name="P", last_name=str(i), entity=rng.choice(units),
             password="!") for i in range(people)
    )
    user_ids = list(User.objects.values_list("id", flat=True))
    themes = list(Theme.objects.all())
    now = timezone.now()
    stages = [Stage.PUBLISHED] * 8 + [Stage.POTENTIAL, Stage.DEPLOYED, Stage.SUBMITTED, Stage.DRAFT]
    Idea.objects.bulk_create(
        Idea(title=f"Idée {i} : réduire les coûts d'impression du service {i % 40}",
             body="Nous pourrions **mutualiser** les imprimantes et les abonnements. " * 5,
             body_html="<p>Nous pourrions <strong>mutualiser</strong> les imprimantes.</p>",
             theme=rng.choice(themes), author_id=rng.choice(user_ids), author_entity=rng.choice(units),
             stage=rng.choice(stages), published_at=now - timedelta(days=rng.uniform(0, 700)))
        for i in range(ideas)
    )
    refresh_search_vectors()
    idea_ids = list(Idea.objects.filter(stage__in=[Stage.PUBLISHED, Stage.POTENTIAL, Stage.DEPLOYED]).values_list("id", flat=True))
    pairs = set()
    while len(pairs) < supports:
        pairs.add((rng.choice(idea_ids), rng.choice(user_ids)))
    Vote.objects.bulk_create((Vote(idea_id=i, user_id=u) for i, u in pairs), batch_size=5000)
    Vote.objects.update(created_at=now - timedelta(days=30))
    recent = [pk for pk, in Vote.objects.order_by("?").values_list("pk")[: supports // 10]]
    Vote.objects.filter(pk__in=recent).update(created_at=now - timedelta(days=2))
    counts = {}
    for idea_id, _user in pairs:
        counts[idea_id] = counts.get(idea_id, 0) + 1
    Idea.objects.bulk_update([Idea(pk=pk, support_count=n) for pk, n in counts.items()], ["support_count"], batch_size=2000)
    busiest = max(counts, key=counts.get)
    Comment.objects.bulk_create(
        Comment(idea_id=busiest, author_id=rng.choice(user_ids), body="D'accord", body_html="<p>D'accord</p>")
        for _ in range(50)
    )
    Idea.objects.filter(pk=busiest).update(comment_count=50)


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    client.get(url)  # warm up
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ideas", type=int, default=3600)
    parser.add_argument("--supports", type=int, default=60_000)
    parser.add_argument("--people", type=int, default=4573)
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    start = time.perf_counter()
    build(options.ideas, options.supports, options.people)
    print(f"{connection.vendor}: built {options.ideas} ideas, {options.supports} supports, "
          f"{options.people} people in {time.perf_counter() - start:.1f} s")
    viewer = User.objects.order_by("id").first()
    client = Client()
    client.force_login(viewer)
    busiest = Idea.objects.order_by("-comment_count").first()
    theme = Theme.objects.first()
    pages = [
        ("idea list, newest", "/ideas/"),
        ("idea list, most supported", "/ideas/?sort=supported"),
        ("idea list, trending (7 days)", "/ideas/?sort=trending"),
        ("idea list, theme + unit filter", f"/ideas/?theme={theme.pk}&entity={Entity.objects.last().pk}"),
        ("idea list, search", "/ideas/?q=mutualiser+imprimantes"),
        ("idea list, page 50", "/ideas/?page=50"),
        ("idea page, 50 comments", f"/ideas/{busiest.pk}/"),
        ("my ideas", "/ideas/mine/"),
    ]
    print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for label, url in pages:
        p50, p95, queries = measure(client, url, options.runs)
        print(f"{label:34} {p50:8.1f} {p95:8.1f} {queries:8d}")


if __name__ == "__main__":
    main()
