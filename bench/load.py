"""Load run against the real production server set-up (not part of the test suite).

    .venv/bin/python bench/load.py --database pg --scale 1 --servers asgi,wsgi --duration 20

Needs a database made by bench/generate.py at the same scale, `wrk` (Debian: apt-get
install wrk) and Redis. For each server set-up it starts the server with production
settings (debug off, SECRET_KEY set, ALLOWED_HOSTS=127.0.0.1, no HTTPS redirect on
loopback, Redis cache and channel layer, BENCH_FLOOR on), two worker processes:

- asgi: uvicorn, 2 workers, HTTP and websockets through config.asgi;
- wsgi: gunicorn, 2 gthread workers × 4 threads, HTTP through config.wsgi (websockets
  would go to an ASGI server beside it, which this run does not load).

Then `wrk` (one thread, 16 connections = 16 people at once, each request with the session
cookie of one of 400 distinct people, or one of 64 personal API tokens) runs each page in
turn, on each set-up in turn (both servers are up, side by side): a short warm-up, then
the measured run. The SQL queries per request are counted apart,
in this process, with Django's test client and CaptureQueriesContext against the same
data (bench/browse.py). Prints a table and writes the figures as JSON (--output).
"""

import argparse
import json
import os
import resource
import secrets
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.browse import count_queries, pages  # noqa: E402
from bench.common import (  # noqa: E402
    ROOT, WORK, collect_static, read_manifest, server_environment, session_for, setup_django,
)

SESSIONS = 400
TOKENS = 64
CONNECTIONS = 16
PORT = 8765
PY = str(ROOT / ".venv" / "bin" / "python")
FLOOR = "floor (bare view)"


# --- credentials ------------------------------------------------------------------------

def make_credentials(manifest: dict) -> dict:
    """Sessions of distinct people (made directly in the session store, signed with the
    servers' key) and personal API tokens made by the accounts service."""
    from accounts.models import ApiToken, User
    from accounts.tokens import api_token_create

    people = User.objects.in_bulk(manifest["employees"][:SESSIONS] + [manifest["correspondent"], manifest["executive"]])

    sessions = [session_for(people[pk]) for pk in manifest["employees"][:SESSIONS]]
    correspondent = session_for(people[manifest["correspondent"]])
    executive = session_for(people[manifest["executive"]])
    ApiToken.objects.filter(name="bench").delete()
    tokens = [api_token_create(by=people[pk], name="bench")[1] for pk in manifest["employees"][:TOKENS]]
    csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    # Each person supports one idea, never their own (the rule refuses it: a 403).
    from ideas.models import Idea

    authors = dict(Idea.objects.filter(pk__in=manifest["support_ideas"]).values_list("pk", "author_id"))
    ideas = manifest["support_ideas"]
    support_paths = []
    for index, pk in enumerate(manifest["employees"][:SESSIONS]):
        idea = next(ideas[(index + k) % len(ideas)] for k in range(len(ideas))
                    if authors[ideas[(index + k) % len(ideas)]] != pk)
        support_paths.append(f"/ideas/{idea}/support/")
    return {"sessions": sessions, "correspondent": correspondent, "executive": executive, "tokens": tokens, "csrf": csrf,
            "support_paths": support_paths}


# --- servers ------------------------------------------------------------------------------

SERVERS = {
    "asgi": {
        "label": "uvicorn, 2 workers (ASGI: HTTP + websockets)",
        "command": [PY, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1", "--port", "{port}",
                    "--workers", "2", "--lifespan", "off", "--no-access-log", "--log-level", "warning"],
        # Each ASGI request runs in a new thread: without a pool, connections kept per thread
        # pile up until PostgreSQL refuses more (seen in the first run: "too many clients").
        "environment": {"DATABASE_POOL": "1"},
    },
    "wsgi": {
        "label": "gunicorn, 2 gthread workers × 4 threads (WSGI: HTTP; websockets on an ASGI server beside it)",
        "command": [PY, "-m", "gunicorn", "config.wsgi:application", "--bind", "127.0.0.1:{port}",
                    "--workers", "2", "--worker-class", "gthread", "--threads", "4", "--log-level", "warning",
                    "--keep-alive", "30"],
    },
}


def start_server(kind: str, environment: dict, cookie: str, port: int) -> subprocess.Popen:
    log = open(WORK / f"server-{kind}.log", "w")
    environment = {**environment, **SERVERS[kind].get("environment", {})}
    command = [part.replace("{port}", str(port)) for part in SERVERS[kind]["command"]]
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        time.sleep(0.5)
        if process.poll() is not None:
            raise SystemExit(f"{kind} server stopped: see {log.name}")
        try:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/bench/floor/", headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return process
        except OSError:
            continue
    stop_server(process)
    raise SystemExit(f"{kind} server did not answer within 60 s")


def start_worker(environment: dict) -> subprocess.Popen:
    """One Celery worker (2 processes) with its beat, on the servers' broker and database."""
    log = open(WORK / "worker.log", "w")
    return subprocess.Popen(
        [PY, "-m", "celery", "-A", "config", "worker", "-B", "-s", str(WORK / "beat-schedule"), "-P", "prefork",
         "-c", "2", "-l", "warning", "--without-gossip", "--without-mingle", "-n", "bench@%h"],
        cwd=ROOT, env={**environment, "TASKS_MODE": "worker"}, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def django_now():
    from django.utils import timezone

    return timezone.now()


def delivery_after(since, drain_seconds: float = 120) -> dict:
    """From each event's commit to its delivery by the worker, for the events written since
    `since` (waiting up to `drain_seconds` for the backlog to drain)."""
    from django.db import connection

    from core.models import OutboxEvent

    events = OutboxEvent.objects.filter(created_at__gte=since)
    deadline = time.monotonic() + drain_seconds
    while events.filter(delivered_at__isnull=True).exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    seconds = sorted((done - made).total_seconds() for made, done in
                     events.filter(delivered_at__isnull=False).values_list("created_at", "delivered_at"))
    owed = events.filter(delivered_at__isnull=True).count()
    connection.close()
    if not seconds:
        return {"events": 0, "owed": owed}

    def at(fraction):
        return round(seconds[min(len(seconds) - 1, int(fraction * len(seconds)))] * 1000, 1)

    return {"events": len(seconds), "owed": owed, "p50_ms": at(0.5), "p95_ms": at(0.95),
            "max_ms": round(seconds[-1] * 1000, 1)}


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# The bare Django view (bench/bare.py), served like the site by gunicorn.
BARE_PORT = PORT + 10
BARE_PAGE = {"name": "bare Django view", "paths": ["/bench/bare/"]}


def start_bare_server(port: int) -> subprocess.Popen:
    log = open(WORK / "server-bare.log", "w")
    command = [part.replace("{port}", str(port)) for part in SERVERS["wsgi"]["command"]]
    command[command.index("config.wsgi:application")] = "bench.bare:application"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.bare", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        time.sleep(0.5)
        if process.poll() is not None:
            raise SystemExit(f"the bare view's server stopped: see {log.name}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=5) as response:
                if response.status == 200:
                    return process
        except OSError:
            continue
    stop_server(process)
    raise SystemExit("the bare view's server did not answer within 60 s")


# --- wrk ----------------------------------------------------------------------------------

LUA = r"""
local sessions = {%(sessions)s}
local paths = {%(paths)s}
local method, csrf, auth = "%(method)s", "%(csrf)s", "%(auth)s"
local counter, statuses = 0, {}
bad = 0  -- global: done() reads it from each thread

function request()
  counter = counter + 1
  local n = #sessions
  local who = (counter - 1) %% n + 1
  local headers = {}
  if auth == "token" then
    headers["Authorization"] = "Bearer " .. sessions[who]
  else
    headers["Cookie"] = "sessionid=" .. sessions[who] .. "; csrftoken=" .. csrf
  end
  if method == "POST" then
    -- Each person supports their idea on the first pass over the people, withdraws on the next.
    local pass = math.floor((counter - 1) / n)
    local body = (pass %% 2 == 0) and "action=support" or "action=withdraw"
    headers["X-CSRFToken"] = csrf
    headers["HX-Request"] = "true"
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", paths[(who - 1) %% #paths + 1], headers, body)
  end
  return wrk.format("GET", paths[(counter - 1) %% #paths + 1], headers)
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local bad_total = 0
  for _, thread in ipairs(threads) do
    bad_total = bad_total + thread:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    '\nRESULT {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, "max_us": %%d, ' ..
    '"non_200": %%d, "connect": %%d, "read": %%d, "write": %%d, "timeout": %%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, bad_total, e.connect, e.read, e.write, e.timeout))
end
"""


def lua_list(values) -> str:
    return ", ".join(json.dumps(value) for value in values)


# --- CPU counters -------------------------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK")


def process_tree(pid: int) -> list[int]:
    """The server's master process and its workers (every descendant), from /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = [pid], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        tree += children
        frontier = children
    return tree


def cpu_seconds(pid: int) -> float:
    """utime + stime of one process, from its own counters (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_wrk(page: dict, credentials: dict, seconds: float, port: int, connections: int = CONNECTIONS,
            server_pid: int | None = None) -> dict:
    if page.get("as") == "token":
        who, auth = credentials["tokens"], "token"
    elif page.get("as") in ("correspondent", "executive"):
        who, auth = [credentials[page["as"]]], "session"
    else:
        who, auth = credentials["sessions"], "session"
    # A POST goes to the idea of its person (paths aligned with the sessions).
    paths = credentials["support_paths"] if page.get("method") == "POST" else page["paths"]
    script = LUA % {"sessions": lua_list(who), "paths": lua_list(paths), "method": page.get("method", "GET"),
                    "csrf": credentials["csrf"], "auth": auth}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", dir=WORK, delete=False) as handle:
        handle.write(script)
    # The server's CPU time from its processes' own counters (what the machine's other work
    # does not change), and wrk's (so one sees it is not the bottleneck).
    workers = process_tree(server_pid)[1:] if server_pid else []
    server_before = {pid: cpu_seconds(pid) for pid in [server_pid, *workers] if pid}
    wrk_before, load_before, started = children_cpu_seconds(), os.getloadavg(), time.monotonic()
    try:
        completed = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s", "-s", handle.name,
             f"http://127.0.0.1:{port}"], capture_output=True, text=True, timeout=seconds + 60,
        )
        output = completed.stdout + completed.stderr
    finally:
        os.unlink(handle.name)
    wall = time.monotonic() - started
    wrk_cpu = children_cpu_seconds() - wrk_before
    server_used = {pid: cpu_seconds(pid) - before for pid, before in server_before.items()}
    line = next((line for line in output.splitlines() if line.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result for {page['name']}:\n{output}")
    raw = json.loads(line.removeprefix("RESULT "))
    errors = raw["non_200"] + raw["connect"] + raw["read"] + raw["write"] + raw["timeout"]
    server_cpu = sum(server_used.values())
    by_worker = [server_used[pid] for pid in workers if pid in server_used]
    measured = {
        # CPU time of the server's processes per request answered, in ms.
        "server_cpu_ms": round(server_cpu * 1000 / raw["requests"], 2) if server_pid and raw["requests"] else None,
        # How the work fell on the workers (keep-alive connections stay with the worker that
        # accepted them): each worker's share of the server's CPU time, in %.
        "worker_split": [round(100 * used / server_cpu) for used in by_worker] if server_cpu > 0 else None,
        # wrk's CPU time over the run's wall time (100 = one core fully busy).
        "wrk_cpu_percent": round(100 * wrk_cpu / wall) if wall else None,
        "load_average": [round(value, 2) for value in load_before],
    }
    return {**measured,
        "requests": raw["requests"], "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1), "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1), "max_ms": round(raw["max_us"] / 1000, 1), "errors": errors,
        "error_detail": {key: raw[key] for key in ("non_200", "connect", "read", "write", "timeout") if raw[key]},
    }


def first_visits(manifest: dict, port: int, path: str = "/ideas/", people: int = SESSIONS,
                 threads: int = CONNECTIONS) -> dict:
    """Fresh sessions of `people` persons, each last seen long ago, so that the first request
    of each writes its session (the idle-timeout refresh), all asking for a read page at once
    on `threads` connections: how long the slowest waited. Every request should be answered
    well within a second of its own work, whoever holds the database's write lock."""
    import http.client
    import queue
    import threading

    from django.conf import settings

    from accounts.models import User

    users = User.objects.in_bulk(manifest["employees"][-people:])
    stale = getattr(settings, "SESSION_SEEN_REFRESH_SECONDS", 300) + 60
    waiting = queue.Queue()
    for user in users.values():
        waiting.put(session_for(user, seen_ago=stale))
    timings, statuses, lock = [], {}, threading.Lock()

    def visitor():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            try:
                key = waiting.get_nowait()
            except queue.Empty:
                connection.close()
                return
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Cookie": f"sessionid={key}"})
                response = connection.getresponse()
                response.read()
                status = response.status
            except OSError as error:
                status = type(error).__name__
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            with lock:
                timings.append(time.perf_counter() - started)
                statuses[str(status)] = statuses.get(str(status), 0) + 1

    pool = [threading.Thread(target=visitor) for _ in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    timings.sort()
    return {"path": path, "sessions": len(timings), "connections": threads, "statuses": statuses,
            "seconds": round(elapsed, 1), "p50_ms": round(timings[len(timings) // 2] * 1000, 1),
            "max_ms": round(timings[-1] * 1000, 1), "over_1s": sum(1 for t in timings if t > 1)}


def run(database: str, scale: float, servers: list[str], duration: float, warmup: float,
        only: list[str] | None = None) -> dict:
    environment = server_environment(database, scale)
    setup_django(environment)
    from django.db import connection

    manifest = read_manifest(database, scale)
    collect_static(environment)
    # As production's cron does every REPORT_CACHE_SECONDS: the executive report computed
    # ahead (its time is the cost a reader would otherwise wait for).
    started = time.perf_counter()
    subprocess.run([PY, "manage.py", "refresh_reports"], cwd=ROOT, env=environment, check=True)
    report_refresh_s = round(time.perf_counter() - started, 1)
    credentials = make_credentials(manifest)
    queries = count_queries(manifest)
    connection.close()
    result = {"database": database, "vendor": manifest["vendor"], "scale": scale, "manifest": {
        key: manifest[key] for key in ("people", "ideas", "supports", "comments", "ledger_entries", "badges",
                                       "generated_in_s")}, "queries": queries, "servers": {},
        "report_refresh_s": report_refresh_s}
    cookie = f"sessionid={credentials['sessions'][0]}"
    # Both set-ups run side by side (an idle server costs nothing) and take turns page by
    # page, so that whatever else the machine is doing weighs on both alike; on each, the
    # floor is measured again right before every page (floor, page, floor, page...), and each
    # page's share is of the floor measured beside it. The bare Django view (bench/bare.py,
    # same gunicorn set-up) is measured between two floor runs at the start.
    ports = {kind: PORT + index for index, kind in enumerate(servers)}
    processes = {}
    figures = {kind: {} for kind in servers}
    all_pages = [page for page in pages(manifest)
                 if page["name"] == FLOOR or not only or any(page["name"].startswith(name) for name in only)]
    floor_page = next(page for page in all_pages if page["name"] == FLOOR)
    floor_seconds = min(duration, 5)
    floor_runs = {kind: [] for kind in servers}
    bare, first = {}, {}

    def measure(page: dict, kind: str, seconds: float, port: int | None = None, pid: int | None = None) -> dict:
        port = port or ports[kind]
        row = {**run_wrk(page, credentials, seconds, port, server_pid=pid or processes[kind].pid),
               "queries": queries.get(page["name"])}
        split = "/".join(str(share) for share in row["worker_split"] or [])
        print(f"  {kind} {page['name']:<32} {row['rps']:8.1f} req/s  p50 {row['p50_ms']:7.1f}  "
              f"p95 {row['p95_ms']:7.1f}  p99 {row['p99_ms']:7.1f} ms  errors {row['errors']}  "
              f"queries {row['queries']}  server CPU {row['server_cpu_ms']} ms/req (workers {split} %)  "
              f"wrk {row['wrk_cpu_percent']} % of a core  (load {row['load_average'][0]:.1f})", flush=True)
        return row

    def warm_up(page: dict, kind: str) -> None:
        """At least `warmup` seconds, and until every session has been asked at least once
        (a person's first request fills the cache with their session and their row)."""
        asked, deadline = 0, time.monotonic() + 60
        while True:
            asked += run_wrk(page, credentials, warmup, ports[kind])["requests"]
            if asked >= SESSIONS or time.monotonic() > deadline:
                return

    try:
        for kind in servers:
            processes[kind] = start_server(kind, environment, cookie, ports[kind])
        # The side effects of the writes (points, notifications, report rows) on one Celery
        # worker, as in production: its delivery time is recorded beside each write row.
        processes["worker"] = start_worker(environment)
        for kind in servers:
            first[kind] = first_visits(manifest, ports[kind])
            print(f"  {kind} first visits: {first[kind]}", flush=True)
        bare_process = start_bare_server(BARE_PORT)
        processes["bare"] = bare_process
        for kind in servers:
            warm_up(floor_page, kind)
        run_wrk(BARE_PAGE, credentials, warmup, BARE_PORT)
        for kind in servers:
            floor_before = measure(floor_page, kind, floor_seconds)
            bare_row = measure(BARE_PAGE, "wsgi", floor_seconds, BARE_PORT, bare_process.pid)
            floor_after = measure(floor_page, kind, floor_seconds)
            floor_runs[kind] += [floor_before, floor_after]
            floor_rps = (floor_before["rps"] + floor_after["rps"]) / 2
            bare[kind] = {**bare_row, "floor_rps": round(floor_rps, 1),
                          "floor_share_of_bare": round(floor_rps / bare_row["rps"], 3) if bare_row["rps"] else None}
        for page in all_pages:
            if page is floor_page:
                continue
            for kind in servers:
                if page.get("missing"):
                    figures[kind][page["name"]] = {"missing": page["missing"]}
                    continue
                warm_up(page, kind)
                floor_row = measure(floor_page, kind, floor_seconds)
                floor_runs[kind].append(floor_row)
                since = django_now()
                row = measure(page, kind, duration)
                if page.get("method") == "POST":
                    row["delivery"] = delivery_after(since)
                    print(f"  {kind} {page['name']} side effects on one worker, after commit: {row['delivery']}",
                          flush=True)
                row["floor_rps"] = floor_row["rps"]
                row["floor_ratio"] = round(row["rps"] / floor_row["rps"], 3) if floor_row["rps"] else None
                figures[kind][page["name"]] = row
    finally:
        for process in processes.values():
            stop_server(process)
    for kind in servers:
        # The floor's row: the median of its runs (one beside each page), every run kept.
        runs = floor_runs[kind]
        middle = sorted(runs, key=lambda row: row["rps"])[len(runs) // 2]
        floor_row = {**middle, "floor_ratio": 1.0, "runs": [
            {key: row[key] for key in ("rps", "p50_ms", "p95_ms", "server_cpu_ms", "worker_split", "wrk_cpu_percent",
                                       "load_average", "errors")} for row in runs]}
        figures[kind] = {FLOOR: floor_row, **figures[kind]}
        result["servers"][kind] = {"label": SERVERS[kind]["label"], "pages": figures[kind], "bare": bare[kind],
                                   "first_visits": first[kind]}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["pg", "sqlite"], default="pg")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--servers", default="asgi,wsgi")
    parser.add_argument("--duration", type=float, default=20, help="seconds of each measured run")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up before each run")
    parser.add_argument("--output", type=Path, help="write the figures here as JSON")
    parser.add_argument("--pages", default="", help="only these pages (comma-separated name beginnings; "
                                                     "\"floor\": the floor and the bare view alone)")
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    WORK.mkdir(parents=True, exist_ok=True)
    only = [name.strip() for name in options.pages.split(",") if name.strip()] or None
    result = run(options.database, options.scale, options.servers.split(","), options.duration, options.warmup, only)
    result["duration_s"], result["connections"] = options.duration, CONNECTIONS
    if options.output:
        options.output.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
