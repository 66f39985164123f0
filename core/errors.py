"""Refusals that are not about permission: the request conflicts with the current state."""

from django.utils.translation import gettext as _


class Conflict(Exception):
    """The object is not in a state that allows the action (HTTP 409)."""

    code = "conflict"

    def __init__(self, message: str | None = None):
        self.message = message or _("This action is not possible in the current state.")
        super().__init__(self.message)


class TransitionRefused(Conflict):
    code = "wrong_stage"
