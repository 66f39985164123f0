"""DRF permissions bridged to the rules registry (core.permissions): the API asks the same
permission names as the portal and the services."""

from rest_framework import permissions

from core.permissions import can


class IsActiveMember(permissions.BasePermission):
    """Every endpoint, unless it says otherwise: a signed-in, active person."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.is_active)


def rule(permission_name: str, *, on_object: bool = False):
    """A permission class that asks `core.permissions.can(user, permission_name)`, on the
    view (object-less rules such as `moderation.view_queue`) or, with on_object, on the
    object the view fetches."""

    class RulePermission(IsActiveMember):
        def has_permission(self, request, view):
            if not super().has_permission(request, view):
                return False
            return on_object or can(request.user, permission_name)

        def has_object_permission(self, request, view, obj):
            return not on_object or can(request.user, permission_name, obj)

    RulePermission.__name__ = f"Rule({permission_name})"
    return RulePermission
