"""Markdown written by employees, rendered to HTML that is safe to show to colleagues."""

import re
import unicodedata

import markdown
import nh3
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
HEADING = re.compile(r"<(/?)h([1-6])(?=[\s>])")
# A mention, as the comment box's autocomplete inserts it: @[Display Name](42). Markdown
# turns it into a link to "42"; it becomes a link to that person's profile, showing the
# name the person has (the writer's text is not shown: it could be anything).
MENTION_LINK = re.compile(r'@<a href="(\d{1,12})">([^<>]{1,120})</a>')
MENTION_TAG = re.compile(r"<a\b[^>]*>")
MENTION_HREF = re.compile(r'href="([^"]*?/(\d{1,12})/)"')


def _display_names(user_ids: set[int]) -> dict[int, str]:
    """The names of the active people among `user_ids` (one query)."""
    people = get_user_model().objects.filter(pk__in=user_ids, is_active=True).only(
        "pk", "first_name", "last_name", "email", "erased_at"
    )
    return {person.pk: person.display_name for person in people}


def _mentions(html: str) -> str:
    """Mention links named after the people they point to. One that points to nobody (no
    such active person) is left as the writer's words, without a link."""
    user_ids = {int(match.group(1)) for match in MENTION_LINK.finditer(html)}
    if not user_ids:
        return html
    names = _display_names(user_ids)

    def replace(match: re.Match) -> str:
        pk = int(match.group(1))
        if pk not in names:
            return f"@{match.group(2)}"
        return f'<a class="mention" href="{reverse("accounts:profile", args=[pk])}">@{escape(names[pk])}</a>'

    return MENTION_LINK.sub(replace, html)


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
    html = _mentions(html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        # The only class that survives is the one mentions carry.
        tag_attribute_values={"a": {"class": {"mention"}}},
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow ugc",
    )


def mentioned_user_ids(html: str) -> list[int]:
    """The people mentioned in HTML made by render_markdown, in order, each once."""
    found = []
    for tag in MENTION_TAG.findall(html or ""):
        if 'class="mention"' in tag and (href := MENTION_HREF.search(tag)):
            pk = int(href.group(2))
            if href.group(1) == reverse("accounts:profile", args=[pk]) and pk not in found:
                found.append(pk)
    return found


def plain_excerpt(source: str, length: int = 220) -> str:
    """Text-only excerpt for cards and lists."""
    text = nh3.clean(render_markdown(source), tags=set())
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
