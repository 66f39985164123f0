"""What waits on a moderator."""

from django.db.models import QuerySet

from ideas.models import Idea, Stage

from .scopes import ideas_in_scope_q


def submission_queue(*, viewer, theme=None) -> QuerySet:
    """Submitted ideas `viewer` may validate, oldest first. Never their own ideas nor
    those of anyone they manage, directly or through other managers."""
    scope = ideas_in_scope_q(viewer)
    if scope is None:
        return Idea.objects.none()
    queryset = Idea.objects.filter(stage=Stage.SUBMITTED).filter(scope)
    if theme is not None:
        queryset = queryset.filter(theme=theme)
    return queryset.select_related("theme", "author", "author__entity", "author_entity").order_by("submitted_at", "id")
