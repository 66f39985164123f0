"""Browser tests: Debian's Chromium driven by Playwright against a live server. Skipped,
with the reason printed, when Chromium or Playwright is not installed."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make to set up data are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None


def pytest_collection_modifyitems(config, items):
    reason = None
    if sync_playwright is None:
        reason = "the playwright package is not installed"
    elif not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        reason = f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def sign_in(browser, live_server):
    """sign_in(user, locale="fr-FR") → a page of a fresh browser context, signed in
    through the real login form."""
    contexts = []

    def open_as(user, *, locale="fr-FR", viewport=None):
        context = browser.new_context(locale=locale, viewport=viewport or {"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=login]", user.email)
        page.fill("input[name=password]", user.raw_password)
        page.click("form[action*=login] button[type=submit]")
        page.wait_for_url("**/ideas/")
        return page

    yield open_as
    for context in contexts:
        context.close()
