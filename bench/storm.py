"""Storms and outages against the real server (not part of the test suite; CI runs it).

    .venv/bin/python bench/storm.py [--users 200] [--seconds 30] [--quick]

It starts a PostgreSQL cluster and a Redis server of its own, on spare ports, in a scratch
folder — so that it may stop them mid-run without touching anyone else's — migrates, makes
people with sessions and a few ideas, and serves the site with uvicorn (2 workers,
production settings, a connection pool per worker). Then, each phase with real HTTP from
many threads:

1. **Storm**: `--users` people (200) support and withdraw on the same 5 ideas for
   `--seconds` (30), as fast as the server answers. Afterwards every idea's stored count
   must equal its support rows and every person's points total the sum of their ledger;
   no response may be a 5xx.
2. **Database outage**: 40 people go on while PostgreSQL is stopped for 15 s (longer than
   the 10 s a request waits for a connection), then started
   again. Every answer while it is away must be the designed 503 (never a 500, never a
   dropped connection), the site must answer 2xx again once it is back, and the counts
   must still equal the rows (no write half-done).
3. **Redis outage**: people read pages and support while Redis is stopped for 15 s: every
   answer must stay 2xx (the cache answers as an empty one; live updates are lost). A
   websocket on an idea page hears supports before; after Redis returns, a reconnected
   websocket (as the page's script does) hears them again.

Prints each phase's figures and exits non-zero if any check fails. Write limits per person
are switched off for the run (they would answer 429 to a storm by design; they have tests).
"""

import argparse
import asyncio
import collections
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, SECRET_KEY, session_for  # noqa: E402

PY = sys.executable
# Below the ephemeral range (32768 and up), where a client socket could hold the port.
PG_PORT, REDIS_PORT, HTTP_PORT = 25432, 26379, 28080
WORK = Path(os.environ.get("STORM_WORKDIR", Path(tempfile.gettempdir()) / "multitude-storm"))
CSRF = "stormstormstormstormstormstorm12"  # the csrftoken cookie every client sends back
IDEAS = 5


# --- private services -------------------------------------------------------------------

def _pg_bin(name: str) -> str:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not versions:
        raise SystemExit("PostgreSQL's server programs are needed (Debian package postgresql)")
    return str(versions[-1] / name)


def _as_postgres(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; the scratch cluster belongs to the postgres user.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    def __init__(self, folder: Path):
        self.data = folder / "pg"

    def create(self) -> None:
        self.data.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.data.parent, "postgres")
            shutil.chown(self.data, "postgres")
        subprocess.run(_as_postgres([_pg_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"]),
                       check=True, stdout=subprocess.DEVNULL)
        self.start()
        subprocess.run([_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "storm"], check=True)

    def start(self) -> None:
        options = f"-p {PG_PORT} -c listen_addresses=127.0.0.1 -k {self.data} -c max_connections=60 -c fsync=off"
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(self.data), "-o", options,
                                     "-l", str(self.data / "server.log"), "-w", "start"]),
                       check=True, stdout=subprocess.DEVNULL)

    def stop(self) -> None:
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]),
                       check=False, stdout=subprocess.DEVNULL)


class Redis:
    def start(self) -> None:
        subprocess.run(["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
                        "--appendonly", "no", "--daemonize", "yes", "--dir", str(WORK),
                        "--logfile", str(WORK / "redis.log")], check=True)
        for _ in range(50):
            if subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True).returncode == 0:
                return
            time.sleep(0.1)
        raise SystemExit("Redis did not start")

    def stop(self) -> None:
        subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "shutdown", "nosave"], capture_output=True)


def environment() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/storm",
        "DATABASE_POOL": "1",
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "RATE_LIMITS_ENABLED": "0",
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    }


# --- data -------------------------------------------------------------------------------

def make_people(users: int) -> dict:
    """Employees with open sessions, and ideas by someone else for them to support."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import Entity, User
    from core.text import render_markdown
    from ideas.models import Idea, Stage, Theme

    # A run on a kept database (bench/worker_tier.py --database-url) adds people of its own.
    unit, _created = Entity.objects.get_or_create(code="STORM", defaults={"name": "Storm unit"})
    run = timezone.now().strftime("%Y%m%d%H%M%S")
    password = make_password("storm-multitude")
    people = User.objects.bulk_create([
        User(email=f"storm{i}-{run}@multitude.example", first_name="Storm", last_name=f"Person {i}",
             entity=unit, password=password)
        for i in range(users + 1)
    ])
    author, supporters = people[0], people[1:]
    theme = Theme.objects.order_by("position").first()
    now = timezone.now()
    ideas = Idea.objects.bulk_create([
        Idea(title=f"Storm idea {i}", body="Support me", body_html=render_markdown("Support me"), theme=theme,
             author=author, author_entity=unit, stage=Stage.PUBLISHED, submitted_at=now, published_at=now,
             stage_changed_at=now)
        for i in range(IDEAS)
    ])

    return {"sessions": [session_for(user) for user in supporters], "ideas": [idea.pk for idea in ideas]}


def consistency() -> dict:
    """Stored counters against the rows they count."""
    from django.db.models import Count, Sum

    from gamification.models import LedgerEntry, Score
    from ideas.models import Idea

    ideas = Idea.objects.annotate(rows=Count("votes")).values_list("pk", "support_count", "rows")
    wrong_counts = [(pk, stored, rows) for pk, stored, rows in ideas if stored != rows]
    ledger = dict(LedgerEntry.objects.order_by().values("user_id").annotate(total=Sum("points"))
                  .values_list("user_id", "total"))
    wrong_scores = [(user_id, total, ledger.get(user_id, 0))
                    for user_id, total in Score.objects.values_list("user_id", "total") if total != ledger.get(user_id, 0)]
    supports = sum(rows for _, _, rows in ideas)
    return {"supports": supports, "wrong_counts": wrong_counts, "wrong_scores": wrong_scores[:10]}


# --- HTTP clients -----------------------------------------------------------------------

class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = collections.Counter()
        self.timeline = []  # (seconds since start, status)
        self.latencies = []
        self.started = time.monotonic()

    def add(self, status, seconds: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.timeline.append((time.monotonic() - self.started, status))
            self.latencies.append(seconds)

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000 if ordered else 0.0


def person(session: str, ideas: list[int], tally: Tally, stop: threading.Event, *, read: bool = False,
           interval: float | None = None) -> None:
    """One person: support or withdraw on a random idea (flipping what they did last time
    there), and, when `read`, look at the idea page in between; as fast as answered, or one
    action every `interval` seconds (from a random start, so that the crowd's are spread)."""
    connection = None
    next_at = time.monotonic() + (random.uniform(0, interval) if interval else 0)
    supported = set()
    headers = {"Cookie": f"sessionid={session}; csrftoken={CSRF}", "X-CSRFToken": CSRF, "HX-Request": "true",
               "Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://127.0.0.1:{HTTP_PORT}/"}
    while not stop.is_set():
        if interval:
            stop.wait(max(0.0, next_at - time.monotonic()))
            next_at += interval
            if stop.is_set():
                break
        idea = random.choice(ideas)
        withdraw = idea in supported
        requests = [("POST", f"/ideas/{idea}/support/", "action=withdraw" if withdraw else "")]
        if read:
            requests.insert(0, ("GET", f"/ideas/{idea}/", None))
        for method, path, body in requests:
            started = time.monotonic()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=90)
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException) as error:
                status = f"connection error: {type(error).__name__}"
                if connection is not None:
                    connection.close()
                connection = None
                time.sleep(0.05)
            tally.add(status, time.monotonic() - started)
            if method == "POST" and status == 200:
                (supported.discard if withdraw else supported.add)(idea)
            elif method == "POST" and status == 409:
                # Already so (a retry after an answer that never came): learn the state.
                (supported.discard if withdraw else supported.add)(idea)


def crowd(sessions: list[str], ideas: list[int], seconds: float, *, read: bool = False, during=None,
          rate: float | None = None) -> Tally:
    """The people acting at once for `seconds`: as fast as answered, or `rate` actions per
    second in all (an open load: the pace does not slow down when answers do)."""
    tally, stop = Tally(), threading.Event()
    interval = len(sessions) / rate if rate else None
    threads = [threading.Thread(target=person, args=(s, ideas, tally, stop), kwargs={"read": read, "interval": interval},
                                daemon=True)
               for s in sessions]
    for thread in threads:
        thread.start()
    if during is not None:
        during(tally)
    remaining = seconds - (time.monotonic() - tally.started)
    time.sleep(max(0.0, remaining))
    stop.set()
    for thread in threads:
        thread.join(timeout=40)
    return tally


def start_server(env: dict) -> subprocess.Popen:
    log = open(WORK / "server.log", "w")
    command = [PY, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1", "--port", str(HTTP_PORT),
               "--workers", "2", "--lifespan", "off", "--no-access-log", "--log-level", "warning",
               "--timeout-keep-alive", "30"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        time.sleep(0.5)
        if process.poll() is not None:
            raise SystemExit(f"the server stopped: see {log.name}")
        if time.time() > deadline - 1:
            break
        try:
            connection = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=5)
            connection.request("GET", "/accounts/login/")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            continue
    os.killpg(process.pid, signal.SIGTERM)
    raise SystemExit(f"the server did not answer within 60 s: see {log.name}")


# --- websocket --------------------------------------------------------------------------

async def _hears_a_support(session: str, idea: int, supporter_session: str, withdraw: bool) -> bool:
    """Open the idea page's websocket, subscribe, have someone else support or withdraw,
    and wait (15 s at most) for the live update."""
    import websockets

    uri = f"ws://127.0.0.1:{HTTP_PORT}/ws/live/"
    headers = {"Cookie": f"sessionid={session}", "Origin": f"http://127.0.0.1:{HTTP_PORT}"}
    async with websockets.connect(uri, additional_headers=headers, open_timeout=15) as socket:
        await socket.send(json.dumps({"action": "subscribe", "idea": idea}))
        deadline = time.monotonic() + 15
        subscribed = False
        while time.monotonic() < deadline and not subscribed:
            message = json.loads(await asyncio.wait_for(socket.recv(), timeout=15))
            subscribed = message.get("type") == "subscribed"
        if not subscribed:
            return False
        await asyncio.to_thread(_post_support, supporter_session, idea, withdraw)
        while time.monotonic() < deadline:
            try:
                message = json.loads(await asyncio.wait_for(socket.recv(), timeout=max(0.1, deadline - time.monotonic())))
            except TimeoutError:
                return False
            if message.get("idea") == idea and "support" in json.dumps(message):
                return True
    return False


def _post_support(session: str, idea: int, withdraw: bool) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=10)
    connection.request("POST", f"/ideas/{idea}/support/", body="action=withdraw" if withdraw else "",
                       headers={"Cookie": f"sessionid={session}; csrftoken={CSRF}", "X-CSRFToken": CSRF,
                                "HX-Request": "true", "Content-Type": "application/x-www-form-urlencoded",
                                "Referer": f"http://127.0.0.1:{HTTP_PORT}/"})
    return connection.getresponse().status


def hears_a_support(session: str, idea: int, supporter: str, withdraw: bool, *, attempts: int = 1) -> bool:
    """Like the page's script: when the websocket is refused or dropped, try again after
    1, 2, 4... seconds."""
    for attempt in range(attempts):
        try:
            if asyncio.run(_hears_a_support(session, idea, supporter, withdraw)):
                return True
        except Exception as error:  # noqa: BLE001 — a refused or dropped websocket is a "no" here
            print(f"    websocket attempt {attempt + 1}: {type(error).__name__}: {error}")
        if attempt + 1 < attempts:
            time.sleep(2 ** attempt)
            withdraw = not withdraw  # the last POST may have gone through
    return False


# --- the run ----------------------------------------------------------------------------

def summary(name: str, tally: Tally) -> dict:
    total = sum(tally.statuses.values())
    seconds = tally.timeline[-1][0] if tally.timeline else 0
    figures = {"requests": total, "per_second": round(total / seconds, 1) if seconds else 0,
               "p50_ms": round(tally.percentile(0.5), 1), "p95_ms": round(tally.percentile(0.95), 1),
               "statuses": {str(k): v for k, v in sorted(tally.statuses.items(), key=lambda kv: str(kv[0]))}}
    print(f"  {name}: {figures['requests']} requests, {figures['per_second']}/s, "
          f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, statuses {figures['statuses']}")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--outage", type=float, default=15,
                        help="seconds each service stays stopped (longer than the pool's 10 s wait, to see 503s)")
    options = parser.parse_args()

    if WORK.exists():  # a previous run's services, if it was cut short
        Postgres(WORK).stop()
        Redis().stop()
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    postgres, redis = Postgres(WORK), Redis()
    failures: list[str] = []
    server = None
    try:
        print("Starting a scratch PostgreSQL and Redis")
        postgres.create()
        redis.start()
        env = environment()
        subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        os.environ.update(env)
        import django

        django.setup()
        from django.db import connection

        made = make_people(options.users)
        connection.close()
        sessions, ideas = made["sessions"], made["ideas"]
        server = start_server(env)
        print(f"uvicorn, 2 workers, on port {HTTP_PORT}; {len(sessions)} people, {len(ideas)} ideas")

        # 1. Storm
        print(f"1. Storm: {len(sessions)} people support and withdraw on {len(ideas)} ideas for {options.seconds:g} s")
        storm = summary("storm", crowd(sessions, ideas, options.seconds))
        state = consistency()
        connection.close()
        print(f"  afterwards: {state['supports']} supports stored; counts off: {state['wrong_counts'] or 'none'}; "
              f"points totals off: {state['wrong_scores'] or 'none'}")
        server_errors = {k: v for k, v in storm["statuses"].items() if not k.startswith(("2", "4"))}
        if server_errors:
            failures.append(f"storm: {server_errors}")
        if state["wrong_counts"] or state["wrong_scores"]:
            failures.append(f"storm: counters differ from rows: {state}")

        # 2. Database outage
        print(f"2. PostgreSQL stopped for {options.outage:g} s while 40 people go on")
        marks = {}

        def database_outage(tally: Tally) -> None:
            time.sleep(4)
            marks["down"] = time.monotonic() - tally.started
            postgres.stop()
            time.sleep(options.outage)
            postgres.start()
            marks["up"] = time.monotonic() - tally.started

        outage = crowd(sessions[:40], ideas, 4 + options.outage + 12, during=database_outage)
        figures = summary("database outage", outage)
        during = collections.Counter(status for at, status in outage.timeline if marks["down"] + 0.5 < at < marks["up"])
        after = [(at, status) for at, status in outage.timeline if at > marks["up"]]
        recovered = next((at - marks["up"] for at, status in after if status == 200), None)
        last_error = max((at - marks["up"] for at, status in after if status != 200), default=None)
        print(f"  while stopped: {dict(during)}; first 200 after restart: "
              f"{'%.1f s' % recovered if recovered is not None else 'never'}; last non-200 after restart: "
              f"{'%.1f s' % last_error if last_error is not None else 'none'}")
        bad = {str(k): v for k, v in figures["statuses"].items() if k not in ("200", "503", "409")}
        if bad:
            failures.append(f"database outage: answers other than 200/409/503: {bad}")
        if not during.get(503):
            failures.append("database outage: no 503 while the database was stopped")
        if recovered is None:
            failures.append("database outage: the site did not recover")
        state = consistency()
        connection.close()
        print(f"  afterwards: counts off: {state['wrong_counts'] or 'none'}; points totals off: {state['wrong_scores'] or 'none'}")
        if state["wrong_counts"] or state["wrong_scores"]:
            failures.append(f"database outage: counters differ from rows: {state}")

        # 3. Redis outage
        print(f"3. Redis stopped for {options.outage:g} s while 20 people read and support")
        viewer, supporter = sessions[-1], sessions[-2]
        before = hears_a_support(viewer, ideas[0], supporter, withdraw=False, attempts=3)
        print(f"  websocket hears a support before: {before}")

        def redis_outage(tally: Tally) -> None:
            time.sleep(3)
            redis.stop()
            time.sleep(options.outage)
            redis.start()

        redis_run = crowd(sessions[:20], ideas[1:], 3 + options.outage + 5, read=True, during=redis_outage)
        figures = summary("redis outage", redis_run)
        not_ok = {k: v for k, v in figures["statuses"].items() if k not in ("200", "409")}
        if not_ok:
            failures.append(f"redis outage: answers other than 200/409: {not_ok}")
        after = hears_a_support(viewer, ideas[0], supporter, withdraw=True, attempts=5)
        print(f"  websocket (reconnected) hears a support after Redis returned: {after}")
        if not (before and after):
            failures.append(f"redis outage: live updates before={before} after={after}")
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        redis.stop()
        postgres.stop()

    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        print(f"(server log: {WORK / 'server.log'})")
        return 1
    print("All storm and outage checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
