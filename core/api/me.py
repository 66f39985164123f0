"""Sections of `GET /api/v1/me/` contributed by other apps. The accounts app describes
the person; an app that knows more about them (points, notifications...) registers a
section from its own `api.py`, so accounts never imports it:

    register_me_section("points", serializers.IntegerField(), lambda user: points_of(user))

Each section becomes a documented field of the `Me` schema.
"""

from dataclasses import dataclass
from typing import Callable

from rest_framework import serializers


@dataclass(frozen=True)
class MeSection:
    name: str
    field: serializers.Field
    getter: Callable


_sections: dict[str, MeSection] = {}


def register_me_section(name: str, field: serializers.Field, getter: Callable) -> None:
    _sections[name] = MeSection(name, field, getter)


def me_sections() -> list[MeSection]:
    return list(_sections.values())
