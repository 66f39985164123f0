"""A reason as stored: a ready-made reason's code, then what the moderator wrote.

A ready-made reason exists in every language, so what is kept is its code (the marker
`[[reason:<id>]]` at the start), and the text is put in at display time, in the reader's
language; what the moderator wrote follows as written. The app that owns ready-made
reasons registers how to find a code's text (core imports no app)."""

import re
from collections.abc import Callable

MARKER = re.compile(r"^\[\[reason:(\d+)\]\]\s*")

_texts: Callable[[int], str | None] | None = None


def register_reason_texts(lookup: Callable[[int], str | None]) -> None:
    """`lookup(code)` gives a ready-made reason's text in the active language, or None."""
    global _texts
    _texts = lookup


def reason_stored(*, code: int | None, written: str = "") -> str:
    """What to store for a ready-made reason (if any) and the moderator's own words."""
    written = MARKER.sub("", (written or "").strip())  # typed text cannot pose as a code
    if code is None:
        return written
    return f"[[reason:{code}]]" + (f"\n\n{written}" if written else "")


def reason_code(stored: str) -> int | None:
    match = MARKER.match(stored or "")
    return int(match.group(1)) if match else None


def reason_display(stored: str) -> str:
    """The reason in the active language: the ready-made text, then the written one."""
    match = MARKER.match(stored or "")
    if not match:
        return stored or ""
    written = stored[match.end():]
    text = _texts(int(match.group(1))) if _texts else None
    return "\n\n".join(part for part in (text, written) if part)
