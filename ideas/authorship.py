"""Who posted an idea, as a given viewer may be told. Every page, the API and the
notifications ask here, so an idea posted without its author's name shows the same
neutral label everywhere (rule `ideas.see_idea_author`)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from core.permissions import can


def author_visible(idea, viewer) -> bool:
    if not idea.author_name_hidden:
        return True
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return False
    # Kept on the idea per viewer: a page asks for the same idea several times.
    cache = idea.__dict__.setdefault("_author_visible_to", {})
    if viewer.pk not in cache:
        cache[viewer.pk] = can(viewer, "ideas.see_idea_author", idea)
    return cache[viewer.pk]


def author_label(idea, viewer) -> str:
    """The author's name, or "a colleague" when they hid it from `viewer`."""
    return idea.author.display_name if author_visible(idea, viewer) else _("a colleague")


def is_hidden_author(person_id, idea, viewer) -> bool:
    """True when `person_id` is the idea's author and the viewer must not know it (their
    comments on their own idea, the actor of a notification)."""
    return person_id is not None and person_id == idea.author_id and not author_visible(idea, viewer)


def comment_author_label(comment, viewer, idea=None) -> str:
    idea = idea or comment.idea
    if is_hidden_author(comment.author_id, idea, viewer):
        return _("the author")
    return comment.author.display_name


def listed_by_author_q(viewer) -> Q:
    """Ideas that may be listed under an author's name or business unit (the filters, the
    profile pages): those posted with the name, and the viewer's own. Moderators find the
    others in their console, where the name is shown to them."""
    if viewer is not None and getattr(viewer, "is_authenticated", False):
        return Q(author_name_hidden=False) | Q(author_id=viewer.pk)
    return Q(author_name_hidden=False)
