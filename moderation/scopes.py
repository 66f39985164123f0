"""Which submitted ideas a moderator may act on: the themes (and business units) they
are correspondent for, or all of them for community managers — never their own ideas,
nor those of people they manage."""

from dataclasses import dataclass

from django.db.models import Q

from accounts.roles import management_marker, manages
from accounts.rules import is_community_manager

from .models import CorrespondentAssignment


@dataclass(frozen=True)
class Scope:
    theme_id: int
    entity_paths: tuple[str, ...]  # empty: every business unit

    def covers(self, idea) -> bool:
        if idea.theme_id != self.theme_id:
            return False
        if not self.entity_paths:
            return True
        path = idea.author_entity.path if idea.author_entity_id else ""
        return any(path.startswith(prefix) for prefix in self.entity_paths)

    def as_q(self) -> Q:
        q = Q(theme_id=self.theme_id)
        if self.entity_paths:
            entity_q = Q()
            for prefix in self.entity_paths:
                entity_q |= Q(author_entity__path__startswith=prefix)
            q &= entity_q
        return q


def correspondent_scopes(user) -> tuple[Scope, ...]:
    if not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, "_multitude_scopes", None)
    if cached is None:
        assignments = CorrespondentAssignment.objects.filter(user_id=user.pk).prefetch_related("entities")
        cached = tuple(
            Scope(a.theme_id, tuple(sorted(e.path for e in a.entities.all()))) for a in assignments
        )
        user._multitude_scopes = cached
    return cached


def is_moderator(user) -> bool:
    return bool(correspondent_scopes(user)) or is_community_manager(user)


def ideas_in_scope_q(user) -> Q | None:
    """A filter for ideas `user` may moderate; None when they may moderate none."""
    if not is_moderator(user):
        return None
    if is_community_manager(user):
        q = Q()
    else:
        q = Q(pk__in=[])
        for scope in correspondent_scopes(user):
            q |= scope.as_q()
    return q & ~Q(author_id=user.pk) & ~Q(author__management_path__contains=management_marker(user))


def may_moderate(user, idea) -> bool:
    if not is_moderator(user) or idea.author_id == user.pk or manages(user, idea.author):
        return False
    return is_community_manager(user) or any(scope.covers(idea) for scope in correspondent_scopes(user))
