"""The console's webhook pages on a phone (360×740), in French: nothing wider than the
screen, every control big enough to tap, the registration form refusing a loopback address
with its message beside the field."""

import pytest

from tests.browser.conftest import PHONE
from tests.browser.test_phone import SMALL_TARGETS, TAP, TOO_WIDE

pytestmark = pytest.mark.browser


@pytest.fixture
def endpoint(site, showcase, tag):
    from webhooks.models import Delivery, Endpoint

    with site.db():
        endpoint = Endpoint.objects.create(
            name=f"Intranet de la direction industrielle {tag}", url=f"https://hooks.example.com/{'a' * 120}/{tag}",
            kinds=["idea_published", "stage_changed"], secret="f" * 64,
        )
        Delivery.objects.create(endpoint=endpoint, kind="idea_published", key=f"k{tag}", status=Delivery.Status.FAILED,
                                attempts=6, response_status=500, error="Le destinataire a répondu 500. " * 4)
    return endpoint


def fits_and_taps(page, name):
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"{name} scrolls sideways: {page.evaluate(TOO_WIDE)}"
    small = page.evaluate(SMALL_TARGETS, TAP)
    assert not small, f"{name}: controls smaller than {TAP}×{TAP} px:\n" + "\n".join(small)


def test_the_webhook_pages_fit_a_phone_and_refuse_a_loopback_address(open_page, site, showcase, endpoint):
    page = open_page(showcase.users["community_manager"], viewport=PHONE)
    page.goto(f"{site.url}/moderation/webhooks/{endpoint.pk}/")
    assert page.get_by_role("button", name="Envoyer un test").is_visible()
    fits_and_taps(page, "endpoint")

    page.goto(f"{site.url}/moderation/webhooks/")
    fits_and_taps(page, "endpoints")
    page.get_by_label("Nom").fill("Boucle locale")
    page.get_by_label("Adresse (URL)").fill("http://127.0.0.1:8000/hook")
    page.get_by_label("Une idée est publiée").check()
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    error = page.locator(".field-errors")
    assert "adresse privée, de bouclage ou locale au lien" in error.first.inner_text()
    fits_and_taps(page, "endpoints with errors")
