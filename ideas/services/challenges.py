"""Challenges: a sponsor's precise question, open for a while, answered by ideas, then
judged by the sponsor (a shortlist, the winners with a note).

Opening and closing follow the dates (Challenge.status): there is no "opened" or
"closed" event, nothing runs at the hour. Only what people do sends an event.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role, has_role
from core.errors import Conflict
from core.events import send_on_commit
from core.permissions import can, require
from core.text import render_markdown

from .. import events
from ..models import PUBLIC_STAGES, Challenge, ChallengeStatus, Idea

TITLE_MIN_LENGTH = 8
QUESTION_MIN_LENGTH = 10


def _may_be_sponsor(user) -> bool:
    return user is not None and user.is_active and has_role(user, Role.EXECUTIVE, Role.COMMUNITY_MANAGER, Role.ADMINISTRATOR)


def _validate(*, title, question, context, sponsor, themes, opens_at, closes_at, existing: Challenge | None):
    errors = {}
    title = " ".join((title or "").split())
    question = " ".join((question or "").split())
    if len(title) < TITLE_MIN_LENGTH:
        errors["title"] = _("Give the challenge a title of at least %(min)d characters.") % {"min": TITLE_MIN_LENGTH}
    elif len(title) > Challenge._meta.get_field("title").max_length:
        errors["title"] = _("The title is too long.")
    if len(question) < QUESTION_MIN_LENGTH:
        errors["question"] = _("Ask the question in a sentence.")
    elif len(question) > Challenge._meta.get_field("question").max_length:
        errors["question"] = _("The question is too long.")
    if not _may_be_sponsor(sponsor):
        errors["sponsor"] = _("The sponsor must be an executive or a community manager.")
    if not themes:
        errors["themes"] = _("Choose at least one theme.")
    if opens_at is None:
        errors["opens_at"] = _("Give an opening date.")
    if closes_at is None:
        errors["closes_at"] = _("Give a closing date.")
    elif opens_at is not None and closes_at <= opens_at:
        errors["closes_at"] = _("The challenge must close after it opens.")
    elif existing is None and closes_at <= timezone.now():
        errors["closes_at"] = _("The closing date is already past.")
    if existing is not None and existing.ideas.exists() and opens_at is not None and opens_at > timezone.now():
        # Ideas already answer it: it cannot go back to "upcoming".
        errors["opens_at"] = _("Ideas already answer this challenge: its opening cannot move to the future.")
    if errors:
        raise ValidationError(errors)
    return title, question, (context or "").strip()


def challenge_create(*, by, title: str, question: str, context: str = "", sponsor=None, themes=(), target_entities=(),
                     opens_at, closes_at) -> Challenge:
    require(by, "ideas.add_challenge", message=_("Only executives and community managers can pose a challenge."))
    sponsor = sponsor or by
    if sponsor.pk != by.pk and not has_role(by, Role.COMMUNITY_MANAGER, Role.ADMINISTRATOR):
        raise PermissionDenied(_("Only a community manager can pose a challenge in someone else's name."))
    themes, target_entities = list(themes or ()), list(target_entities or ())
    title, question, context = _validate(title=title, question=question, context=context, sponsor=sponsor, themes=themes,
                                         opens_at=opens_at, closes_at=closes_at, existing=None)
    with transaction.atomic():
        challenge = Challenge.objects.create(
            title=title, question=question, context=context, context_html=render_markdown(context), sponsor=sponsor,
            opens_at=opens_at, closes_at=closes_at, created_by=by,
        )
        challenge.themes.set(themes)
        challenge.target_entities.set(target_entities)
        send_on_commit(events.challenge_created, Challenge, challenge=challenge, by=by)
    return challenge


def challenge_update(*, challenge: Challenge, by, title: str, question: str, context: str = "", sponsor=None,
                     themes=(), target_entities=(), opens_at, closes_at) -> Challenge:
    require(by, "ideas.change_challenge", challenge, _("This challenge can no longer be edited."))
    sponsor = sponsor or challenge.sponsor
    if sponsor.pk != challenge.sponsor_id and not has_role(by, Role.COMMUNITY_MANAGER, Role.ADMINISTRATOR):
        raise PermissionDenied(_("Only a community manager can change the sponsor."))
    themes, target_entities = list(themes or ()), list(target_entities or ())
    title, question, context = _validate(title=title, question=question, context=context, sponsor=sponsor, themes=themes,
                                         opens_at=opens_at, closes_at=closes_at, existing=challenge)
    with transaction.atomic():
        locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
        require(by, "ideas.change_challenge", locked, _("This challenge can no longer be edited."))
        challenge.title, challenge.question, challenge.context = title, question, context
        challenge.context_html = render_markdown(context)
        challenge.sponsor, challenge.opens_at, challenge.closes_at = sponsor, opens_at, closes_at
        challenge.save()
        challenge.themes.set(themes)
        challenge.target_entities.set(target_entities)
        send_on_commit(events.challenge_edited, Challenge, challenge=challenge, by=by)
    return challenge


def check_answer(*, challenge: Challenge | None, by, current: Challenge | None = None) -> None:
    """An idea may name a challenge only while it is open (and addressed to its author).
    Keeping the challenge an idea already answers is always allowed."""
    if challenge is None or (current is not None and current.pk == challenge.pk):
        return
    if can(by, "ideas.answer_challenge", challenge):
        return
    status = challenge.status
    if status == ChallengeStatus.UPCOMING:
        message = _("The challenge “%(title)s” is not open yet: it opens on %(date)s.") % {
            "title": challenge.title, "date": timezone.localtime(challenge.opens_at).strftime("%Y-%m-%d %H:%M")}
    elif status != ChallengeStatus.OPEN:
        message = _("The challenge “%(title)s” is closed: it no longer takes ideas.") % {"title": challenge.title}
    else:
        message = _("The challenge “%(title)s” is addressed to other business units.") % {"title": challenge.title}
    raise ValidationError({"challenge": message})


def _answers(challenge: Challenge, idea_ids) -> list[Idea]:
    ids = {int(pk) for pk in idea_ids or ()}
    ideas = list(
        Idea.objects.filter(pk__in=ids, challenge=challenge, stage__in=PUBLIC_STAGES, hidden_at__isnull=True)
        .select_related("author")
    )
    if len(ideas) != len(ids):
        raise ValidationError({"ideas": _("Choose among the published ideas that answer this challenge.")})
    return ideas


def challenge_shortlist(*, challenge: Challenge, by, idea_ids) -> list[Idea]:
    """The sponsor's shortlist, once the challenge is closed: replaces the previous one."""
    require(by, "ideas.evaluate_challenge", challenge, _("Only the sponsor can shortlist, once the challenge is closed."))
    with transaction.atomic():
        locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if locked.evaluated_at is not None:
            raise Conflict(_("The winners are already announced."))
        ideas = _answers(challenge, idea_ids)
        now = timezone.now()
        Idea.objects.filter(challenge=challenge).exclude(pk__in=[i.pk for i in ideas]).update(challenge_shortlisted_at=None)
        Idea.objects.filter(pk__in=[i.pk for i in ideas], challenge_shortlisted_at__isnull=True).update(
            challenge_shortlisted_at=now)
        send_on_commit(events.challenge_shortlisted, Challenge, challenge=challenge, ideas=ideas, by=by)
    return ideas


def challenge_announce_winners(*, challenge: Challenge, by, idea_ids, note: str) -> Challenge:
    """The sponsor names the winners (shortlisted or not) with a note; the challenge is
    then evaluated, for good."""
    require(by, "ideas.evaluate_challenge", challenge, _("Only the sponsor can announce the winners, once the challenge is closed."))
    note = (note or "").strip()
    errors = {}
    if not idea_ids:
        errors["ideas"] = _("Choose at least one winning idea.")
    if not note:
        errors["note"] = _("Write a word to the participants about the results.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if locked.evaluated_at is not None:
            raise Conflict(_("The winners are already announced."))
        winners = _answers(challenge, idea_ids)
        now = timezone.now()
        Idea.objects.filter(pk__in=[i.pk for i in winners]).update(challenge_winner_at=now)
        Idea.objects.filter(pk__in=[i.pk for i in winners], challenge_shortlisted_at__isnull=True).update(
            challenge_shortlisted_at=now)
        challenge.evaluated_at, challenge.results_note, challenge.results_note_html = now, note, render_markdown(note)
        challenge.save(update_fields=["evaluated_at", "results_note", "results_note_html", "updated_at"])
        for idea in winners:
            idea.challenge_winner_at = now
        send_on_commit(events.challenge_winners_announced, Challenge, challenge=challenge, winners=winners, by=by)
    return challenge


def idea_reveal_author(*, idea: Idea, by) -> Idea:
    """The author puts their name back on an idea they posted without it."""
    require(by, "ideas.reveal_idea_author", idea, _("Only the author can put their name back on this idea."))
    with transaction.atomic():
        Idea.objects.filter(pk=idea.pk).update(author_name_hidden=False)
        idea.author_name_hidden = False
        idea.__dict__.pop("_author_visible_to", None)
        send_on_commit(events.idea_author_revealed, Idea, idea=idea, by=by)
    return idea
