"""Markdown written by employees, rendered to HTML that is safe to show to colleagues."""

import re
import unicodedata

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
HEADING = re.compile(r"<(/?)h([1-6])(?=[\s>])")


def render_markdown(source: str) -> str:
    """Render Markdown and sanitise the result: raw HTML, scripts, event handlers and
    non-web links are removed, links open no window reference."""
    html = markdown.markdown(
        source or "",
        extensions=["sane_lists", "nl2br", "tables", "fenced_code"],
        output_format="html",
    )
    # Headings are demoted two levels: h1 and h2 belong to the page, not to the text.
    html = HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 2, 6)}", html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow ugc",
    )


def plain_excerpt(source: str, length: int = 220) -> str:
    """Text-only excerpt for cards and lists."""
    text = nh3.clean(render_markdown(source), tags=set())
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
