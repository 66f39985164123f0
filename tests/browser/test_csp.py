"""The portal works under its Content Security Policy: the main pages (and the executive
reports, whose charts are inline SVG) load with the policy in force and the browser
reports no violation — no inline script or style without the page's nonce, nothing loaded
from elsewhere."""

import pytest

from tests.browser.showcase import MAIN_PAGES, MainPage

# The report charts are pygal SVG written inline: their <style> carries the page's nonce.
REPORTS = MainPage("executive-reports", "executive", "/reports/")
PAGES = [*MAIN_PAGES, REPORTS]
IDS = [p.name for p in MAIN_PAGES] + [REPORTS.name]


def _watch_violations(page):
    """Console messages about the policy, and the securitypolicyviolation events."""
    found = []
    page.on("console", lambda message: found.append(message.text) if "Content Security Policy" in message.text else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return found


@pytest.mark.parametrize("main_page", PAGES, ids=IDS)
def test_a_main_page_loads_under_the_policy_without_violation(open_page, site, showcase, main_page):
    user = showcase.users[main_page.role] if main_page.role else None
    page = open_page(user)
    violations = _watch_violations(page)
    response = page.goto(f"{site.url}{showcase.path(main_page)}")
    assert response.status == 200, f"{main_page.name}: HTTP {response.status}"
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "object-src 'none'" in policy and "unsafe-inline" not in policy, policy
    page.wait_for_load_state("networkidle")
    assert not violations, f"{main_page.name}:\n" + "\n".join(violations)


def test_an_idea_page_still_takes_a_support_and_a_live_comment_under_the_policy(open_page, site, showcase):
    """htmx and the live socket run under the policy: supporting swaps the button in place."""
    page = open_page(showcase.users["employee"])
    violations = _watch_violations(page)
    page.goto(f"{site.url}/ideas/{showcase.ideas['printers'].pk}/")
    page.wait_for_load_state("networkidle")
    page.fill("textarea[name=body]", "Checked under the content security policy.")
    page.locator("form.comment-form button[type=submit]").click()
    page.get_by_text("Checked under the content security policy.").first.wait_for()
    assert not violations, "\n".join(violations)
