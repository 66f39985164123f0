"""Accessibility of the main pages: axe-core (shipped by the axe-playwright-python package,
loaded into the page by the test) finds no serious or critical violation, on a desktop and
on a phone; and an idea can be posted with the keyboard alone."""

import re

import pytest

from tests.browser.conftest import PHONE
from tests.browser.showcase import MAIN_PAGES

pytestmark = pytest.mark.browser

try:
    from axe_playwright_python.sync_playwright import Axe
except ImportError:  # pragma: no cover - depends on the machine
    Axe = None

BLOCKING = {"serious", "critical"}
# WCAG 2.1 A and AA plus axe's best practices (landmarks, one main, headings...).
AXE_OPTIONS = {"resultTypes": ["violations"],
               "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}


def axe_violations(page) -> list[dict]:
    if Axe is None:
        pytest.skip("axe-playwright-python is not installed (pip install -r requirements.txt)")
    return Axe().run(page, options=AXE_OPTIONS).response["violations"]


def describe(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("main_page", MAIN_PAGES, ids=[p.name for p in MAIN_PAGES])
def test_a_main_page_has_no_serious_accessibility_violation(open_main_page, main_page, viewport):
    page = open_main_page(main_page, viewport=PHONE if viewport == "phone" else None)
    if viewport == "phone" and main_page.role:
        page.get_by_role("button", name="Menu").click()  # the folded navigation is checked open
    violations = axe_violations(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"{main_page.name} ({viewport}):\n{describe(blocking)}"


def test_forms_showing_errors_and_opened_panels_have_no_serious_accessibility_violation(open_main_page, site):
    by_name = {p.name: p for p in MAIN_PAGES}
    problems = []

    signup = open_main_page(by_name["signup"])
    signup.fill("input[name=email]", "someone@elsewhere.example")  # not a company address
    signup.fill("input[name=first_name]", "Jean")
    signup.fill("input[name=last_name]", "Dupont")
    signup.locator("select[name=entity]").select_option(index=1)
    signup.fill("input[name=password1]", "court")
    signup.fill("input[name=password2]", "autre")
    signup.locator("form[action*=signup] button[type=submit]").click()
    signup.wait_for_load_state()
    assert signup.locator(".errorlist, .form-errors, [role=alert]").count() > 0
    problems += [("signup with errors", v) for v in axe_violations(signup)]

    post = open_main_page(by_name["post-form"])
    post.get_by_role("button", name="Soumettre pour validation").click()
    post.wait_for_load_state()
    assert post.locator(".field-invalid").count() > 0
    problems += [("post form with errors", v) for v in axe_violations(post)]

    pipeline = open_main_page(by_name["pipeline"])
    for summary in pipeline.locator("details.pipeline-decide > summary").all():
        summary.click()
    problems += [("pipeline with decision forms open", v) for v in axe_violations(pipeline)]

    blocking = [(where, v) for where, v in problems if v["impact"] in BLOCKING]
    assert not blocking, "\n".join(f"{where}: {describe([v])}" for where, v in blocking)


SHOWS_FOCUS = """
(el) => {
  const style = getComputedStyle(el);
  return el === document.body || (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2);
}
"""


def focus_by_tab(page, predicate_js: str, *, limit: int = 60) -> None:
    """Press Tab until the focused element satisfies `predicate_js` (given the element);
    every element the focus passes through must show it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        assert page.evaluate(SHOWS_FOCUS, focused), f"no visible focus on {page.evaluate('el => el.outerHTML.slice(0, 120)', focused)}"
        if page.evaluate(f"(el => {predicate_js})", focused):
            return
    raise AssertionError(f"{predicate_js} never got the focus in {limit} presses of Tab")


def test_an_idea_can_be_posted_with_the_keyboard_alone(open_main_page, showcase, site):
    list_page = next(p for p in MAIN_PAGES if p.name == "idea-list")
    page = open_main_page(list_page)
    title = "Des gourdes pour remplacer les gobelets"

    # The skip link comes first and leads to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    assert page.evaluate("document.activeElement.getBoundingClientRect().left >= 0")  # shown when focused

    focus_by_tab(page, "el.matches('a') && el.textContent.trim() === 'Proposer une idée'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ideas/new/")

    focus_by_tab(page, "el.id === 'id_title'")
    page.keyboard.type(title)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_theme"
    for _ in range(10):  # a closed select takes the arrow keys
        if page.evaluate("document.activeElement.selectedOptions[0].textContent") == "Recherche d'économies":
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.selectedOptions[0].textContent") == "Recherche d'économies"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_body"
    page.keyboard.type("Chaque nouvel arrivant reçoit une gourde ; les gobelets disparaissent.")
    focus_by_tab(page, "el.matches('button[type=submit][name=submit]')", limit=10)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/ideas/\d+/$"))
    assert page.locator("h1").inner_text() == title
    assert "transmise aux correspondants fonctionnels" in page.locator(".messages").inner_text()
