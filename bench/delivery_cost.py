"""What one delivery costs, listener by listener (not part of the test suite).

    .venv/bin/python bench/delivery_cost.py [--supports 300] [--people 40]

On bench/storm.py's scratch PostgreSQL and Redis (spare ports, production settings): people
support and withdraw one after the other through the service, and every durable event is
then delivered in this process, one at a time and without contention, as a worker would.
Prints, per event and per listener, the wall time and the queries (p50, p95, mean), and the
CPU a delivery costs: the worker tier keeps up with the actions only while this stays below
what the actions themselves cost.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import storm  # noqa: E402
from bench.common import ROOT  # noqa: E402


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--supports", type=int, default=300)
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions (cProfile)")
    parser.add_argument("--database-url", help="a database made by bench/generate.py (10× Eurêka) instead of a scratch one")
    options = parser.parse_args()

    if storm.WORK.exists():
        storm.Postgres(storm.WORK).stop()
        storm.Redis().stop()
        shutil.rmtree(storm.WORK)
    storm.WORK.mkdir(parents=True)
    postgres = None if options.database_url else storm.Postgres(storm.WORK)
    redis = storm.Redis()
    try:
        if postgres is not None:
            postgres.create()
        redis.start()
        # Events are written and left owed (a worker mode with no broker to reach): this
        # process then delivers them itself, timed.
        env = {**storm.environment(), "TASKS_MODE": "in_process", "LOG_LEVEL": "CRITICAL"}
        if options.database_url:
            env["DATABASE_URL"] = options.database_url
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        os.environ.update(env)
        import django

        django.setup()
        return measure(options)
    finally:
        redis.stop()
        if postgres is not None:
            postgres.stop()


def measure(options) -> int:
    from django.conf import settings
    from django.db import connection, reset_queries

    from accounts.models import User
    from core import outbox
    from core.models import OutboxEvent
    from ideas import services
    from ideas.models import Idea

    made = storm.make_people(options.people)
    ideas = list(Idea.objects.filter(pk__in=made["ideas"]))
    people = list(User.objects.exclude(pk=ideas[0].author_id).order_by("pk")[:options.people])

    # Write the events as the requests do, with nothing delivered yet.
    settings.TASKS_MODE = "worker"
    outbox.queue_delivery = lambda event_id: True  # owed; delivered below

    def supports(cast: bool):
        done = 0
        for person in people:
            for idea in ideas:
                if done >= options.supports:
                    return
                idea.refresh_from_db()
                if cast:
                    services.vote_cast(idea=idea, by=person)
                else:
                    services.vote_withdraw(idea=idea, by=person)
                done += 1

    supports(cast=True)

    # Time every listener of every event, delivered one at a time.
    timings: dict[str, list[float]] = defaultdict(list)
    queries: dict[str, list[int]] = defaultdict(list)
    original = outbox.listeners

    def timed_listeners(signal, sender):
        wrapped = []
        for name, receiver in original(signal, sender):
            def timed(function, label):
                def run(*args, **kwargs):
                    before = len(connection.queries)
                    started = time.perf_counter()
                    try:
                        return function(*args, **kwargs)
                    finally:
                        timings[label].append((time.perf_counter() - started) * 1000)
                        queries[label].append(len(connection.queries) - before)
                return run

            run = timed(receiver, name)
            if hasattr(receiver, "deliver_many"):
                run.deliver_many = timed(receiver.deliver_many, f"{name} (together)")
            wrapped.append((name, run))
        return wrapped

    outbox.listeners = timed_listeners
    connection.force_debug_cursor = True
    events = list(OutboxEvent.objects.filter(delivered_at__isnull=True).order_by("pk").values_list("pk", "name"))
    per_event: dict[str, list[float]] = defaultdict(list)
    event_queries: dict[str, list[int]] = defaultdict(list)
    profiler = None
    if options.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    cpu_started = time.process_time()
    wall_started = time.perf_counter()
    for event_id, name in events:
        reset_queries()
        started = time.perf_counter()
        outbox.deliver(event_id)
        per_event[name].append((time.perf_counter() - started) * 1000)
        event_queries[name].append(len(connection.queries))
    wall = time.perf_counter() - wall_started
    cpu = time.process_time() - cpu_started
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(options.profile)

    print(f"{len(events)} events delivered one at a time in {wall:.1f} s "
          f"({wall / max(1, len(events)) * 1000:.1f} ms each, of which {cpu / max(1, len(events)) * 1000:.1f} ms "
          f"of this process's CPU); load average {os.getloadavg()[0]:.2f}")
    print(f"{'':44} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'queries':>8}")
    report_rows(per_event, event_queries, timings, queries)

    # The same supports withdrawn, then cast again, left as a backlog: a worker delivers each
    # event with the owed events of its kind behind it (OUTBOX_BATCH at most).
    for cast in (False, True):
        timings.clear()
        queries.clear()
        supports(cast=cast)
        owed = OutboxEvent.objects.filter(delivered_at__isnull=True)
        count, deliveries = owed.count(), 0
        reset_queries()
        cpu_started, wall_started = time.process_time(), time.perf_counter()
        while (first := owed.order_by("pk").values_list("pk", flat=True).first()) is not None:
            outbox.deliver_with_backlog(first)
            deliveries += 1
        wall, cpu = time.perf_counter() - wall_started, time.process_time() - cpu_started
        print(f"{'supports' if cast else 'withdrawals'}: a backlog of {count} events delivered together in {deliveries} "
              f"deliveries, {wall:.2f} s ({wall / max(1, count) * 1000:.1f} ms per event, "
              f"{cpu / max(1, count) * 1000:.1f} ms CPU, {len(connection.queries) / max(1, count):.1f} queries)")
        for name, values in sorted(timings.items()):
            print(f"  {name[:60]:60} {sum(values):8.0f} ms {sum(queries[name]):6} queries in all")
    return 0


def report_rows(per_event, event_queries, timings, queries) -> None:
    for name, values in sorted(per_event.items()):
        print(f"event {name:38} {percentile(values, .5):8.1f} {percentile(values, .95):8.1f} "
              f"{statistics.mean(values):8.1f} {statistics.mean(event_queries[name]):8.1f}")
    for name, values in sorted(timings.items(), key=lambda item: -statistics.mean(item[1])):
        print(f"  {name[:42]:42} {percentile(values, .5):8.1f} {percentile(values, .95):8.1f} "
              f"{statistics.mean(values):8.1f} {statistics.mean(queries[name]):8.1f}")


if __name__ == "__main__":
    sys.exit(main())
