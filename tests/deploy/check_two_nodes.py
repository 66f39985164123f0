"""Two machines simulated on one, behind nginx: the check CI runs (README "Production").

    .venv/bin/python tests/deploy/check_two_nodes.py        # about 2 minutes; exit code 1 if a check fails

It starts a PostgreSQL cluster and a Redis server of its own on spare ports, migrates and
collects static files, then runs deploy/Procfile's lines as two app nodes (each a gunicorn
and a daphne on their own ports, a Celery worker each), one beat, and nginx in front with
both nodes in its upstreams (deploy/nginx.conf). Production settings, plain HTTP on loopback.
It proves, with real HTTP and websockets:

1. A session signed in through node A's login form works on node B.
2. A support sent to node A reaches a websocket held on node B (the channel layer is Redis).
3. Pictures pass through the app's permission check and are sent by nginx with the app's
   security headers (X-Accel-Redirect); /media/ and the internal location answer 404.
4. Node A is killed (SIGKILL, like a machine lost) while people read and comment through
   nginx: every read still succeeds (nginx sends it to node B), every write either succeeds
   or gets the designed answer (nginx's 502 "saved whole or not at all", or the app's 503),
   and every write that got a success is in the database. A websocket opened through nginx
   afterwards is served by node B and hears a support.
"""

import asyncio
import collections
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from deploy import topology  # noqa: E402
from tests.deploy.services import PostgresCluster, RedisServer, postgres_missing  # noqa: E402

PY = sys.executable
PG_PORT, REDIS_PORT, PROXY_PORT = 55442, 56389, 58090
NODES = {"a": (58111, 58211), "b": (58112, 58212)}  # gunicorn port, daphne port
WORK = Path(os.environ.get("TWO_NODES_WORKDIR", Path(tempfile.gettempdir()) / "multitude-two-nodes"))
PASSWORD = "two-nodes-multitude"
CSRF = "twonodestwonodestwonodestwonodes"  # the csrftoken cookie the traffic clients send back
READERS_WRITERS = 6


def environment() -> dict:
    bin_dir = str(Path(PY).parent)
    return {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/multitude",
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MEDIA_ROOT": str(WORK / "media"),
        "MEDIA_ACCEL_REDIRECT_PREFIX": topology.MEDIA_ACCEL_PREFIX,
        "API_NUM_PROXIES": "1",
        # Plain HTTP on loopback: no redirect to HTTPS, no HSTS (README "Production").
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        # The traffic writes faster than a person may (their limits have tests of their own).
        "RATE_LIMITS_ENABLED": "0",
        "LOG_LEVEL": "WARNING",
        "RUN_DIR": str(WORK / "nginx"),
        "WEB_WORKERS": "1",
        "WEB_THREADS": "4",
        "WORKER_CONCURRENCY": "1",
    }


# --- processes ----------------------------------------------------------------------------

class Processes:
    def __init__(self):
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, label: str, procfile_name: str, env: dict) -> None:
        log = open(WORK / f"{label}.log", "w")
        self.running[label] = subprocess.Popen(topology.command_line(procfile_name, env), cwd=ROOT, env=env,
                                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def kill(self, label: str, sig=signal.SIGKILL) -> None:
        process = self.running.pop(label, None)
        if process is not None and process.poll() is None:
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                pass
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def stop_all(self) -> None:
        for label in list(self.running):
            self.kill(label, signal.SIGTERM)

    def check_alive(self) -> None:
        dead = [label for label, process in self.running.items() if process.poll() is not None]
        if dead:
            raise SystemExit(f"stopped early: {dead} (logs in {WORK})")


def cpu_seconds(process_groups: list[int]) -> float:
    """CPU time used so far by every process of these groups (a Celery worker and its pool)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) in process_groups:  # pgrp; then utime, stime at 11, 12
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def wait_for_http(port: int, path: str = "/accounts/login/", seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"nothing answered on port {port} within {seconds:g} s (logs in {WORK})")


# --- data ---------------------------------------------------------------------------------

def make_world() -> dict:
    """People (signed-in sessions for the traffic), an idea to support and comment, and an
    avatar on disk."""
    import io

    from allauth.account.models import EmailAddress
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.files.base import ContentFile
    from django.utils import timezone
    from PIL import Image

    from accounts.models import Entity, User
    from core.text import render_markdown
    from ideas.models import Idea, Stage, Theme

    unit = Entity.objects.create(name="Two nodes", code="TWO")
    people = [User.objects.create_user(email=f"node{i}@multitude.example", password=PASSWORD, first_name="Node",
                                       last_name=f"Person {i}", entity=unit) for i in range(READERS_WRITERS + 3)]
    for user in people:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    author = people[0]
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(picture, "PNG")
    author.avatar.save("two-nodes.png", ContentFile(picture.getvalue()), save=True)
    now = timezone.now()
    idea = Idea.objects.create(
        title="Two nodes idea", body="Support me", body_html=render_markdown("Support me"),
        theme=Theme.objects.order_by("position").first(), author=author, author_entity=unit,
        stage=Stage.PUBLISHED, submitted_at=now, published_at=now, stage_changed_at=now)

    def session(user) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    return {
        "author": author.pk, "avatar": author.avatar.name, "avatar_bytes": picture.getvalue(),
        "login_email": people[1].email, "login_pk": people[1].pk, "viewer": session(people[2]), "idea": idea.pk,
        "traffic": [session(user) for user in people[3:]],
    }


# --- HTTP ---------------------------------------------------------------------------------

def request(port: int, method: str, path: str, *, cookies: dict | None = None, body: dict | None = None,
            headers: dict | None = None, timeout: float = 30) -> tuple[int, dict, bytes]:
    """One request; cookies sent by hand (the production cookies are Secure, and a cookie
    jar would keep them off plain HTTP)."""
    sent = dict(headers or {})
    if cookies:
        sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    data = None
    if body is not None:
        data = urllib.parse.urlencode(body)
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        answer = response.read()
        got = {}
        for name, value in response.getheaders():
            got.setdefault(name.lower(), []).append(value)
        return response.status, got, answer
    finally:
        connection.close()


def set_cookies(headers: dict) -> dict:
    found = {}
    for line in headers.get("set-cookie", []):
        name, _, rest = line.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def sign_in(port: int, email: str) -> dict:
    """Through the login form, as a person does: returns the cookies it leaves."""
    status, headers, page = request(port, "GET", "/accounts/login/")
    cookies = set_cookies(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    status, headers, _ = request(port, "POST", "/accounts/login/", cookies=cookies,
                                 body={"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token})
    if status != 302:
        raise SystemExit(f"signing in on port {port} answered {status}")
    cookies.update(set_cookies(headers))
    return cookies


def support(port: int, session: str, idea: int, *, withdraw: bool = False) -> int:
    status, _, _ = request(port, "POST", f"/ideas/{idea}/support/", cookies={"sessionid": session, "csrftoken": CSRF},
                           headers={"X-CSRFToken": CSRF, "HX-Request": "true"},
                           body={"action": "withdraw"} if withdraw else {})
    return status


# --- websockets ---------------------------------------------------------------------------

async def _hears_support(ws_port: int, session: str, idea: int, act) -> dict | None:
    """Hold a websocket on `ws_port`, subscribe to the idea, call `act()` (in a thread) and
    return the live update about the idea, or None after 15 s."""
    import websockets

    origin = f"http://127.0.0.1:{ws_port}"
    async with websockets.connect(f"ws://127.0.0.1:{ws_port}/ws/live/", open_timeout=15,
                                  additional_headers={"Cookie": f"sessionid={session}", "Origin": origin}) as socket:
        await socket.send(json.dumps({"action": "subscribe", "idea": idea}))
        deadline = time.monotonic() + 15
        while True:
            message = json.loads(await asyncio.wait_for(socket.recv(), timeout=15))
            if message.get("type") == "subscribed":
                break
            if message.get("type") == "refused":
                return None
        await asyncio.to_thread(act)
        while time.monotonic() < deadline:
            try:
                message = json.loads(await asyncio.wait_for(socket.recv(), timeout=deadline - time.monotonic()))
            except TimeoutError:
                return None
            if message.get("type") == "support" and message.get("idea") == idea:
                return message
    return None


def hears_support(ws_port: int, session: str, idea: int, act) -> dict | None:
    return asyncio.run(_hears_support(ws_port, session, idea, act))


# --- traffic while a node dies --------------------------------------------------------------

class Traffic:
    """People reading the idea page and commenting through nginx; what each answer was."""

    def __init__(self, sessions: list[str], idea: int):
        self.sessions, self.idea = sessions, idea
        self.lock = threading.Lock()
        self.reads = collections.Counter()
        self.writes = collections.Counter()
        self.saved: list[str] = []       # comments whose POST got a success
        self.unknown: list[str] = []     # comments whose POST got the designed error
        self.stop = threading.Event()

    def person(self, number: int, session: str) -> None:
        cookies = {"sessionid": session, "csrftoken": CSRF}
        sent = 0
        while not self.stop.is_set():
            try:
                status, _, _ = request(PROXY_PORT, "GET", f"/ideas/{self.idea}/", cookies=cookies, timeout=30)
            except OSError as error:
                status = f"connection error: {type(error).__name__}"
            with self.lock:
                self.reads[status] += 1
            sent += 1
            body = f"Comment {number}-{sent} {secrets.token_hex(4)}"
            try:
                status, headers, _ = request(PROXY_PORT, "POST", f"/ideas/{self.idea}/comments/", cookies=cookies,
                                             headers={"X-CSRFToken": CSRF}, body={"body": body}, timeout=30)
                if status == 502 and "5" not in headers.get("retry-after", []):
                    status = "502 without the designed page"
            except OSError as error:
                status = f"connection error: {type(error).__name__}"
            with self.lock:
                self.writes[status] += 1
                if status == 302:
                    self.saved.append(body)
                elif status in (502, 503):
                    self.unknown.append(body)

    def run(self, seconds: float, during) -> None:
        threads = [threading.Thread(target=self.person, args=(i, s), daemon=True) for i, s in enumerate(self.sessions)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        during()
        time.sleep(max(0.0, seconds - (time.monotonic() - started)))
        self.stop.set()
        for thread in threads:
            thread.join(timeout=60)


# --- the run ------------------------------------------------------------------------------

def main() -> int:
    started = time.monotonic()
    missing = postgres_missing() or (None if shutil.which("nginx") else "nginx is missing: apt-get install nginx")
    if missing:
        print(f"Cannot run the two-node check: {missing}")
        return 1
    if WORK.exists():  # a run cut short
        PostgresCluster(WORK / "pg", PG_PORT).stop()
        RedisServer(WORK / "redis", REDIS_PORT).stop()
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    postgres, redis = PostgresCluster(WORK / "pg", PG_PORT), RedisServer(WORK / "redis", REDIS_PORT)
    processes = Processes()
    failures: list[str] = []

    def check(condition: bool, what: str) -> None:
        print(f"  {'ok  ' if condition else 'FAIL'} {what}")
        if not condition:
            failures.append(what)

    try:
        print("Starting PostgreSQL and Redis of the check's own")
        postgres.create(database="multitude")
        redis.start()
        env = environment()
        subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        os.environ.update(env)
        import django

        django.setup()
        from django.db import connection

        world = make_world()
        connection.close()

        topology.write_nginx_conf(run_dir=Path(env["RUN_DIR"]), listen=f"127.0.0.1:{PROXY_PORT}",
                                  nodes=list(NODES.values()), static_root=ROOT / "staticfiles",
                                  media_root=Path(env["MEDIA_ROOT"]))
        for node, (web, ws) in NODES.items():
            node_env = {**env, "WEB_PORT": str(web), "WS_PORT": str(ws), "NODE_NAME": f"node-{node}"}
            processes.start(f"web-{node}", "web", node_env)
            processes.start(f"ws-{node}", "ws", node_env)
            processes.start(f"worker-{node}", "worker", node_env)
        processes.start("beat", "beat", {**env, "NODE_NAME": "beat"})
        processes.start("proxy", "proxy", env)
        for web, ws in NODES.values():
            wait_for_http(web)
            wait_for_http(ws)
        wait_for_http(PROXY_PORT)
        processes.check_alive()
        print(f"Up after {time.monotonic() - started:.0f} s: nginx :{PROXY_PORT}; node A gunicorn :{NODES['a'][0]} "
              f"daphne :{NODES['a'][1]}; node B gunicorn :{NODES['b'][0]} daphne :{NODES['b'][1]}; "
              "two workers, one beat")
        (web_a, ws_a), (web_b, ws_b) = NODES["a"], NODES["b"]
        idea = world["idea"]

        print("1. A session signed in on node A, used on node B")
        cookies = sign_in(web_a, world["login_email"])
        status, headers, page = request(web_b, "GET", "/notifications/", cookies=cookies)
        check(status == 200 and f'href="/people/{world["login_pk"]}/"'.encode() in page,
              f"node B serves the person's own page, with a link to their profile (status {status})")
        status, headers, _ = request(web_b, "GET", "/notifications/")
        check(status == 302 and "/accounts/login/" in headers.get("location", [""])[0],
              f"without the session node B sends to the login page (status {status})")

        print("2. A support sent to node A reaches a websocket held on node B")
        answer = {}
        heard = hears_support(ws_b, world["viewer"], idea,
                              lambda: answer.setdefault("status", support(web_a, cookies["sessionid"], idea)))
        check(answer.get("status") == 200, f"node A answered the support with {answer.get('status')}")
        check(heard is not None and heard.get("count") == 1,
              f"node B's websocket heard it: {heard}")

        print("3. Pictures: the app's permission check, nginx's bytes")
        avatar_path = f"/people/{world['author']}/avatar/full/"
        status, headers, body = request(PROXY_PORT, "GET", avatar_path, cookies={"sessionid": world["viewer"]})
        check(status == 200 and body == world["avatar_bytes"], f"a signed-in person gets the avatar (status {status})")
        check(headers.get("content-type") == ["image/png"] and headers.get("x-content-type-options") == ["nosniff"]
              and headers.get("x-frame-options") == ["DENY"] and "content-security-policy" in headers
              and headers.get("cache-control") == ["private, max-age=3600"],
              "with the app's headers: " + ", ".join(f"{k}: {v}" for k, v in sorted(headers.items())
                                                      if k in ("content-type", "x-content-type-options",
                                                               "x-frame-options", "cache-control")))
        status, headers, _ = request(PROXY_PORT, "GET", avatar_path)
        check(status == 302, f"an anonymous visitor is sent to sign in (status {status})")
        for path in (f"/media/{world['avatar']}", f"{topology.MEDIA_ACCEL_PREFIX}/{world['avatar']}"):
            status, _, _ = request(PROXY_PORT, "GET", path)
            check(status == 404, f"{path.split('/')[1]}/… is not served directly (status {status})")

        print(f"4. Node A killed while {len(world['traffic'])} people read and comment through nginx")
        traffic = Traffic(world["traffic"], idea)

        def kill_node_a() -> None:
            time.sleep(4)
            processes.kill("web-a")
            processes.kill("ws-a")
            print(f"  node A (gunicorn and daphne) killed at {time.monotonic() - started:.0f} s")

        workers = [processes.running[f"worker-{node}"].pid for node in NODES]
        idle_started, idle_cpu = time.monotonic(), cpu_seconds(workers)
        time.sleep(5)  # what the idle workers spend (polling the broker), to leave out below
        idle_rate = (cpu_seconds(workers) - idle_cpu) / (time.monotonic() - idle_started)
        busy_started, worker_cpu = time.monotonic(), cpu_seconds(workers)
        traffic.run(12, kill_node_a)
        time.sleep(5)  # the workers finish what the traffic queued
        worker_cpu = cpu_seconds(workers) - worker_cpu - idle_rate * (time.monotonic() - busy_started)
        print(f"  reads: {dict(traffic.reads)}; writes: {dict(traffic.writes)}")
        check(set(traffic.reads) == {200}, "every read succeeded")
        check(set(traffic.writes) <= {302, 502, 503}, "every write succeeded or got the designed answer")
        from ideas.models import Comment

        stored = set(Comment.objects.filter(idea_id=idea).values_list("body", flat=True))
        lost = [body for body in traffic.saved if body not in stored]
        check(traffic.saved and not lost, f"{len(traffic.saved)} comments answered as saved, all in the database"
                                          f"{'' if not lost else f' except {lost}'}")
        written = len(traffic.saved) + len(traffic.unknown)
        print(f"  workers' CPU for the traffic's side effects: {worker_cpu:.2f} s for {written} comments "
              f"({1000 * worker_cpu / max(written, 1):.1f} ms each; idle polling, {idle_rate:.3f} s/s, left out)")
        print(f"  {len(traffic.unknown)} answered with the designed error; "
              f"of them {sum(body in stored for body in traffic.unknown)} were saved (whole)")
        connection.close()
        status = support(PROXY_PORT, world["traffic"][0], idea)
        heard = hears_support(PROXY_PORT, world["viewer"], idea,
                              lambda: answer.update(after=support(PROXY_PORT, world["traffic"][1], idea)))
        check(status == 200 and answer.get("after") == 200 and heard is not None,
              f"a websocket through nginx, now on node B, hears a support: {heard}")
        processes.check_alive()
    finally:
        processes.stop_all()
        redis.stop()
        postgres.stop()

    seconds = time.monotonic() - started
    if failures:
        print(f"FAILED after {seconds:.0f} s ({len(failures)}): logs in {WORK}")
        return 1
    print(f"The two-node check passed in {seconds:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
