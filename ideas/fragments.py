"""The parts of the idea pages every reader sees alike, rendered once and kept in the cache
(core.fragments), and what each viewer sees differently, applied outside them.

- Idea cards (lists, profiles, challenges, followed ideas): keyed by the values the card
  shows, read from the row the page fetched anyway (title, stage, theme, counts...), so any
  change to them is a new key. The author (a name, or "a colleague" for those who may not
  see it) and "You support it" are filled in per viewer.
- The filter form's choices (themes, business units, challenges): keyed by the "choices"
  FragmentVersion, raised in the same transaction as any change to those rows.
- An idea's body and pictures, and its comment thread: keyed by `Idea.content_version`,
  raised by the services in the same transaction as the change (ideas.services.comments,
  ideas.services.ideas, moderation.content, moderation.editing). The thread is kept per
  viewer *shape* (what the rules allow on other people's comments, asked once per page of a
  stand-in comment of each kind); the viewer's own comments are rendered for them alone;
  people's names are filled in at each reading, so a name hidden, revealed, changed or
  erased shows at once.
"""

import re
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from accounts.models import Entity, User
from core import fragments

from .authorship import author_visible
from .comment_permissions import CommentActions, comment_permissions_for
from .models import Challenge, Comment, FragmentVersion, Idea, IdeaImage, Theme

# Slots left in a cached fragment for what each viewer sees differently. Markup a person
# cannot write: text is escaped in templates, and the Markdown sanitiser drops unknown tags.
AUTHOR_SLOT = SafeString("<m-slot author>")
SUPPORTED_SLOT = SafeString("<m-slot supported>")
# The CSRF token goes in an attribute, escaped: a secret slot, so no text can imitate it.
CSRF_SLOT = "m-slot-csrf-" + salted_hmac("ideas.fragments", "csrf slot").hexdigest()[:24]
_PERSON_SLOT = re.compile(r"<m-person (\d+) (byline|name)>")
# Each comment of a cached thread is marked, so the viewer's own can be put in its place.
_OWN_COMMENT = re.compile(r"<!--c (\d+)-->.*?<!--/c-->", re.DOTALL)
_COMMENT_MARK = re.compile(r"<!--(?:c \d+|/c)-->")


# --- Versions ----------------------------------------------------------------------------

CHOICES = "choices"


def content_changed(idea_id: int) -> None:
    """Call inside the transaction that changes what an idea's page shows to everyone."""
    Idea.objects.filter(pk=idea_id).update(content_version=F("content_version") + 1)


def version_raise(name: str) -> None:
    if not FragmentVersion.objects.filter(name=name).update(value=F("value") + 1):
        FragmentVersion.objects.get_or_create(name=name, defaults={"value": 1})


def version_of(name: str) -> int:
    return FragmentVersion.objects.filter(name=name).values_list("value", flat=True).first() or 0


def _choices_changed(sender, **kwargs):
    # Model signals run inside the saving transaction: the new key is there when it commits.
    version_raise(CHOICES)


def connect() -> None:
    for model in (Theme, Entity, Challenge):
        post_save.connect(_choices_changed, sender=model, dispatch_uid=f"ideas.fragments.choices.save.{model.__name__}")
        post_delete.connect(_choices_changed, sender=model, dispatch_uid=f"ideas.fragments.choices.delete.{model.__name__}")


# --- Idea cards ----------------------------------------------------------------------------

def _card_key(idea) -> str:
    shown = (idea.title, idea.stage, idea.theme_id, idea.theme.name, idea.challenge_id,
             idea.challenge.title if idea.challenge_id else "", idea.published_at, idea.support_count, idea.comment_count)
    return fragments.fragment_key("card", idea.pk, fragments.digest(*shown))


def idea_cards_html(ideas, viewer) -> SafeString:
    """The cards of these ideas (with theme, author and author_entity loaded) for `viewer`."""
    from .templatetags.idea_authors import author_html

    ideas = list(ideas)
    # The card names the challenge an idea answers: one query for those not loaded with it.
    missing = {idea.challenge_id for idea in ideas if idea.challenge_id and not Idea.challenge.is_cached(idea)}
    if missing:
        challenges = Challenge.objects.in_bulk(missing)
        for idea in ideas:
            if idea.challenge_id in challenges:
                idea.challenge = challenges[idea.challenge_id]
    keys = [_card_key(idea) for idea in ideas]
    found = fragments.get_many(keys)
    template = get_template("ideas/_card.html")
    supported = format_html('<span class="badge-supported">{}</span>', _("You support it"))
    made, cards = {}, []
    for idea, key in zip(ideas, keys):
        html = found.get(key)
        if html is None:
            html = made[key] = template.render({"idea": idea, "author": AUTHOR_SLOT, "supported": SUPPORTED_SLOT})
        cards.append(html.replace(AUTHOR_SLOT, author_html(idea, viewer, link=False, entity=True))
                     .replace(SUPPORTED_SLOT, supported if getattr(idea, "viewer_supports", False) else ""))
    fragments.set_many(made)
    return fragments.assembled("".join(cards))


# --- Challenge cards -----------------------------------------------------------------------------

def _challenge_card_key(challenge) -> str:
    # The status follows the clock: it is part of what the card shows, so of its key.
    shown = (challenge.title, challenge.question, challenge.status, challenge.opens_at, challenge.closes_at,
             challenge.sponsor_id, challenge.sponsor.display_name, challenge.answer_count,
             tuple(theme.name for theme in challenge.themes.all()))
    return fragments.fragment_key("challenge-card", challenge.pk, fragments.digest(*shown))


def challenge_cards_html(challenges) -> SafeString:
    """The cards of a challenge list (ideas.challenge_selectors.challenge_list): nothing on
    them depends on the viewer, everything they show is in their key."""
    challenges = list(challenges)
    keys = [_challenge_card_key(challenge) for challenge in challenges]
    found = fragments.get_many(keys)
    template = get_template("ideas/challenges/_card.html")
    made = {key: template.render({"challenge": challenge})
            for challenge, key in zip(challenges, keys) if key not in found}
    fragments.set_many(made)
    return fragments.assembled("".join(found.get(key) or made[key] for key in keys))


# --- The filter form's choices -----------------------------------------------------------

FILTER_FIELDS = ("theme", "stage", "entity", "challenge", "sort")


def filter_fields_html(form) -> SafeString:
    """The filter form's menus. A valid form's are cached under the choices' version and
    the values chosen; a form with an error is rendered as it is, with its messages."""
    template = get_template("_field.html")

    def render():
        return fragments.assembled("".join(template.render({"field": form[name]}) for name in FILTER_FIELDS))

    if form.errors:
        return render()
    searching = bool((form["q"].value() or "").strip())  # "Best match" is offered only then
    key = fragments.fragment_key("idea-filters", version_of(CHOICES),
                                 fragments.digest(searching, *(form[name].value() for name in FILTER_FIELDS)))
    html = fragments.get(key)
    if html is None:
        html = render()
        fragments.put(key, html)
    return fragments.assembled(html)


# --- An idea's body and pictures --------------------------------------------------------------

def idea_body_html(idea) -> SafeString:
    key = fragments.fragment_key("idea-body", idea.pk, idea.content_version)
    html = fragments.get(key)
    if html is None:
        images = list(IdeaImage.objects.filter(idea=idea).order_by("id"))
        html = get_template("ideas/_body.html").render({"idea": idea, "images": images})
        fragments.put(key, html)
    return fragments.assembled(html)


# --- Comment threads ---------------------------------------------------------------------------

class ThreadShape:
    """What a viewer may do with other people's comments on one idea, asked of the rules
    once for a stand-in comment of each kind (live or deleted, shown or hidden): whether they
    may hide, report, delete, mark as helpful, read a hidden one. Viewers with the same
    answers see the same thread, bar their own comments; the answers name the cached copy."""

    KINDS = [(deleted, hidden) for deleted in (False, True) for hidden in (False, True)]

    def __init__(self, viewer, idea):
        permissions = comment_permissions_for(viewer, idea)
        now = timezone.now()
        self.actions: dict[tuple, CommentActions] = {
            (deleted, hidden): permissions.for_comment(Comment(
                idea=idea, author_id=None, created_at=now,
                deleted_at=now if deleted else None, hidden_at=now if hidden else None,
            ))
            for deleted, hidden in self.KINDS
        }
        self.key = fragments.digest(*(self.actions[kind] for kind in self.KINDS))

    def for_comment(self, comment) -> CommentActions:
        return self.actions[(comment.deleted_at is not None, comment.hidden_at is not None)]


_COMMENT_FIELDS = ("pk", "parent_id", "author_id", "created_at", "edited_at", "deleted_at", "hidden_at",
                   "hidden_reason", "marked_helpful_at", "body_html")


def _thread_of(idea) -> list[Comment]:
    comments = list(Comment.objects.filter(idea=idea).order_by("created_at", "id"))
    by_parent: dict[int, list[Comment]] = {}
    for comment in comments:
        comment.idea = idea
        by_parent.setdefault(comment.parent_id, []).append(comment)
    for comment in comments:
        comment.thread_replies = by_parent.get(comment.pk, [])
    return by_parent.get(None, [])


def _comment_from(row: tuple, idea) -> Comment:
    comment = Comment(idea=idea, **{("id" if name == "pk" else name): value for name, value in zip(_COMMENT_FIELDS, row)})
    comment.thread_replies = []
    return comment


def _person_slots(idea, viewer, people: dict[int, User]):
    """The byline and the plain name of each commenter, as this viewer may see them."""
    hide_author = not author_visible(idea, viewer)
    labels = {}

    def fill(match):
        pk, kind = int(match.group(1)), match.group(2)
        if (pk, kind) not in labels:
            person = people.get(pk)
            if hide_author and pk == idea.author_id:
                label = format_html('<span class="anonymous-author">{}</span>', _("the author")) if kind == "byline" else escape(_("the author"))
            elif person is None:
                label = ""
            elif kind == "name":
                label = escape(person.display_name)
            else:
                label = format_html('<a href="{}">{}</a>', reverse("accounts:profile", args=[pk]), person.display_name)
                if person.entity_id:
                    label = format_html('{}\n      <span class="hint">{}</span>', label, person.entity.name)
            labels[pk, kind] = label
        return labels[pk, kind]

    return fill


def comment_html(request, comment) -> SafeString:
    """One comment as `request.user` sees it, names filled in: for a page told that it was
    posted or changed (the live update fetches it alone)."""
    idea = comment.idea
    html = get_template("ideas/_comment.html").render({"comment": comment, "idea": idea}, request)
    people = {comment.author_id: comment.author} if comment.author_id else {}
    html = _PERSON_SLOT.sub(_person_slots(idea, request.user, people), html)
    return fragments.assembled(_COMMENT_MARK.sub("", html))


def comment_thread_html(request, idea) -> SafeString:
    """The comments of an idea as `request.user` sees them: the cached copy for their shape,
    their own comments rendered for them, the names of the day filled in."""
    viewer = request.user
    shape = ThreadShape(viewer, idea)
    key = fragments.fragment_key("thread", idea.pk, idea.content_version, shape.key)
    thread = fragments.get(key)
    if thread is None:
        top = _thread_of(idea)
        rows = [tuple(getattr(c, name) for name in _COMMENT_FIELDS) for t in top for c in [t, *t.thread_replies]]
        html = get_template("ideas/_thread.html").render({"threads": top, "idea": idea, "thread_shape": shape,
                                                         "csrf_token": CSRF_SLOT})
        thread = {"html": html, "comments": rows}
        fragments.put(key, thread)
    html = thread["html"]
    own = [row for row in thread["comments"] if row[2] == viewer.pk]
    if own:
        template = get_template("ideas/_comment.html")
        rendered = {row[0]: template.render({"comment": _comment_from(row, idea), "idea": idea, "user": viewer,
                                             "csrf_token": CSRF_SLOT}) for row in own}
        html = _OWN_COMMENT.sub(
            lambda m: rendered.get(int(m.group(1))) or m.group(0), html)
    people_ids = {row[2] for row in thread["comments"]}
    people = User.objects.select_related("entity").in_bulk(people_ids) if people_ids else {}
    html = _PERSON_SLOT.sub(_person_slots(idea, viewer, people), html)
    if CSRF_SLOT in html:
        html = html.replace(CSRF_SLOT, get_token(request))
    return fragments.assembled(_COMMENT_MARK.sub("", html))
