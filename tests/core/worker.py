"""A real Celery worker (with its beat) and a Redis broker of its own, for the tests of the
worker tier: the broker can be stopped and started again, and the worker killed, without
touching the Redis the rest of the suite uses."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from config import celery_app

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, *, timeout: float, every: float = 0.2, what: str = "the condition", log=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    tail = f"\n--- the worker's log ---\n{log()[-4000:]}" if log else ""
    raise AssertionError(f"{what} not reached within {timeout} s{tail}")


class Broker:
    """A redis-server on a free port, stopped and started again on the same port."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        for _attempt in range(5):
            self.process = subprocess.Popen(
                [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            wait_until(lambda: self._answers() or self.process.poll() is not None, timeout=10, what="the broker")
            if self.process.poll() is None:
                return
            # The port was taken meanwhile (by another test process): ours did not start.
            self.port = free_port()
            self.url = f"redis://127.0.0.1:{self.port}/0"
        raise AssertionError("no port for the broker")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def queued(self, queue: str = "celery") -> int:
        """How many messages wait in the queue (LLEN, spoken raw: no client library needed)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as conn:
            conn.sendall(f"*2\r\n$4\r\nLLEN\r\n${len(queue)}\r\n{queue}\r\n".encode())
            answer = conn.recv(64)
        assert answer.startswith(b":"), answer
        return int(answer[1:].split(b"\r\n")[0])

    def _answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def database_url() -> str:
    """The test database, as the worker process must reach it."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


class Worker:
    """`celery -A config worker -B` in a process group of its own, on the test database."""

    def __init__(self, broker: Broker):
        self.broker = broker
        self.process = None
        self.folder = tempfile.mkdtemp(prefix="multitude-worker-")
        self.log = Path(self.folder, "worker.log")

    def start(self):
        env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
        env.update({
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": self.broker.url,
            "TASKS_MODE": "worker",
            # Quick redelivery and sweep, so the tests wait seconds, not minutes.
            "CELERY_VISIBILITY_TIMEOUT": "5",
            "OUTBOX_LEASE_SECONDS": "5",
            "OUTBOX_SWEEP_AFTER_SECONDS": "1",
            "OUTBOX_SWEEP_EVERY": "1",
        })
        if settings.REDIS_URL:
            env["REDIS_URL"] = settings.REDIS_URL  # the same cache and channel layer as the test
        else:
            env.pop("REDIS_URL", None)
        self.log_offset = self.log.stat().st_size if self.log.exists() else 0
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-B", "-s", str(Path(self.folder, "beat")),
             "-P", "prefork", "-c", "2", "-l", "info", "--without-gossip", "--without-mingle",
             "-n", f"test-{os.getpid()}@%h"],
            cwd=ROOT, env=env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )
        wait_until(lambda: "ready." in self.log_text() or self.process.poll() is not None, timeout=60,
                   what="the worker")
        assert self.process.poll() is None, self.log.read_text()[-3000:]

    def log_text(self) -> str:
        """What the worker wrote since it last started."""
        return self.log.read_text(errors="replace")[self.log_offset:]

    def kill(self):
        """SIGKILL to the whole worker (its pool and beat too), mid-task or not."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None

    def stop(self):
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None


def point_the_app_at(url: str) -> None:
    """This process's Celery app publishes to `url` from now on. Both the connection pool and
    the producer pool built on it are dropped: `app.close()` drops only the first, and the
    producers kept publishing to the previous test's broker, which had stopped."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    amqp = celery_app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None
    celery_app.conf.broker_url = url


@contextlib.contextmanager
def running_worker_tier(settings, broker: Broker):
    """This process publishes to `broker` (events handed over at once, no back-off); a
    worker with its beat consumes from it. Yields the worker; stops it after."""
    settings.TASKS_MODE = "worker"
    settings.OUTBOX_BROKER_BACKOFF_SECONDS = 0
    point_the_app_at(broker.url)
    worker = Worker(broker)
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
        point_the_app_at(settings.CELERY_BROKER_URL)
