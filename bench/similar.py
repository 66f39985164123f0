"""How fast the similar-ideas suggestions answer at the Eurêka scale (not part of the suite).

    .venv/bin/python bench/similar.py --database sqlite [--ideas 3600] [--runs 3]
    SIMILAR_BENCH_PG_URL=postgres://... .venv/bin/python bench/similar.py --database pg

Builds a scratch database (a SQLite file in the temporary folder, or the PostgreSQL
database named by SIMILAR_BENCH_PG_URL, emptied first) with the measure set of
tests/data/similar_ideas/pairs.json (originals and unrelated ideas) topped up to --ideas
published ideas made of its sentences, then asks for suggestions as an author types:
each paraphrase's title cut after 2 and 4 words, the full title, and title + description.
Prints the median and 95th-percentile time of ideas.similar.similar_ideas and of the
JSON endpoint (/ideas/similar/, through Django's test client as a signed-in person), and
the share of paraphrases whose original is among the first five at this scale.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "similar_ideas" / "pairs.json"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/helper_similar"


def setup(database: str, name: str = "multitude-bench-similar") -> None:
    if database == "pg":
        url = os.environ.get("SIMILAR_BENCH_PG_URL", DEFAULT_PG_URL)
    else:
        path = Path(tempfile.gettempdir()) / f"{name}.sqlite3"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    os.environ.update({"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.local", "DEBUG": "0"})
    os.environ.pop("REDIS_URL", None)  # the rate counter in local memory
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if database == "pg":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def fill(total: int, seed: int = 2026) -> tuple[dict, list]:
    """The measure set plus made-up ideas from its sentences, all published. Returns the
    originals by pair index and the pairs."""
    from django.utils import timezone

    from accounts.models import User
    from ideas.models import Idea, Stage, Theme
    from ideas.search import refresh_search_vectors

    data = json.loads(DATA.read_text(encoding="utf-8"))
    rng = random.Random(seed)
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    author = User.objects.create_user(email="bench.author@multitude.example", password="x", first_name="Bench")
    now = timezone.now()

    def idea(title, body, theme):
        return Idea(title=title[:160], body=body, theme=themes[theme], author=author, stage=Stage.PUBLISHED,
                    published_at=now, submitted_at=now, stage_changed_at=now, support_count=rng.randrange(40))

    originals = Idea.objects.bulk_create(
        [idea(p["original"]["title"], p["original"]["body"], p["theme"]) for p in data["pairs"]]
    )
    rows = [idea(d["title"], d["body"], d["theme"]) for d in data["unrelated"]]
    sentences = [s.strip() + "." for entry in data["unrelated"] + [p["original"] for p in data["pairs"]]
                 for s in entry["body"].split(".") if len(s.strip()) > 20]
    titles = [d["title"] for d in data["unrelated"]]
    while len(originals) + len(rows) < total:
        base = rng.choice(titles)
        words = base.split()
        title = " ".join(words[: rng.randint(min(3, len(words)), len(words))]) + rng.choice(
            ["", " pour tous", " en 2027", " à grande échelle", " for everyone", " next year", " step by step"])
        body = " ".join(rng.sample(sentences, rng.randint(3, 6)))
        rows.append(idea(title, body, rng.choice(list(themes))))
    Idea.objects.bulk_create(rows, batch_size=500)
    refresh_search_vectors()
    from ideas.similar import idea_terms_rebuild

    idea_terms_rebuild()  # as the worker does after each idea's events
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would gather
        cursor.execute("ANALYZE ideas_idea" if connection.vendor == "postgresql" else "ANALYZE")
    return dict(enumerate(originals)), data["pairs"]


def queries(pairs) -> list[tuple[str, str]]:
    asked = []
    for pair in pairs:
        title, body = pair["paraphrase"]["title"], pair["paraphrase"]["body"]
        words = title.split()
        asked += [(" ".join(words[:2]), ""), (" ".join(words[:4]), ""), (title, ""), (title, body)]
    return asked


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, max {ordered[-1] * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "pg"], default="sqlite")
    parser.add_argument("--ideas", type=int, default=3600)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    setup(args.database)

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from ideas.models import Idea
    from ideas.similar import similar_ideas

    settings.SIMILAR_RATE_PER_MINUTE = 10**9
    settings.ALLOWED_HOSTS = ["testserver"]
    started = time.perf_counter()
    originals, pairs = fill(args.ideas)
    print(f"{connection.vendor}: {Idea.objects.count()} published ideas in {time.perf_counter() - started:.1f} s")
    viewer = User.objects.create_user(email="bench.viewer@multitude.example", password="x", first_name="Viewer")
    asked = queries(pairs)

    cold = time.perf_counter()
    similar_ideas(*asked[0], viewer=viewer)
    print(f"first call (cold caches): {(time.perf_counter() - cold) * 1000:.1f} ms")
    timings = []
    for _run in range(args.runs):
        for title, body in asked:
            start = time.perf_counter()
            similar_ideas(title, body, viewer=viewer)
            timings.append(time.perf_counter() - start)
    print(f"similar_ideas(), {len(timings)} calls: {percentiles(timings)}")

    client = Client()
    client.force_login(viewer)
    timings = []
    for _run in range(args.runs):
        for title, body in asked:
            start = time.perf_counter()
            response = client.get("/ideas/similar/", {"title": title, "body": body})
            timings.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
    print(f"GET /ideas/similar/, {len(timings)} requests: {percentiles(timings)}")

    hits = sum(
        originals[i].pk in [idea.pk for idea in similar_ideas(p["paraphrase"]["title"], p["paraphrase"]["body"],
                                                               viewer=viewer)]
        for i, p in enumerate(pairs)
    )
    print(f"original in the top 5 at this scale: {hits}/{len(pairs)} ({hits / len(pairs):.0%})")


if __name__ == "__main__":
    main()
