"""The worker tier under load and under failure (not part of the test suite).

    .venv/bin/python bench/worker_tier.py [--users 16] [--seconds 20] [--outage 15] [--database-url URL]

On a scratch PostgreSQL and Redis of its own (bench/storm.py's, on spare ports), or with
`--database-url` on a database made by bench/generate.py (10× Eurêka: the storm's people
and ideas are added to it), with gunicorn (gthread, 2 workers, production settings) as in
production:

1. **Side effects in the request** (`TASKS_MODE=in_process`, what every action did before
   the worker tier): `--users` people support and withdraw on 5 ideas for `--seconds`.
2. **Side effects on a worker** (`TASKS_MODE=worker`, one Celery worker and beat): the same
   crowd. Prints both throughputs, and from the action's commit to its side effects
   delivered (points, badges, notification, live update): p50, p95 and the longest.
3. **Redis stopped** for `--outage` seconds during a storm, then started again: every answer
   must stay 2xx, and every event must be delivered (the time after the restart is printed
   with the backlog it had to drain).
4. **The worker killed** (SIGKILL) mid-storm, another started: every event delivered, no
   duplicate ledger row, every points total equal to its ledger.

After each phase: every idea's count equals its support rows, every points total equals
its ledger, every supported idea's author has a supports notification. Exits non-zero if
a check fails; writes bench/results/<date>-worker-tier.json.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import storm  # noqa: E402
from bench.common import ROOT  # noqa: E402

PY = sys.executable
RESULTS = ROOT / "bench" / "results"
# A backlog drains at the worker's pace: nothing may be owed this long after a storm.
DRAIN_LIMIT = 300


def start_gunicorn(env: dict) -> subprocess.Popen:
    log = open(storm.WORK / f"gunicorn-{env['TASKS_MODE']}.log", "w")
    process = subprocess.Popen(
        [PY, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{storm.HTTP_PORT}",
         "--workers", "2", "--worker-class", "gthread", "--threads", "8", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    _wait_for_http(process, log.name)
    return process


def _wait_for_http(process: subprocess.Popen, log_name: str) -> None:
    import http.client

    deadline = time.time() + 60
    while time.time() < deadline:
        time.sleep(0.5)
        if process.poll() is not None:
            raise SystemExit(f"the server stopped: see {log_name}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", storm.HTTP_PORT, timeout=5)
            connection.request("GET", "/accounts/login/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            continue
    raise SystemExit(f"the server did not answer within 60 s: see {log_name}")


def start_worker(env: dict, name: str) -> subprocess.Popen:
    log = open(storm.WORK / f"worker-{name}.log", "w")
    process = subprocess.Popen(
        [PY, "-m", "celery", "-A", "config", "worker", "-B", "-s", str(storm.WORK / "beat-schedule"),
         "-P", "prefork", "-c", "2", "-l", "warning", "--without-gossip", "--without-mingle", "-n", f"{name}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    return process


def stop(process: subprocess.Popen | None, sig=signal.SIGTERM) -> None:
    if process is not None and process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def owed() -> int:
    from core.models import OutboxEvent

    return OutboxEvent.objects.filter(delivered_at__isnull=True).count()


def wait_delivered(timeout: float) -> float | None:
    """Seconds until nothing is owed, or None after `timeout`."""
    from django.db import connection

    started = time.monotonic()
    while time.monotonic() - started < timeout:
        left = owed()
        connection.close()
        if not left:
            return time.monotonic() - started
        time.sleep(0.25)
    return None


def delivery_latency(since) -> dict:
    """From each event's write (in its action's transaction) to its delivery."""
    from core.models import OutboxEvent

    rows = OutboxEvent.objects.filter(created_at__gte=since, delivered_at__isnull=False)
    seconds = sorted((d - c).total_seconds() for c, d in rows.values_list("created_at", "delivered_at"))
    if not seconds:
        return {"events": 0}

    def at(fraction):
        return round(seconds[min(len(seconds) - 1, int(fraction * len(seconds)))] * 1000, 1)

    return {"events": len(seconds), "p50_ms": at(0.5), "p95_ms": at(0.95), "max_ms": round(seconds[-1] * 1000, 1)}


def checks(phase: str, failures: list[str], ideas: list[int]) -> dict:
    from django.db import connection
    from django.db.models import Count

    from gamification.models import LedgerEntry
    from ideas.models import Idea, Vote
    from notifications.models import Kind, Notification

    state = storm.consistency()
    duplicates = (LedgerEntry.objects.values("user_id", "rule_id", "content_type_id", "object_id", "kind", "generation")
                  .annotate(n=Count("id")).filter(n__gt=1).count())
    # The storm's ideas (a generated database's supports come without notifications).
    supported = set(Vote.objects.filter(idea_id__in=ideas).exclude(user_id__in=Idea.objects.values("author_id"))
                    .values_list("idea_id", flat=True))
    told = set(Notification.objects.filter(kind=Kind.SUPPORTS, idea_id__in=ideas).values_list("idea_id", flat=True))
    untold = sorted(supported - told)
    connection.close()
    print(f"  checks: counts off {state['wrong_counts'] or 'none'}; totals off {state['wrong_scores'] or 'none'}; "
          f"duplicate ledger rows {duplicates}; supported ideas without a notification {untold or 'none'}")
    if state["wrong_counts"] or state["wrong_scores"] or duplicates or untold:
        failures.append(f"{phase}: {state}, duplicates={duplicates}, untold={untold}")
    return {**state, "duplicates": duplicates, "untold": untold}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--outage", type=float, default=15)
    parser.add_argument("--database-url", help="a generated PostgreSQL database instead of a scratch one")
    parser.add_argument("--rate", type=float, default=8.0,
                        help="supports per second of the paced run (8: the README's busiest minute at 50,000 employees)")
    options = parser.parse_args()

    if storm.WORK.exists():
        storm.Postgres(storm.WORK).stop()
        storm.Redis().stop()
        shutil.rmtree(storm.WORK)
    storm.WORK.mkdir(parents=True)
    postgres, redis = storm.Postgres(storm.WORK), storm.Redis()
    failures: list[str] = []
    result = {"date": datetime.now().isoformat(timespec="seconds"), "load_average": os.getloadavg(),
              "users": options.users, "seconds": options.seconds,
              "database": "generated" if options.database_url else "scratch"}
    server = worker = None
    try:
        if options.database_url:
            print("Starting a scratch Redis; the generated database is used as it is")
            postgres = None
        else:
            print("Starting a scratch PostgreSQL and Redis")
            postgres.create()
        redis.start()
        base = storm.environment()  # the outbox's settings at their defaults
        if options.database_url:
            base["DATABASE_URL"] = options.database_url

        subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT,
                       env={**base, "TASKS_MODE": "in_process"}, check=True)
        subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=base, check=True)
        os.environ.update({**base, "TASKS_MODE": "in_process"})
        import django

        django.setup()
        from django.db import connection
        from django.utils import timezone

        made = storm.make_people(max(options.users, 40))
        connection.close()
        sessions, ideas = made["sessions"], made["ideas"]
        crowd = sessions[:options.users]

        # 1. In the request
        print(f"1. Side effects in the request: {len(crowd)} people, {options.seconds:g} s")
        server = start_gunicorn({**base, "TASKS_MODE": "in_process"})
        result["in_request"] = storm.summary("in the request", storm.crowd(crowd, ideas, options.seconds))
        stop(server)
        result["in_request"]["checks"] = checks("in the request", failures, ideas)

        # 2. On a worker
        print(f"2. Side effects on one worker (2 processes) with beat: {len(crowd)} people, {options.seconds:g} s")
        worker_env = {**base, "TASKS_MODE": "worker"}
        worker = start_worker(worker_env, "bench")
        server = start_gunicorn(worker_env)
        since = timezone.now()
        result["on_worker"] = storm.summary("on a worker", storm.crowd(crowd, ideas, options.seconds))
        drained = wait_delivered(DRAIN_LIMIT)
        result["on_worker"]["drained_after_s"] = drained
        result["on_worker"]["delivery"] = latency = delivery_latency(since)
        print(f"  delivery after commit: {latency}; all delivered {drained:.1f} s after the storm"
              if drained is not None else f"  delivery: {latency}; NOT all delivered after {DRAIN_LIMIT} s")
        ratio = result["on_worker"]["per_second"] / max(result["in_request"]["per_second"], 0.1)
        result["throughput_ratio"] = round(ratio, 2)
        print(f"  throughput on a worker / in the request: {ratio:.2f}")
        if drained is None:
            failures.append(f"on a worker: events still owed {DRAIN_LIMIT} s after the storm")
        result["on_worker"]["checks"] = checks("on a worker", failures, ideas)

        # 2b. A paced load: the capacity plan's busiest minute, not as fast as answered
        print(f"2b. Paced: {options.rate:g} supports/s from {len(crowd)} people, {options.seconds:g} s, one worker")
        since = timezone.now()
        result["paced"] = storm.summary("paced", storm.crowd(crowd, ideas, options.seconds, rate=options.rate))
        drained = wait_delivered(DRAIN_LIMIT)
        result["paced"]["delivery"] = latency = delivery_latency(since)
        print(f"  delivery after commit: {latency}")
        if drained is None:
            failures.append(f"paced: events still owed {DRAIN_LIMIT} s after the run")
        result["paced"]["checks"] = checks("paced", failures, ideas)

        # 3. Redis stopped during a storm
        print(f"3. Redis stopped for {options.outage:g} s during a storm of {len(crowd)} people")
        marks = {}

        def redis_outage(tally):
            time.sleep(3)
            redis.stop()
            time.sleep(options.outage)
            redis.start()
            marks["up"] = time.monotonic()

        outage = storm.summary("redis outage", storm.crowd(crowd, ideas, 3 + options.outage + 5, during=redis_outage))
        owed_at_restart = owed()
        drained = wait_delivered(DRAIN_LIMIT)
        after_restart = time.monotonic() - marks["up"]
        result["redis_outage"] = {**outage, "owed_at_restart": owed_at_restart,
                                  "owed_delivered_after_restart_s": round(after_restart, 1) if drained is not None else None}
        print(f"  {owed_at_restart} events owed when Redis came back; every one delivered {after_restart:.1f} s "
              f"after the restart" if drained is not None else f"  events still owed {DRAIN_LIMIT} s after the storm")
        bad = {k: v for k, v in outage["statuses"].items() if not k.startswith(("2", "4"))}
        if bad:
            failures.append(f"redis outage: answers other than 2xx/4xx: {bad}")
        if drained is None:
            failures.append(f"redis outage: events still owed {DRAIN_LIMIT} s after the storm")
        result["redis_outage"]["checks"] = checks("redis outage", failures, ideas)

        # 4. The worker killed mid-storm
        print("4. The worker killed (SIGKILL) mid-storm, another started 3 s later")

        def kill_worker(tally):
            nonlocal worker
            time.sleep(5)
            stop(worker, signal.SIGKILL)
            time.sleep(3)
            worker = start_worker(worker_env, "bench-2")

        killed = storm.summary("worker killed", storm.crowd(crowd, ideas, 15, during=kill_worker))
        drained = wait_delivered(DRAIN_LIMIT)
        result["worker_killed"] = {**killed, "drained_after_s": drained}
        print(f"  all delivered {drained:.1f} s after the storm" if drained is not None
              else f"  events still owed {DRAIN_LIMIT} s after the storm")
        if drained is None:
            failures.append(f"worker killed: events still owed {DRAIN_LIMIT} s after the storm")
        result["worker_killed"]["checks"] = checks("worker killed", failures, ideas)
    finally:
        stop(server)
        stop(worker)
        redis.stop()
        if postgres is not None:
            postgres.stop()

    result["failures"] = failures
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{datetime.now():%Y-%m-%d-%H%M}-worker-tier.json"
    path.write_text(json.dumps(result, indent=2, default=str))
    print(f"Written {path.relative_to(ROOT)}")
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("All worker-tier checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
