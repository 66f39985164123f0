"""Who holds which platform role, and who manages whom. Roles are looked up once per
user object and kept on it, so a page that checks many permissions asks once."""

from .models import RoleAssignment

Role = RoleAssignment.Role


def roles_of(user) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_multitude_roles", None)
    if cached is None:
        cached = frozenset(RoleAssignment.objects.filter(user_id=user.pk).values_list("role", flat=True))
        if user.is_superuser:
            cached |= {Role.ADMINISTRATOR}
        user._multitude_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def management_marker(user) -> str:
    """The fragment found in the management path of everyone `user` manages."""
    return f"/{user.pk}/"


def manages(user, author) -> bool:
    """True when `user` is the line manager of `author`, directly or transitively."""
    if not getattr(user, "is_authenticated", False) or user.pk == author.pk:
        return False
    return management_marker(user) in author.management_path
