"""What the ideas app holds about a person, for the export and the erasure (see
accounts.personal_data). Ideas, comments and supports stay after an erasure: they are
shown as a former employee's, and the supports stay counted."""

from accounts.models import User
from accounts.personal_data import register_export_section, user_erased

from .models import Coauthor, Comment, Follow, Idea, Vote


def _ideas(user) -> list[dict]:
    # Every idea they wrote, drafts included.
    return [
        {
            "id": idea.pk, "title": idea.title, "body": idea.body, "theme": idea.theme.slug, "stage": idea.stage,
            "created_at": idea.created_at, "updated_at": idea.updated_at, "submitted_at": idea.submitted_at,
            "published_at": idea.published_at, "support_count": idea.support_count,
            "comment_count": idea.comment_count, "hidden": idea.hidden_at is not None,
            "images": [image.image.name.rsplit("/", 1)[-1] for image in idea.images.all()],
        }
        for idea in Idea.objects.filter(author=user).select_related("theme").prefetch_related("images").order_by("id")
    ]


def _coauthored(user) -> list[dict]:
    return [
        {"idea_id": idea_id, "title": title, "since": created_at}
        for idea_id, title, created_at in Coauthor.objects.filter(user=user).order_by("id").values_list(
            "idea_id", "idea__title", "created_at")
    ]


def _comments(user) -> list[dict]:
    return [
        {"id": c.pk, "idea_id": c.idea_id, "reply_to": c.parent_id, "body": c.body, "created_at": c.created_at,
         "edited_at": c.edited_at, "deleted_at": c.deleted_at, "hidden": c.hidden_at is not None,
         "marked_helpful_at": c.marked_helpful_at}
        for c in Comment.objects.filter(author=user).order_by("id")
    ]


def _supports(user) -> list[dict]:
    return [
        {"idea_id": idea_id, "title": title, "created_at": created_at}
        for idea_id, title, created_at in Vote.objects.filter(user=user).order_by("id").values_list(
            "idea_id", "idea__title", "created_at")
    ]


def _follows(user) -> list[dict]:
    return [
        {"idea_id": idea_id, "title": title, "created_at": created_at}
        for idea_id, title, created_at in Follow.objects.filter(user=user).order_by("id").values_list(
            "idea_id", "idea__title", "created_at")
    ]


register_export_section("ideas", _ideas)
register_export_section("coauthored_ideas", _coauthored)
register_export_section("comments", _comments)
register_export_section("supports", _supports)
register_export_section("follows", _follows)


def on_user_erased(sender, user, **kwargs):
    # What they chose to follow is theirs alone; their supports stay (they count).
    Follow.objects.filter(user=user).delete()


user_erased.connect(on_user_erased, sender=User, dispatch_uid="ideas.personal_data.erased")
