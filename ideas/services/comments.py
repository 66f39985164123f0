"""Comments: one level of replies, Markdown sanitised, editable for a short while by
their author, deleted softly so the thread keeps its shape."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.events import send_on_commit
from core.permissions import require
from core.text import render_markdown

from .. import events
from ..fragments import content_changed
from ..models import Comment, Idea
from .follows import follow_quietly

COMMENT_MAX_LENGTH = 5000


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something before sending.")})
    if len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError({"body": _("A comment is limited to %(max)d characters.") % {"max": COMMENT_MAX_LENGTH}})
    return body


def comment_post(*, idea: Idea, by, body: str, parent: Comment | None = None) -> Comment:
    require(by, "ideas.comment_idea", idea, _("You cannot comment on this idea."))
    body = _clean_body(body)
    if parent is not None:
        if parent.idea_id != idea.pk:
            raise ValidationError({"parent": _("You can only reply to a comment on the same idea.")})
        # One level of replies: answering a reply attaches to its thread.
        if parent.parent_id is not None:
            parent = parent.parent
    with transaction.atomic():
        comment = Comment.objects.create(idea=idea, author=by, parent=parent, body=body, body_html=render_markdown(body))
        Idea.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") + 1, content_version=F("content_version") + 1)
        follow_quietly(idea=idea, user=by)
        send_on_commit(events.comment_posted, Comment, comment=comment, idea=idea, by=by)
    return comment


def comment_edit(*, comment: Comment, by, body: str) -> Comment:
    require(by, "ideas.change_comment", comment, _("This comment can no longer be edited."))
    body = _clean_body(body)
    with transaction.atomic():
        comment.body = body
        comment.body_html = render_markdown(body)
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "body_html", "edited_at"])
        content_changed(comment.idea_id)
        send_on_commit(events.comment_edited, Comment, comment=comment, idea=comment.idea, by=by)
    return comment


def comment_delete(*, comment: Comment, by) -> Comment:
    require(by, "ideas.delete_comment", comment, _("You cannot delete this comment."))
    with transaction.atomic():
        # Only the first deletion counts, even if two requests race; a comment hidden by
        # moderation was already taken out of the count.
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        updated = Comment.objects.filter(pk=comment.pk, deleted_at__isnull=True).update(deleted_at=timezone.now())
        if updated:
            if locked.hidden_at is None:
                Idea.objects.filter(pk=comment.idea_id).update(comment_count=F("comment_count") - 1)
            content_changed(comment.idea_id)
            comment.refresh_from_db(fields=["deleted_at"])
            send_on_commit(events.comment_deleted, Comment, comment=comment, idea=comment.idea, by=by)
    return comment


def comment_mark_helpful(*, comment: Comment, by, helpful: bool = True) -> Comment:
    """The idea's author marks (or unmarks) a colleague's comment as helpful. Idempotent."""
    require(by, "ideas.mark_helpful_comment", comment, _("Only the idea's author can mark a comment as helpful."))
    with transaction.atomic():
        if helpful:
            changed = Comment.objects.filter(pk=comment.pk, marked_helpful_at__isnull=True).update(
                marked_helpful_at=timezone.now()
            )
        else:
            changed = Comment.objects.filter(pk=comment.pk, marked_helpful_at__isnull=False).update(marked_helpful_at=None)
        comment.refresh_from_db(fields=["marked_helpful_at"])
        if changed:
            content_changed(comment.idea_id)
            send_on_commit(
                events.comment_marked_helpful, Comment, comment=comment, idea=comment.idea, by=by, helpful=helpful
            )
    return comment
