"""The API as an outside client finds it: schemathesis against /api/schema/, on PostgreSQL,
behind gunicorn with the production settings (not part of the test suite; `make fuzz`).

    .venv/bin/python fuzz/run.py                 # every check, every phase, seed 20261203
    .venv/bin/python fuzz/run.py --max-examples 5 --callers employee

It empties its own database (FUZZ_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/fuzz),
migrates it, writes the security tests' fixture world (fuzz/world.py) with a personal API
token for its employee and its community manager, starts gunicorn on 127.0.0.1 and runs schemathesis three
times: as the employee, as the community manager and without credentials. Each run's
report goes to fuzz/report/<caller>/ (JUnit and the cassette of every request). The exit
code is schemathesis's: non-zero when any response is a server error, has a status or a
content type the schema does not document, or does not match its schema.

The checks left off are listed in CHECKS_LEFT_OFF, with the reason (also in the README, API).
"""

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
ST = str(ROOT / ".venv" / "bin" / "st")
REPORTS = ROOT / "fuzz" / "report"
SEED = 20261203

# Checks that cannot hold for this API by design; every other check of schemathesis runs.
CHECKS_LEFT_OFF = {
    # Valid-looking ids, themes, entities or authors that name nothing are refused (400 or 404):
    # a schema cannot say which ids exist, so "positive data" the API refuses is expected.
    "positive_data_acceptance": "a schema-valid id that names no row is refused, and must be",
}
CALLERS = ("employee", "community_manager", "anonymous")


def sh(*args: str, env=None, capture=False) -> str:
    print("$", " ".join(args), flush=True)
    result = subprocess.run(args, cwd=ROOT, env=env, check=True, text=True,
                            stdout=subprocess.PIPE if capture else None)
    return result.stdout if capture else ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def recreate_database(url: str) -> None:
    """Drop and create the fuzz's own database (never the one named by DATABASE_URL)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def server_env(database_url: str, redis_url: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in ("DJANGO_SETTINGS_MODULE",)}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on the loopback: the proxy that would end HTTPS is not there.
        "SECURE_SSL_REDIRECT": "0",
        # Thousands of requests a minute from one token: the rates are not what is tested.
        "API_THROTTLE_ANON": "1000000/min",
        "API_THROTTLE_USER": "1000000/min",
        "API_THROTTLE_WRITE": "1000000/min",
        "RATE_LIMITS_ENABLED": "0",
        "MEDIA_ROOT": str(ROOT / "fuzz" / "media"),
        "PYTHONUNBUFFERED": "1",
    })
    return env


def prepare(env: dict) -> dict[str, str]:
    """Migrate, write the fixture world (fuzz/world.py), collect static files; {caller: token}."""
    sh(PY, "manage.py", "migrate", "--noinput", "-v", "0", env=env)
    sh(PY, "manage.py", "collectstatic", "--noinput", "-v", "0", env=env)
    printed = sh(PY, "manage.py", "shell", "-c", "from fuzz.world import build\n"
                 "for caller, raw in build().items(): print(caller, raw)", env=env, capture=True)
    return dict(line.split(" ", 1) for line in printed.strip().splitlines()[-2:])


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=30):  # noqa: S310 - the loopback server started here
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer {url} within {seconds:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get(
        "FUZZ_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/fuzz"))
    parser.add_argument("--redis-url", default=os.environ.get("FUZZ_REDIS_URL", "redis://127.0.0.1:6379/9"))
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--max-examples", type=int, default=int(os.environ.get("FUZZ_MAX_EXAMPLES", 10)))
    parser.add_argument("--callers", default=",".join(CALLERS))
    # One worker: two threads of schemathesis parsing lambdas at once trip a CPython 3.11 AST bug.
    parser.add_argument("--workers", default="1")
    args = parser.parse_args()

    started = time.monotonic()
    recreate_database(args.database_url)
    env = server_env(args.database_url, args.redis_url)
    tokens = prepare(env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--threads", "2", "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    failed = []
    try:
        wait_for(f"{base}/api/schema/")
        shutil.rmtree(REPORTS, ignore_errors=True)
        for caller in args.callers.split(","):
            headers = ["-H", f"Authorization: Bearer {tokens[caller]}"] if caller in tokens else []
            report = REPORTS / caller
            command = [
                ST, "run", f"{base}/api/schema/", "--checks", "all",
                "--exclude-checks", ",".join(CHECKS_LEFT_OFF),
                "--phases", "examples,coverage,fuzzing,stateful",
                "--seed", str(args.seed), "--max-examples", str(args.max_examples),
                "--workers", args.workers, "--generation-database", "none",
                "--request-timeout", "30", "--no-color", "--output-truncate", "true",
                "--report", "junit,vcr", "--report-dir", str(report),
                "-H", "Accept-Language: en", *headers,
            ]
            print(f"\n==== schemathesis as {caller} ====", flush=True)
            shown = [part if not part.startswith("Authorization") else "Authorization: Bearer …" for part in command]
            print("$", " ".join(shown), flush=True)
            if subprocess.run(command, cwd=ROOT).returncode != 0:
                failed.append(caller)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(f"\nschemathesis: {len(args.callers.split(','))} callers in {time.monotonic() - started:.0f} s; "
          f"{'failures as ' + ', '.join(failed) if failed else 'no failure'}; left off: "
          + "; ".join(f"{check} ({why})" for check, why in CHECKS_LEFT_OFF.items()), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
