"""Leaderboard rows, rendered once and kept in the cache (core.fragments) under a key made
of everything they show: each row's rank, person, name, business unit and points. Names
are read with the rows at each request (with_people), so a name changed or erased, or a
point earned, is a new key; the viewer's own row is marked outside the cached part."""

import re

from django.template.loader import get_template
from django.utils.safestring import SafeString

from core import fragments

_ME_SLOT = re.compile(r"<m-slot me (\d+)>")


def leaderboard_rows_html(rows: list[dict], viewer) -> SafeString:
    shown = tuple(
        (row["rank"], row["user_id"], row["points"],
         row["person"].display_name if row["person"] else None,
         row["person"].entity.name if row["person"] and row["person"].entity_id else None)
        for row in rows
    )
    key = fragments.fragment_key("leaderboard-rows", fragments.digest(*shown))
    html = fragments.get(key)
    if html is None:
        html = get_template("gamification/_leaderboard_rows.html").render({"rows": rows})
        fragments.put(key, html)
    mine = str(viewer.pk)
    return fragments.assembled(_ME_SLOT.sub(
        lambda match: ' class="is-me" aria-current="true"' if match.group(1) == mine else "", html))
