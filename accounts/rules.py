"""Predicates about people, shared by every app's permission rules."""

import rules

from .roles import Role, has_role


@rules.predicate
def is_active_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_suspended(user) -> bool:
    return bool(user and user.is_authenticated and user.is_suspended)


@rules.predicate
def is_community_manager(user) -> bool:
    return has_role(user, Role.COMMUNITY_MANAGER, Role.ADMINISTRATOR)


@rules.predicate
def is_executive(user) -> bool:
    return has_role(user, Role.EXECUTIVE)


@rules.predicate
def is_administrator(user) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


can_participate = is_active_member & ~is_suspended

rules.add_perm("accounts.change_profile", is_active_member)


@rules.predicate
def is_token_owner(user, token) -> bool:
    return token is not None and user.is_authenticated and token.user_id == user.pk


# A suspended person may still create a token: it reads, and every write checks its own rule.
rules.add_perm("accounts.add_apitoken", is_active_member)
rules.add_perm("accounts.revoke_apitoken", is_active_member & is_token_owner)


@rules.predicate
def is_self(user, person) -> bool:
    return person is not None and user.is_authenticated and person.pk == user.pk


@rules.predicate
def is_not_erased(user, person) -> bool:
    return person is not None and person.erased_at is None


# A person erases their own account; an administrator anyone's.
rules.add_perm("accounts.erase_account", is_not_erased & ((is_active_member & is_self) | (is_active_member & is_administrator)))
