"""What the bench scripts share: where their databases live, the settings they run with,
and the file that tells the load run who and what to ask for.

Each bench database is a scratch one, emptied by the generator: a SQLite file in the
temporary folder (one per scale), or the PostgreSQL database named by BENCH_DATABASE_URL.
Nothing here is imported by the site.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
WORK = Path(os.environ.get("BENCH_WORKDIR", Path(tempfile.gettempdir()) / "multitude-bench"))

# Every generated person signs in with this password (their hashes are all computed once).
PASSWORD = "bench-multitude-2026"
# The key the load run's servers sign sessions with; sessions made for the run need it too.
SECRET_KEY = "bench-only-secret-key-" + "x" * 40
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/helper_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/8"


def database_url(database: str, scale: float) -> str:
    """DATABASE_URL for a bench database: "pg" or "sqlite" (a file per scale)."""
    if database == "pg":
        return os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG_URL)
    WORK.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{WORK / f'bench-scale{scale:g}.sqlite3'}"


def manifest_path(database: str, scale: float) -> Path:
    WORK.mkdir(parents=True, exist_ok=True)  # a fresh machine has no work folder yet
    return WORK / f"manifest-{database}-scale{scale:g}.json"


def read_manifest(database: str, scale: float) -> dict:
    return json.loads(manifest_path(database, scale).read_text())


def server_environment(database: str, scale: float, **extra) -> dict:
    """The environment of the production server under test (and of whatever runs beside
    it against the same data): production settings, debug off, plain HTTP on loopback."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # The servers answer on loopback without TLS: no redirect to HTTPS, no HSTS.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url(database, scale),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL),
        "CACHE_KEY_PREFIX": "multitude-bench",
        "CHANNEL_PREFIX": "multitude-bench",
        "BENCH_FLOOR": "1",
        # The run's sessions are written straight to the session store, without the second
        # factor a sign-in asks of moderators and executives (tested in tests/accounts).
        "MFA_REQUIRED_FOR_ROLES": "",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    environment.update(extra)
    return environment


def session_for(user, seen_ago: float = 0) -> str:
    """A signed-in session of this person, written straight to the session store (after
    setup_django), as a sign-in would leave it, last seen `seen_ago` seconds ago (past
    SESSION_SEEN_REFRESH_SECONDS, its first request writes it); returns its key."""
    import time

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts import identity

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[identity.SIGNED_IN_AT_KEY] = time.time() - seen_ago
    store[identity.SEEN_AT_KEY] = time.time() - seen_ago
    store.create()
    return store.session_key


def setup_django(environment: dict) -> None:
    """Configure this process like the server (call before importing models)."""
    os.environ.update(environment)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def collect_static(environment: dict) -> None:
    """The production settings serve static files from the collected manifest: collect
    them every run (quick when nothing changed), so a file added since is in it."""
    import subprocess

    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=environment,
                   check=True)


# --- what a run needs on the machine ------------------------------------------------------

def ensure_services(databases: list[str]) -> None:
    """Make what the run needs on a fresh machine, as .ci/run does: PostgreSQL up and the
    bench database created (when "pg" is asked for), Redis up, wrk installed. Stops with a
    sentence saying what is missing when it cannot."""
    import shutil
    import subprocess
    import time
    from urllib.parse import urlsplit

    if shutil.which("wrk") is None:
        print("Installing wrk", flush=True)
        if subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], capture_output=True)
        if shutil.which("wrk") is None:
            raise SystemExit("wrk is needed and could not be installed: apt-get install wrk")

    def wait_for(what: str, ready) -> None:
        for _ in range(60):
            if ready():
                return
            time.sleep(0.5)
        raise SystemExit(f"{what} did not come up within 30 s")

    redis_url = urlsplit(os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    import redis

    def redis_up() -> bool:
        try:
            return redis.Redis(host=redis_url.hostname, port=redis_url.port or 6379, socket_timeout=1).ping()
        except redis.RedisError:
            return False

    if not redis_up():
        if redis_url.hostname not in ("127.0.0.1", "localhost") or shutil.which("redis-server") is None:
            raise SystemExit(f"Redis does not answer at {redis_url.hostname}:{redis_url.port or 6379}")
        print("Redis is down: starting it", flush=True)
        subprocess.run(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port",
                        str(redis_url.port or 6379), "--save", "", "--appendonly", "no"], check=True)
        wait_for("Redis", redis_up)

    if "pg" not in databases:
        return
    import psycopg
    from psycopg import sql

    url = urlsplit(database_url("pg", 0))
    name = url.path.lstrip("/")
    if not name:
        raise SystemExit("BENCH_DATABASE_URL names no database")
    # The server's maintenance database, to create the bench one in.
    maintenance = url._replace(scheme="postgresql", path="/postgres").geturl()

    def postgres_up() -> bool:
        try:
            psycopg.connect(maintenance, connect_timeout=2).close()
            return True
        except psycopg.OperationalError:
            return False

    if not postgres_up():
        clusters = sorted(Path("/etc/postgresql").glob("*")) if Path("/etc/postgresql").is_dir() else []
        if url.hostname not in ("127.0.0.1", "localhost") or not clusters or shutil.which("pg_ctlcluster") is None:
            raise SystemExit(f"PostgreSQL does not answer at {url.hostname}:{url.port or 5432}")
        print("PostgreSQL is down: starting it", flush=True)
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", clusters[-1].name, "main", "start"], check=True)
        wait_for("PostgreSQL", postgres_up)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            print(f"Creating the PostgreSQL database {name}", flush=True)
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
