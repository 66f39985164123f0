"""Browser tests: Debian's Chromium, driven by Playwright, against the real ASGI server.

How the site is served
----------------------
The session starts the site as production does — daphne serving `config.asgi:application`
(HTTP and websockets) — in a subprocess, on a free loopback port, with the settings of
`tests/browser/server_settings.py` (the test settings, plus what the environment below
names). Nothing of pytest-django's test database is shared with it:

* **Its own database, made fresh for the session.** SQLite: a file in a temporary folder.
  With `DATABASE_URL` (PostgreSQL): a database `<name>_browser_<pid>` created next to the
  one the URL names and dropped at the end. `manage.py migrate` runs in the server's
  environment first, so the site starts exactly as a new installation: themes, points
  rules, badges and canned reasons come from the migrations, and nothing ever flushes them.
* **Tests write their starting state into that same database** with `site.db()`: inside it,
  the test process's default connection is swapped for one to the site's database (the
  only database access these tests have), so factories and services run as in any other
  test and commit for real; the server sees the rows at once. Everything else a test does
  goes through the browser. The database lives for the session, so each test makes its
  own people, business units and themes with a unique tag and looks only at those.
* **E-mails** are written by the server as files in a temporary folder (`site.mails()`),
  **uploads** go to a temporary media folder; with `REDIS_URL` the server uses Redis for
  its cache and channel layer as in production.

No test here needs `db`/`transactional_db`: there is no transaction to roll back across
two processes, and a flush would wipe what the migrations seeded.

Without Chromium or Playwright every test here is skipped and the summary says why; the
summary also gives the browser suite's total duration.
"""

import asyncio
import contextlib
import email
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from email import policy
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
# Beyond these the machine is in trouble: fail rather than hang.
SERVER_START_TIMEOUT = 60
PAGE_TIMEOUT_MS = 15_000

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None


def _chromium_path():
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    return shutil.which("chromium")


def _skip_reason():
    if sync_playwright is None:
        return "the playwright package is not installed (pip install -r requirements.txt)"
    if not _chromium_path():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    return None


def _is_browser_test(nodeid: str) -> bool:
    return nodeid.replace(os.sep, "/").startswith("tests/browser/") or "/tests/browser/" in nodeid


# --- Collection, and what the summary says -------------------------------------------------

_timing = {"tests": 0, "seconds": 0.0, "server_start": None, "skipped_reason": None, "screenshots_deselected": 0}


def pytest_collection_modifyitems(config, items):
    # Screenshots are taken on demand only (make screenshots sets SCREENSHOTS_DIR).
    if not os.environ.get("SCREENSHOTS_DIR"):
        shots = [item for item in items if item.get_closest_marker("screenshots")]
        if shots:
            _timing["screenshots_deselected"] = len(shots)
            config.hook.pytest_deselected(items=shots)
            items[:] = [item for item in items if item not in shots]
    reason = _skip_reason()
    for item in items:
        if _is_browser_test(item.nodeid):
            item.add_marker(pytest.mark.browser)
            if reason:
                _timing["skipped_reason"] = reason
                item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))


def pytest_runtest_logreport(report):
    if _is_browser_test(report.nodeid):
        _timing["seconds"] += report.duration
        if report.when == "call":
            _timing["tests"] += 1


def pytest_terminal_summary(terminalreporter):
    if _timing["skipped_reason"]:
        terminalreporter.write_line(f"BROWSER TESTS SKIPPED: {_timing['skipped_reason']}", yellow=True, bold=True)
    elif _timing["tests"]:
        start = _timing["server_start"]
        started = f", of which {start:.1f} s to migrate and start the site" if start is not None else ""
        terminalreporter.write_line(
            f"browser tests: {_timing['tests']} ran in {_timing['seconds']:.1f} s{started}", bold=True
        )
    if _timing["screenshots_deselected"]:
        terminalreporter.write_line(
            f"{_timing['screenshots_deselected']} screenshot tests deselected: `make screenshots` takes them"
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed browser test shows the end of the server's log."""
    outcome = yield
    report = outcome.get_result()
    site = _running_site.get("site")
    if report.failed and site is not None and _is_browser_test(item.nodeid):
        report.sections.append(("site log (last lines)", site.log_tail()))


# --- The site -------------------------------------------------------------------------------

_running_site = {}


class Site:
    """The running site: its address, its database, its mailbox and its log."""

    def __init__(self, *, workdir: Path, blocker):
        self.workdir = workdir
        self.media = workdir / "media"
        self.mail = workdir / "mail"
        self.log_path = workdir / "site.log"
        self.media.mkdir()
        self.mail.mkdir()
        self._blocker = blocker
        self._process = None
        self._pg = None  # connection parameters when the site runs on PostgreSQL
        self.url = ""
        database_url = os.environ.get("DATABASE_URL", "")
        if database_url:
            import dj_database_url

            self._pg = dj_database_url.parse(database_url)
            self.database = f"{self._pg['NAME']}_browser_{os.getpid()}"[:63]
        else:
            self.database = str(workdir / "site.sqlite3")

    # The server's environment: the same as the tests', with the site's own places.
    def environment(self) -> dict:
        env = dict(os.environ)
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        env.update(
            DJANGO_SETTINGS_MODULE="tests.browser.server_settings",
            BROWSER_SITE_DATABASE=self.database,
            BROWSER_SITE_MEDIA=str(self.media),
            BROWSER_SITE_MAIL=str(self.mail),
            BROWSER_SITE_URL=self.url,
            PYTHONUNBUFFERED="1",
            PYTHONPATH=str(PROJECT_ROOT),
        )
        return env

    def _pg_admin(self):
        import psycopg

        return psycopg.connect(
            host=self._pg["HOST"] or None, port=self._pg["PORT"] or None, user=self._pg["USER"] or None,
            password=self._pg["PASSWORD"] or None, dbname="postgres", autocommit=True,
        )

    def create_database(self):
        if self._pg is None:
            return
        with self._pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{self.database}"')

    def drop_database(self):
        if self._pg is None:
            return
        with self._pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    def start(self):
        started = time.monotonic()
        self.create_database()
        with open(self.log_path, "ab") as log:
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
                cwd=PROJECT_ROOT, env=self.environment(), stdout=log, stderr=subprocess.STDOUT, check=False,
            ).check_returncode()
        # A port the system says is free now; nothing else on this loopback picks ports by hand.
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        with open(self.log_path, "ab") as log:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
                cwd=PROJECT_ROOT, env=self.environment(), stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if self._process.poll() is not None:
                raise RuntimeError(f"The site stopped while starting:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/accounts/login/", timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"The site did not answer within {SERVER_START_TIMEOUT} s:\n{self.log_tail()}")
            time.sleep(0.2)
        _timing["server_start"] = time.monotonic() - started

    def stop(self):
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=15)
        self.drop_database()

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    # --- Writing the starting state of a test ------------------------------------------------

    @contextlib.contextmanager
    def db(self):
        """Run the enclosed ORM code (factories, services) on the site's database, with its
        media folder (pictures uploaded here are the site's)."""
        from django.db import DEFAULT_DB_ALIAS, connections
        from django.db.utils import load_backend
        from django.test import override_settings

        settings_dict = {**connections.settings[DEFAULT_DB_ALIAS], "NAME": self.database}
        wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)
        # Playwright's event loop counts as running in this thread; the services' listeners
        # (live pages, notifications) call async_to_sync, which refuses to run under a
        # running loop. No page is driven inside this block, so the loop is set aside first
        # (Django keeps connections apart for "async" and "sync" code in a thread: the swap
        # must happen on the sync side).
        loop = asyncio._get_running_loop()
        asyncio._set_running_loop(None)
        previous = connections[DEFAULT_DB_ALIAS]
        connections[DEFAULT_DB_ALIAS] = wrapper
        try:
            with self._blocker.unblock(), override_settings(MEDIA_ROOT=str(self.media)):
                yield
        finally:
            try:
                wrapper.close()
            finally:
                connections[DEFAULT_DB_ALIAS] = previous
                asyncio._set_running_loop(loop)

    # --- E-mail ----------------------------------------------------------------------------------

    def mails(self, *, to: str) -> list[email.message.EmailMessage]:
        """The e-mails the site sent to `to`, oldest first."""
        found = []
        for path in sorted(self.mail.iterdir(), key=lambda p: p.stat().st_mtime):
            # The file backend writes each message followed by a line of 79 dashes.
            for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if not chunk.strip():
                    continue
                message = email.message_from_bytes(chunk, policy=policy.default)
                if to in (message.get("To") or ""):
                    found.append(message)
        return found


@pytest.fixture(scope="session")
def site(django_db_blocker):
    """The site served by daphne for the whole session (see the module's docstring)."""
    workdir = Path(tempfile.mkdtemp(prefix="multitude-browser-"))
    running = Site(workdir=workdir, blocker=django_db_blocker)
    try:
        running.start()
        _running_site["site"] = running
        yield running
    finally:
        _running_site.pop("site", None)
        running.stop()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def tag():
    """A short unique word: what a test creates carries it, so tests never see each other's data."""
    return uuid.uuid4().hex[:6]


# --- The browser ----------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser():
    """Chromium, for the browser tests run one after another.

    Playwright's sync API keeps its event loop marked as running in the test thread from
    its start to its stop, and between its calls. Any other test run meanwhile would find
    that loop (asyncio.run() and async_to_sync refuse to start under it; Django refuses
    synchronous ORM calls). So Playwright lives only while tests of this folder run: it
    stops when the run leaves the folder (in random order, the other tests come between
    its modules) and starts again when it comes back. While it runs, Django is told that
    synchronous ORM calls under that loop are safe: the tests make them only to write
    their starting state (site.db()), never from a coroutine.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=_chromium_path(),
                args=["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-dev-shm-usage",
                      "--disable-component-update", "--disable-sync", "--no-first-run"],
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
    assert asyncio._get_running_loop() is None, "Playwright stopped but left its event loop marked as running"


# Signed-in sessions, kept for the run: a person signs in through the form once.
_signed_in_states = {}


@pytest.fixture
def open_page(browser, site):
    """open_page(user=None, locale="fr-FR", viewport=DESKTOP) → a page in a fresh browser
    context. With `user` it is signed in: through the real login form the first time in the
    session, then with the cookies that sign-in gave (its password must be
    tests.factories.PASSWORD). Uncaught JavaScript errors fail the test."""
    contexts = []
    errors = []

    def open_as(user=None, *, locale="fr-FR", viewport=None):
        state = _signed_in_states.get(user.email) if user is not None else None
        context = browser.new_context(locale=locale, viewport=viewport or DESKTOP, storage_state=state)
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        if user is not None and state is None:
            sign_in(page, site, user)
            _signed_in_states[user.email] = context.storage_state()
        return page

    yield open_as
    for context in contexts:
        context.close()
    assert not errors, "JavaScript errors in the pages:\n" + "\n".join(errors)


def sign_in(page, site, user):
    from tests.factories import PASSWORD

    page.goto(f"{site.url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action*=login] button[type=submit]")
    page.wait_for_url("**/ideas/")


@pytest.fixture(scope="session")
def showcase(site):
    """People, ideas, comments and supports at every main stage (tests/browser/showcase.py),
    written once for the session."""
    from tests.browser.showcase import build

    with site.db():
        return build("")  # once in a fresh database: its names need no tag


@pytest.fixture
def open_main_page(open_page, site, showcase):
    """open_main_page(main_page, viewport) → that page (showcase.MAIN_PAGES), as its usual
    visitor sees it, loaded and settled."""

    def open_it(main_page, *, viewport=None, locale="fr-FR"):
        user = showcase.users[main_page.role] if main_page.role else None
        page = open_page(user, viewport=viewport, locale=locale)
        response = page.goto(f"{site.url}{showcase.path(main_page)}")
        assert response.status == 200, f"{main_page.name}: HTTP {response.status}"
        page.wait_for_load_state("networkidle")
        return page

    return open_it
