"""Pages timed in-process, without a server (not part of the test suite).

    .venv/bin/python bench/browse.py --database pg --scale 10 [--runs 20]

Reads a database made by bench/generate.py and requests each page of the load run (and
every sort of the idea list) through Django's test client as a signed-in person, under
the production settings of bench/common.py: median and 95th-percentile time, and the SQL
queries per request (CaptureQueriesContext). Without a server, so without concurrency:
the quickest way to see what a change to a query does. bench/load.py counts its queries
per request with `count_queries` below.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import collect_static, read_manifest, server_environment, setup_django  # noqa: E402


def pages(manifest: dict) -> list[dict]:
    """The pages of the load run: name, method, paths (spread over requests), who asks."""
    showcase, theme, entity = manifest["showcase_idea"], manifest["filter_theme"], manifest["filter_entity"]
    return [
        {"name": "floor (bare view)", "paths": ["/bench/floor/"]},
        {"name": "idea list, newest", "paths": ["/ideas/"]},
        {"name": "idea list, trending", "paths": ["/ideas/?sort=trending"]},
        {"name": "idea list, filtered + searched",
         "paths": [f"/ideas/?theme={theme}&entity={entity}&q=mutualiser+imprimantes"]},
        {"name": "idea page, 50 comments", "paths": [f"/ideas/{showcase}/"]},
        {"name": "leaderboard", "paths": ["/leaderboard/"]},
        {"name": "profile", "paths": [f"/people/{pk}/" for pk in manifest["profile_people"][:50]]},
        {"name": "moderation queue", "paths": ["/moderation/submitted/"], "as": "correspondent"},
        {"name": "executive report", "paths": ["/reports/?period=year"], "as": "executive"},
        {"name": "API idea list", "paths": ["/api/v1/ideas/"], "as": "token"},
        {"name": "support / withdraw", "paths": [f"/ideas/{pk}/support/" for pk in manifest["support_ideas"]],
         "method": "POST"},
    ]


EXTRA = [
    {"name": "idea list, most supported", "paths": ["/ideas/?sort=supported"]},
    {"name": "idea list, most discussed", "paths": ["/ideas/?sort=discussed"]},
    {"name": "idea list, page 50", "paths": ["/ideas/?page=50"]},
    {"name": "idea list, search only", "paths": ["/ideas/?q=mutualiser+imprimantes"]},
    {"name": "API idea list, trending", "paths": ["/api/v1/ideas/?sort=trending"], "as": "token"},
]


_TOKEN = {}


def _client(page: dict, manifest: dict):
    from django.test import Client

    from accounts.models import ApiToken, User
    from accounts.tokens import api_token_create

    client, headers = Client(), {}
    if page.get("as") == "token":
        if "token" not in _TOKEN:
            employee = User.objects.get(pk=manifest["employees"][0])
            ApiToken.objects.filter(user=employee, name="bench-browse").delete()  # left by a run cut short
            _TOKEN["token"] = api_token_create(by=employee, name="bench-browse")[1]
        headers["Authorization"] = f"Bearer {_TOKEN['token']}"
    else:
        pk = manifest[page["as"]] if page.get("as") in ("correspondent", "executive") else manifest["employees"][0]
        client.force_login(User.objects.get(pk=pk))
    return client, headers


def _request(client, page: dict, headers: dict, index: int):
    path = page["paths"][index % len(page["paths"])]
    if page.get("method") == "POST":
        # A support on even requests, its withdrawal on odd ones, as the htmx button sends them.
        action = "support" if index % 2 == 0 else "withdraw"
        return client.post(page["paths"][(index // 2) % len(page["paths"])], {"action": action},
                           headers={"HX-Request": "true"})
    return client.get(path, headers=headers)


def measure(page: dict, manifest: dict, runs: int) -> dict:
    """p50/p95 in ms and queries per request (mean of a support and a withdrawal for POST)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client, headers = _client(page, manifest)
    for index in range(2):
        _request(client, page, headers, index)  # warm caches and connections
    timings, queries = [], []
    for index in range(2, runs + 2):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = _request(client, page, headers, index)
            timings.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{page['name']}: {response.status_code} {response.content[:300]!r}")
        queries.append(len(captured.captured_queries))
    timings.sort()
    count = max(queries) if page.get("method") != "POST" else round(statistics.mean(queries), 1)
    return {"p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1), "queries": count,
            "queries_min": min(queries)}


def count_queries(manifest: dict) -> dict[str, float]:
    """Queries per request of every page of the load run (a few requests each)."""
    from django.test.utils import setup_test_environment

    from accounts.models import ApiToken

    setup_test_environment()
    counts = {page["name"]: measure(page, manifest, 4)["queries"] for page in pages(manifest) if not page.get("missing")}
    ApiToken.objects.filter(name="bench-browse").delete()
    _TOKEN.clear()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["pg", "sqlite"], default="sqlite")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--only", help="measure only the pages whose name contains this")
    options = parser.parse_args()
    environment = server_environment(options.database, options.scale)
    collect_static(environment)
    setup_django(environment)
    from django.db import connection
    from django.test.utils import setup_test_environment

    from accounts.models import ApiToken

    setup_test_environment()
    manifest = read_manifest(options.database, options.scale)
    print(f"{connection.vendor}, scale {options.scale:g}: {manifest['people']} people, {manifest['ideas']} ideas, "
          f"{manifest['supports']} supports, {manifest['comments']} comments")
    print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for page in pages(manifest) + EXTRA:
        if page.get("missing") or (options.only and options.only not in page["name"]):
            continue
        row = measure(page, manifest, options.runs)
        print(f"{page['name']:34} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {row['queries']:8}", flush=True)
    ApiToken.objects.filter(name="bench-browse").delete()
    _TOKEN.clear()


if __name__ == "__main__":
    main()
