"""Edits by moderators: a correspondent or community manager corrects an idea (a wrong
theme, personal data in the text) without the author. Every edit is audited with the
text before and after, and the reason the author will read."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.events import send_on_commit
from core.permissions import require
from core.text import render_markdown
from ideas import events as idea_events
from ideas.fragments import content_changed
from ideas.models import Idea, Theme
from ideas.search import refresh_search_vectors
from ideas.services.ideas import validate_idea_text

from .audit import Action, audit
from .content import _clean_reason


def idea_revise(*, idea: Idea, by, title: str, body: str, theme: Theme, reason: str) -> Idea:
    """A moderator's correction. A changed theme is audited as such, since it moves the
    idea to other correspondents."""
    require(by, "moderation.revise_idea", idea, _("You cannot edit this idea."))
    reason = _clean_reason(reason)
    title, body = validate_idea_text(title, body, theme)
    with transaction.atomic():
        locked = Idea.objects.select_for_update(of=("self",)).select_related("theme").get(pk=idea.pk)
        require(by, "moderation.revise_idea", locked, _("You cannot edit this idea."))
        before = {"title": locked.title, "body": locked.body, "theme": locked.theme.slug}
        after = {"title": title, "body": body, "theme": theme.slug}
        if before == after:
            return idea
        text_changed = (before["title"], before["body"]) != (title, body)
        locked.title, locked.body, locked.body_html, locked.theme = title, body, render_markdown(body), theme
        locked.save(update_fields=["title", "body", "body_html", "theme", "updated_at"])
        content_changed(locked.pk)
        refresh_search_vectors(Idea.objects.filter(pk=locked.pk))
        if before["theme"] != theme.slug:
            audit(actor=by, action=Action.THEME_CHANGE, target=locked, before={"theme": before["theme"]},
                  after={"theme": theme.slug}, reason=reason)
        if text_changed:
            audit(actor=by, action=Action.EDIT, target=locked,
                  before={k: before[k] for k in ("title", "body")}, after={k: after[k] for k in ("title", "body")},
                  reason=reason)
        send_on_commit(idea_events.idea_edited, Idea, idea=locked, by=by)
    for field in ("title", "body", "body_html", "theme_id", "updated_at"):
        setattr(idea, field, getattr(locked, field))
    idea.theme = theme
    return idea
