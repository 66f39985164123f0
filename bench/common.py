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


def session_for(user) -> str:
    """A signed-in session of this person, written straight to the session store (after
    setup_django), as a sign-in would leave it; returns its key for the cookie."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
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
