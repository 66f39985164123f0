"""The list and idea pages timed in-process on an empty and on a warm fragment cache (not
part of the test suite).

    .venv/bin/python bench/fragments.py --database pg --scale 10 [--runs 30]

Reads a database made by bench/generate.py, signs in as the manifest's first employee and
requests each page through Django's test client (no server, no concurrency), under the
production settings of bench/common.py: "cold" empties the cache before each request (every
fragment rendered, as before ideas.fragments), "warm" reads the fragments kept by the
previous request. Prints the median CPU time of this process per request (time.process_time:
what the page costs the web server, whatever else runs on the machine), the median wall time
(with the database's time, and the machine's other work) and the queries per request.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import read_manifest, server_environment, setup_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["pg", "sqlite"], default="pg")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=30)
    options = parser.parse_args()
    setup_django(server_environment(options.database, options.scale))
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    manifest = read_manifest(options.database, options.scale)
    client = Client()
    client.force_login(User.objects.get(pk=manifest["employees"][0]))
    pages = {
        "idea list, newest": "/ideas/",
        "idea list, trending": "/ideas/?sort=trending",
        "idea list, filtered + searched":
            f"/ideas/?theme={manifest['filter_theme']}&entity={manifest['filter_entity']}&q=mutualiser+imprimantes",
        "idea page, 50 comments": f"/ideas/{manifest['showcase_idea']}/",
    }
    print(f"{connection.vendor}, scale {options.scale:g}, {options.runs} requests per row")
    print(f"{'page':32} {'cache':6} {'CPU ms':>7} {'wall ms':>8} {'queries':>8}")
    for name, path in pages.items():
        for state in ("cold", "warm"):
            client.get(path)
            cpu, wall, queries = [], [], 0
            for _ in range(options.runs):
                if state == "cold":
                    cache.clear()
                with CaptureQueriesContext(connection) as captured:
                    wall_start, cpu_start = time.perf_counter(), time.process_time()
                    response = client.get(path)
                    cpu.append((time.process_time() - cpu_start) * 1000)
                    wall.append((time.perf_counter() - wall_start) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{name}: {response.status_code}")
                queries = len(captured.captured_queries)
            print(f"{name:32} {state:6} {statistics.median(cpu):7.1f} {statistics.median(wall):8.1f} {queries:8}",
                  flush=True)


if __name__ == "__main__":
    main()
