"""Screenshots of the main pages at desktop (1280×800) and phone (360×740) size, for
docs/screenshots/. Taken only by `make screenshots` (which sets SCREENSHOTS_DIR); the
rest of the time these tests are deselected. Each picture is what the first screen shows,
stored as a palette PNG to keep the repository light."""

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.showcase import MAIN_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.screenshots]

SIZES = {"desktop": DESKTOP, "phone": PHONE}


def save_small_png(png: bytes, path: Path) -> None:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("main_page", MAIN_PAGES, ids=[p.name for p in MAIN_PAGES])
def test_screenshot_of_a_main_page(open_main_page, main_page, size):
    folder = Path(os.environ["SCREENSHOTS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    page = open_main_page(main_page, viewport=SIZES[size])
    # The caret and animations would make each run's picture differ.
    page.add_style_tag(content="*, *::before, *::after { caret-color: transparent !important; transition: none !important; }")
    path = folder / f"{main_page.name}-{size}.png"
    save_small_png(page.screenshot(), path)
    assert Image.open(path).size == (SIZES[size]["width"], SIZES[size]["height"])
