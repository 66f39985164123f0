"""Every URL the resolver knows (pages, the API router, allauth, the admin), with its
arguments filled from the fixture world (tests/security/world.py).

`url_patterns()` lists (name, route, kwargs names, view) for every named pattern; `cases()`
turns each into requests: (name, variant, method, path) where the variant says which object
of the world fills the URL (a draft idea, a hidden comment...). A URL whose arguments this
module does not know how to fill is reported by the completeness test, never silently skipped.
"""

import re

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# How the object arguments of each URL are filled: the kind of object `pk` names, when it is
# not an idea. New pages taking `pk` of something else are declared here.
PK_OF = {
    "accounts:profile": "person",
    "accounts:avatar": "person",
    "moderation:sanction": "person",
    "moderation:lift_suspension": "person",
    "accounts:api_token_revoke": "token",
    "notifications:read": "notification",
    "api:notification-read": "notification",
    "notifications:comment_fragment": "comment",
    "accounts:erase_person": "person",
    "ideas:challenge_detail": "challenge",
    "ideas:challenge_update": "challenge",
    "ideas:challenge_evaluate": "challenge",
    "ideas:challenge_results": "challenge",
    "api:challenges-detail": "challenge",
    "api:challenges-shortlist": "challenge",
    "api:challenges-winners": "challenge",
    "moderation:evaluation": "evaluation",
    "api:evaluation-submit": "evaluation",
    "webhooks:endpoint": "webhook",
    "webhooks:test": "webhook",
    "webhooks:enable": "webhook",
    "webhooks:delete": "webhook",
}

# Query strings tried on listings and searches, besides none at all: a search for each
# secret word and filters that name unpublished stages.
LISTING_QUERIES = {
    "ideas:list": ["q=Quokka", "q=Narwhal", "q=Pangolin", "stage=draft", "stage=submitted"],
    "ideas:mine": ["stage=draft"],
    "api:ideas-list": ["q=Quokka", "q=Pangolin", "stage=draft", "stage=submitted", "mine=true"],
    "moderation:audit": ["q=Pangolin"],
    "moderation:audit_export": ["q=Pangolin"],
    "notifications:people": ["q=Al"],
}

IDEA_VARIANTS = ("draft", "submitted", "published", "hidden")
ADMIN_NAMESPACE = "admin"
# The admin site is Django's, behind its own staff check: the walk tries its index, sign-in
# and every model's list (the object pages answer the same to people who are not staff).
ADMIN_SAMPLE = re.compile(r"^admin:(index|login|app_list|\w+_changelist)$")


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern), entry


def url_patterns():
    """(name, route, kwarg names, pattern) for every named URL, first of each name."""
    seen = {}
    for name, route, entry in _walk(get_resolver().url_patterns):
        if name in seen:
            continue
        kwargs = set(entry.pattern.regex.groupindex)
        seen[name] = (name, route, kwargs, entry)
    # Parents' kwargs (e.g. an include at "ideas/<int:pk>/") are part of the route.
    result = []
    for name, route, kwargs, entry in seen.values():
        kwargs |= set(re.findall(r"<(?:\w+:)?(\w+)>", route)) | set(re.findall(r"\(\?P<(\w+)>", route))
        result.append((name, route, frozenset(kwargs), entry))
    return result


def namespace_of(name: str) -> str:
    return name.rsplit(":", 1)[0] if ":" in name else ""


def http_methods(name: str, entry) -> tuple[str, ...]:
    """GET for every URL, and the writing methods a view declares (DRF) or POST (others)."""
    if namespace_of(name) == ADMIN_NAMESPACE:
        return ("GET",)
    callback = entry.callback
    actions = getattr(callback, "actions", None)
    if actions:  # a DRF viewset route: the methods it maps
        # DRF adds "head" to this mapping the first time the route serves a GET, so what is
        # listed here would depend on the tests run before: HEAD and OPTIONS are left out.
        declared = {m.upper() for m in actions if m not in ("head", "options")}
        return tuple(sorted(declared | {"GET"}, key=_method_order))
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if cls is not None and hasattr(cls, "http_method_names") and getattr(callback, "cls", None) is not None:
        declared = {m.upper() for m in cls.http_method_names if hasattr(cls, m) and m not in ("options", "head")}
        return tuple(sorted(declared | {"GET"}, key=_method_order))
    return ("GET", "POST")


def _method_order(method):
    return ["GET", "POST", "PUT", "PATCH", "DELETE"].index(method) if method in ("GET", "POST", "PUT", "PATCH", "DELETE") else 9


def fillings(name: str, kwargs: frozenset, world) -> list[tuple[str, dict]] | None:
    """[(variant, kwargs)] for a URL, or None when its arguments are unknown here."""
    ideas, comments = world.ideas, world.comments
    if not kwargs:
        return [("", {})]
    if namespace_of(name) == ADMIN_NAMESPACE:
        # Nobody among the roles is staff: every admin page sends them to its login page,
        # whatever the object; fill any argument with something that resolves.
        values = {"object_id": str(ideas["published"].pk), "id": str(world.users["author"].pk),
                  "app_label": "ideas", "url": "nowhere/", "content_type_id": "1"}
        if kwargs <= set(values):
            return [("", {k: values[k] for k in kwargs})]
        return None
    if kwargs == {"key"}:
        return [("bogus-key", {"key": "bogus-key"})]
    if kwargs == {"uidb36", "key"}:
        return [("bogus-key", {"uidb36": "1", "key": "bogus-key"})]
    if kwargs == {"token"}:
        # The e-mail's unsubscribe link: a forged token, and a real one of the employee's
        # (it works without signing in, whoever follows it).
        from notifications.emails import unsubscribe_token
        from notifications.models import Kind

        return [("bogus-token", {"token": "bogus-token"}),
                ("employee's", {"token": unsubscribe_token(world.users["employee"], [Kind.SUPPORTS])})]
    if kwargs == {"provider_id"}:
        return [("company", {"provider_id": "company"})]
    if kwargs == {"table", "fmt"}:
        return [("stuck.csv", {"table": "stuck", "fmt": "csv"}), ("potential.csv", {"table": "potential", "fmt": "csv"}),
                ("all.xlsx", {"table": "all", "fmt": "xlsx"})]
    if kwargs == {"segment"}:
        return [("regular", {"segment": "regular"})]
    if kwargs == {"slug"}:
        return [("theme", {"slug": world.theme.slug})]
    if kwargs == {"kind", "pk"}:
        return [(f"idea:{v}", {"kind": "idea", "pk": ideas[v].pk}) for v in ("published", "hidden", "draft")] + [
            (f"comment:{v}", {"kind": "comment", "pk": comments[v].pk}) for v in ("comment", "hidden_comment")]
    if kwargs == {"pk", "comment_pk"}:
        return [(v, {"pk": ideas["published"].pk, "comment_pk": comments[v].pk}) for v in ("comment", "hidden_comment")]
    if kwargs == {"pk", "image_pk", "variant"}:
        return [(f"{v}:thumb", {"pk": ideas[v].pk, "image_pk": world.images[v].pk, "variant": "thumb"})
                for v in world.images]
    if kwargs == {"pk", "variant"} and PK_OF.get(name) == "person":
        return [("author:thumb", {"pk": world.users["author"].pk, "variant": "thumb"})]
    if kwargs == {"pk", "decision"}:
        return [(v, {"pk": ideas[v].pk, "decision": "approve"}) for v in ("submitted", "published")]
    if kwargs == {"pk"}:
        kind = PK_OF.get(name, "idea")
        if kind == "idea":
            return [(v, {"pk": ideas[v].pk}) for v in IDEA_VARIANTS]
        if kind == "person":
            return [("author", {"pk": world.users["author"].pk})]
        if kind == "token":
            return [("author's", {"pk": world.token.pk})]
        if kind == "notification":
            return [("employee's", {"pk": world.notification.pk})]
        if kind == "comment":
            return [(v, {"pk": comments[v].pk}) for v in ("comment", "hidden_comment")]
        if kind in world.extra:
            return [(kind, {"pk": world.extra[kind].pk})]
    return None


def cases(world):
    """(name, variant, method, path) for every URL, and the names that could not be filled."""
    out, unfillable = [], []
    for name, _route, kwargs, entry in url_patterns():
        if namespace_of(name) == ADMIN_NAMESPACE and not ADMIN_SAMPLE.search(name):
            continue
        filled = fillings(name, kwargs, world)
        if filled is None:
            unfillable.append(name)
            continue
        for variant, values in filled:
            path = reverse(name, kwargs=values)
            for method in http_methods(name, entry):
                out.append((name, variant, method, path))
                if method == "GET":
                    for query in LISTING_QUERIES.get(name, ()):
                        out.append((name, f"{variant}?{query}" if variant else f"?{query}", method, f"{path}?{query}"))
    return out, unfillable
