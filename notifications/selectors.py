"""Read queries of the notification pages: one query per page whatever its length."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from ideas.models import Follow, Idea, Vote
from ideas.selectors import public_ideas

from .models import Notification


def notifications_of(*, user, unread_only: bool = False) -> QuerySet:
    queryset = Notification.objects.filter(recipient=user).select_related(
        "actor", "idea", "idea__author", "idea__author_entity", "comment"
    )
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.order_by("-updated_at", "-id")


def followed_ideas(*, user) -> QuerySet:
    """The ideas `user` follows that they may still find: public ones, and their own."""
    visible = Q(pk__in=public_ideas().values("pk")) | Q(author=user)
    return (
        Idea.objects.filter(visible, Exists(Follow.objects.filter(idea=OuterRef("pk"), user=user)))
        .select_related("theme", "author", "author_entity")
        .annotate(viewer_supports=Exists(Vote.objects.filter(idea=OuterRef("pk"), user=user)))
        .order_by("-updated_at", "-id")
    )


def people_matching(*, search: str, limit: int = 8) -> QuerySet:
    """Active colleagues whose first or last name starts with each word typed."""
    from django.contrib.auth import get_user_model

    queryset = get_user_model().objects.filter(is_active=True)
    for word in search.split()[:4]:
        queryset = queryset.filter(Q(first_name__istartswith=word) | Q(last_name__istartswith=word))
    return queryset.select_related("entity").order_by("last_name", "first_name", "pk")[:limit]
