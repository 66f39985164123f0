"""The main pages on a phone (360×740): nothing wider than the screen, every control big
enough to tap, and a navigation that opens from its menu button."""

import pytest

from tests.browser.conftest import PHONE
from tests.browser.showcase import MAIN_PAGES

pytestmark = pytest.mark.browser

TAP = 44  # px: the smallest comfortable target, both ways (WCAG 2.5.5)

# The controls of the header and of the main content, as the person sees them, smaller than
# TAP either way. Exempt, as in WCAG: links inside a sentence (their size is the text's). File
# and date fields count too; a checkbox or radio counts with its label (tapping either works).
SMALL_TARGETS = """
(tap) => {
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex='-1'])";
  const describe = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += "#" + el.id;
    else if (el.getAttribute("name")) text += `[name=${el.getAttribute("name")}]`;
    if (el.classList.length) text += "." + [...el.classList].join(".");
    const label = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 30);
    const parent = el.parentElement && el.parentElement.closest("[id], [class]");
    const where = parent ? (parent.id ? "#" + parent.id : "." + [...parent.classList].join(".")) : "";
    return `${where} ${text} "${label}"`.trim();
  };
  const visible = (el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.visibility !== "hidden" && style.display !== "none" && box.width > 1 && box.height > 1;
  };
  const inSentence = (el) => {
    if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
    const block = el.parentElement.closest("p, li, dd, td, th, blockquote, h1, h2, h3, h4, div");
    return block && block.innerText.trim().length > el.innerText.trim().length;
  };
  const found = [];
  for (const el of document.querySelectorAll(`header ${selector.split(", ").join(", header ")}, main ${selector.split(", ").join(", main ")}`)) {
    if (!visible(el) || inSentence(el)) continue;
    let box = el.getBoundingClientRect();
    let { left, top, right, bottom } = box;
    if ((el.type === "checkbox" || el.type === "radio") && el.labels) {
      for (const label of el.labels) {
        if (!visible(label)) continue;
        const other = label.getBoundingClientRect();
        left = Math.min(left, other.left); top = Math.min(top, other.top);
        right = Math.max(right, other.right); bottom = Math.max(bottom, other.bottom);
      }
    }
    const width = Math.round(right - left), height = Math.round(bottom - top);
    if (width < tap || height < tap) found.push(`${describe(el)}: ${width}×${height}`);
  }
  return [...new Set(found)];
}
"""

TOO_WIDE = """
() => {
  const limit = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > limit + 1 && getComputedStyle(el).position !== "absolute")
    .slice(0, 8)
    .map((el) => `${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ").join(".") : ""}: right edge at ${Math.round(el.getBoundingClientRect().right)}`);
}
"""


@pytest.mark.parametrize("main_page", MAIN_PAGES, ids=[p.name for p in MAIN_PAGES])
def test_a_main_page_fits_a_phone_and_its_controls_are_big_enough_to_tap(open_main_page, main_page):
    page = open_main_page(main_page, viewport=PHONE)
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"{main_page.name} scrolls sideways: {page.evaluate(TOO_WIDE)}"

    small = page.evaluate(SMALL_TARGETS, TAP)
    if main_page.role:  # the navigation is folded: open it to measure its links too
        page.get_by_role("button", name="Menu").click()
        small += [target for target in page.evaluate(SMALL_TARGETS, TAP) if target not in small]
    assert not small, f"{main_page.name}: controls smaller than {TAP}×{TAP} px:\n" + "\n".join(small)


def test_the_phone_navigation_opens_from_its_menu_button_and_every_link_is_reachable(open_main_page):
    list_page = next(p for p in MAIN_PAGES if p.name == "idea-list")
    page = open_main_page(list_page, viewport=PHONE)
    toggle = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Navigation principale")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not nav.is_visible()

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    nav.locator("summary").click()  # the person menu: profile, preferences, signing out
    links = nav.get_by_role("link")
    names = [links.nth(i).inner_text().strip() for i in range(links.count())]
    assert {"Idées", "Proposer une idée", "Mes idées", "Classement", "Mon profil"} <= {n.split("\n")[0] for n in names}
    for i in range(links.count()):
        link = links.nth(i)
        link.scroll_into_view_if_needed()
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], names[i]
    assert nav.get_by_role("button", name="Se déconnecter").is_visible()

    nav.get_by_role("link", name="Proposer une idée").click()
    page.wait_for_url("**/ideas/new/")
    assert page.locator("h1").inner_text() == "Proposer une idée"
    toggle = page.get_by_role("button", name="Menu")
    assert toggle.get_attribute("aria-expanded") == "false"  # a new page starts folded
    toggle.click()
    toggle.click()
    assert not page.get_by_role("navigation", name="Navigation principale").is_visible()
