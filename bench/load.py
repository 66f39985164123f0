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


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


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


def run_wrk(page: dict, credentials: dict, seconds: float, port: int, connections: int = CONNECTIONS) -> dict:
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
    try:
        completed = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s", "-s", handle.name,
             f"http://127.0.0.1:{port}"], capture_output=True, text=True, timeout=seconds + 60,
        )
        output = completed.stdout + completed.stderr
    finally:
        os.unlink(handle.name)
    line = next((line for line in output.splitlines() if line.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result for {page['name']}:\n{output}")
    raw = json.loads(line.removeprefix("RESULT "))
    errors = raw["non_200"] + raw["connect"] + raw["read"] + raw["write"] + raw["timeout"]
    return {
        "requests": raw["requests"], "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1), "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1), "max_ms": round(raw["max_us"] / 1000, 1), "errors": errors,
        "error_detail": {key: raw[key] for key in ("non_200", "connect", "read", "write", "timeout") if raw[key]},
    }


def run(database: str, scale: float, servers: list[str], duration: float, warmup: float) -> dict:
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
    # page, so that whatever else the machine is doing weighs on both alike.
    ports = {kind: PORT + index for index, kind in enumerate(servers)}
    processes = {}
    figures = {kind: {} for kind in servers}
    try:
        for kind in servers:
            processes[kind] = start_server(kind, environment, cookie, ports[kind])
        for page in pages(manifest):
            for kind in servers:
                if page.get("missing"):
                    figures[kind][page["name"]] = {"missing": page["missing"]}
                    continue
                run_wrk(page, credentials, warmup, ports[kind])
                load_before = os.getloadavg()[0]
                figures[kind][page["name"]] = row = {**run_wrk(page, credentials, duration, ports[kind]),
                                                     "queries": queries.get(page["name"]),
                                                     "load_before": round(load_before, 2)}
                print(f"  {kind} {page['name']:<32} {row['rps']:8.1f} req/s  p50 {row['p50_ms']:7.1f}  "
                      f"p95 {row['p95_ms']:7.1f}  p99 {row['p99_ms']:7.1f} ms  errors {row['errors']}  "
                      f"queries {row['queries']}  (load {load_before:.1f})", flush=True)
    finally:
        for process in processes.values():
            stop_server(process)
    for kind in servers:
        floor = figures[kind]["floor (bare view)"]["rps"]
        for row in figures[kind].values():
            if "rps" in row:
                row["floor_ratio"] = round(row["rps"] / floor, 3) if floor else None
        result["servers"][kind] = {"label": SERVERS[kind]["label"], "pages": figures[kind]}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["pg", "sqlite"], default="pg")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--servers", default="asgi,wsgi")
    parser.add_argument("--duration", type=float, default=20, help="seconds of each measured run")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up before each run")
    parser.add_argument("--output", type=Path, help="write the figures here as JSON")
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    WORK.mkdir(parents=True, exist_ok=True)
    result = run(options.database, options.scale, options.servers.split(","), options.duration, options.warmup)
    result["duration_s"], result["connections"] = options.duration, CONNECTIONS
    if options.output:
        options.output.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
