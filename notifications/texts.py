"""What a notification says, in the active language, and where it leads."""

from django.urls import reverse
from django.utils.translation import get_language, gettext as _, ngettext

from core.permissions import can
from core.reasons import reason_display
from ideas.authorship import is_hidden_author
from ideas.models import Stage

from .models import Kind


def idea_title(notification, viewer) -> str:
    """The idea's title, unless moderation hid the idea from `viewer` since."""
    idea = notification.idea
    if idea is None:
        return ""
    if idea.hidden_at is not None and not can(viewer, "moderation.see_hidden_idea", idea):
        return _("an idea hidden by moderation")
    return idea.title


def _localised(data: dict, field: str) -> str:
    french = (get_language() or "").startswith("fr")
    return data.get(f"{field}_fr" if french else f"{field}_en") or data.get(f"{field}_en") or ""


def describe(notification, viewer=None) -> str:
    viewer = viewer or notification.recipient
    data = notification.data or {}
    actor = notification.actor.display_name if notification.actor_id else _("Someone")
    if notification.idea_id and is_hidden_author(notification.actor_id, notification.idea, viewer):
        # The author of an idea posted without their name, answering on it.
        actor = _("The author")
    title = idea_title(notification, viewer)
    kind = notification.kind
    if kind == Kind.IDEA_APPROVED:
        return _("Your idea “%(title)s” is published.") % {"title": title}
    if kind == Kind.IDEA_CHANGES_REQUESTED:
        return _("Changes are requested on your idea “%(title)s”.") % {"title": title}
    if kind == Kind.IDEA_REJECTED:
        return _("Your idea “%(title)s” is rejected.") % {"title": title}
    if kind == Kind.STAGE_CHANGED:
        return _("“%(title)s” is now “%(stage)s”.") % {"title": title, "stage": Stage(data["stage"]).label}
    if kind == Kind.IDEA_MERGED:
        return _("“%(title)s” was merged into “%(target)s”.") % {"title": title, "target": data.get("target_title", "")}
    if kind == Kind.COMMENT:
        return _("%(person)s commented on “%(title)s”.") % {"person": actor, "title": title}
    if kind == Kind.REPLY:
        return _("%(person)s replied to your comment on “%(title)s”.") % {"person": actor, "title": title}
    if kind == Kind.MENTION:
        return _("%(person)s mentioned you in a comment on “%(title)s”.") % {"person": actor, "title": title}
    if kind == Kind.SUPPORTS:
        return ngettext(
            "%(count)d colleague supported your idea “%(title)s”.",
            "%(count)d colleagues supported your idea “%(title)s”.",
            notification.count,
        ) % {"count": notification.count, "title": title}
    if kind == Kind.BADGE:
        levels = {"bronze": _("bronze"), "silver": _("silver"), "gold": _("gold")}
        return _("You earned the badge “%(badge)s” (%(level)s).") % {
            "badge": _localised(data, "badge"), "level": levels.get(data.get("level"), data.get("level", "")),
        }
    if kind == Kind.EVALUATION_REQUESTED:
        return _("%(person)s asks you to evaluate “%(title)s” as an expert.") % {"person": actor, "title": title}
    if kind == Kind.EVALUATION_REMINDER:
        return _("Your evaluation of “%(title)s” is still to do.") % {"title": title}
    if kind == Kind.CHALLENGE_RESULTS:
        if data.get("winner"):
            return _("Your idea “%(title)s” is among the winners of the challenge “%(challenge)s”.") % {
                "title": title, "challenge": data.get("challenge_title", "")}
        return _("The challenge “%(challenge)s” announces its winners.") % {"challenge": data.get("challenge_title", "")}
    if kind == Kind.MESSAGE:
        return _("%(person)s wrote to you: %(subject)s") % {"person": actor, "subject": data.get("subject", "")}
    return ""


def detail(notification) -> str:
    """Text shown under the line: the reason of a decision, the body of a message."""
    data = notification.data or {}
    if data.get("reason"):
        return reason_display(data["reason"])
    return data.get("body") or ""


def target_url(notification) -> str:
    if notification.kind in (Kind.EVALUATION_REQUESTED, Kind.EVALUATION_REMINDER) and notification.data.get("evaluation"):
        return reverse("moderation:evaluation", args=[notification.data["evaluation"]])
    if notification.kind == Kind.CHALLENGE_RESULTS and notification.data.get("challenge"):
        return reverse("ideas:challenge_results", args=[notification.data["challenge"]])
    if notification.comment_id:
        return f"{reverse('ideas:detail', args=[notification.idea_id])}#comment-{notification.comment_id}"
    if notification.kind == Kind.IDEA_MERGED and notification.data.get("target"):
        return reverse("ideas:detail", args=[notification.data["target"]])
    if notification.idea_id:
        return reverse("ideas:detail", args=[notification.idea_id])
    return reverse("notifications:list")
