"""Writing ideas: drafts, edits with pictures, submission for validation."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import Conflict
from core.events import send_on_commit
from core.images import clean_image
from core.permissions import require
from core.text import render_markdown

from .. import events
from ..fragments import content_changed
from ..models import Idea, IdeaImage, Stage, Theme
from ..search import refresh_search_vectors
from .challenges import check_answer
from .follows import follow_quietly
from .lifecycle import idea_transition

TITLE_MIN_LENGTH = 8
BODY_MAX_LENGTH = 20_000


def validate_idea_text(title: str, body: str, theme: Theme | None) -> tuple[str, str]:
    errors = {}
    title = " ".join((title or "").split())
    body = (body or "").strip()
    if len(title) < TITLE_MIN_LENGTH:
        errors["title"] = _("Give your idea a title of at least %(min)d characters.") % {"min": TITLE_MIN_LENGTH}
    elif len(title) > Idea._meta.get_field("title").max_length:
        errors["title"] = _("The title is limited to %(max)d characters; it has %(count)d: please shorten it.") % {
            "max": Idea._meta.get_field("title").max_length, "count": len(title)}
    if not body:
        errors["body"] = _("Describe your idea.")
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = _("The description is limited to %(max)d characters.") % {"max": BODY_MAX_LENGTH}
    if theme is None or not theme.is_active:
        errors["theme"] = _("Choose an active theme.")
    if errors:
        raise ValidationError(errors)
    return title, body


def _clean_images(images, already: int):
    images = [i for i in images or () if i]
    if already + len(images) > settings.IDEA_MAX_IMAGES:
        raise ValidationError({"images": _("An idea can have at most %(max)d pictures.") % {"max": settings.IDEA_MAX_IMAGES}})
    cleaned = []
    for upload in images:
        try:
            cleaned.append(clean_image(upload))
        except ValidationError as error:
            raise ValidationError({"images": [f"{upload.name}: {message}" for message in error.messages]})
    return cleaned


def _store_images(idea: Idea, cleaned) -> None:
    for picture in cleaned:
        image = IdeaImage(idea=idea, width=picture.width, height=picture.height)
        image.image.save(picture.image.name, picture.image, save=False)
        image.thumbnail.save(picture.thumbnail.name, picture.thumbnail, save=False)
        image.save()


def idea_create(*, by, title: str, body: str, theme: Theme, images=(), submit: bool = False, challenge=None,
                author_name_hidden: bool = False) -> Idea:
    """Save a new idea as a draft (and submit it at once when asked). It may answer an open
    challenge, and be posted without the author's name (shown to colleagues as "a colleague")."""
    require(by, "ideas.add_idea", message=_("You cannot post ideas at the moment."))
    title, body = validate_idea_text(title, body, theme)
    check_answer(challenge=challenge, by=by)
    # Every picture is checked before anything is written: a refused one leaves no row.
    cleaned = _clean_images(images, already=0)
    with transaction.atomic():
        idea = Idea.objects.create(
            title=title, body=body, body_html=render_markdown(body), theme=theme, author=by,
            author_entity_id=by.entity_id, stage=Stage.DRAFT, challenge=challenge,
            author_name_hidden=bool(author_name_hidden),
        )
        _store_images(idea, cleaned)
        refresh_search_vectors(Idea.objects.filter(pk=idea.pk))
        follow_quietly(idea=idea, user=by)
        send_on_commit(events.idea_created, Idea, idea=idea, by=by)
        if submit:
            idea_transition(idea=idea, to_stage=Stage.SUBMITTED, by=by)
    return idea


_UNCHANGED = object()


def idea_update(*, idea: Idea, by, title: str, body: str, theme: Theme, images=(), remove_image_ids=(), submit: bool = False,
                challenge=_UNCHANGED, author_name_hidden=None) -> Idea:
    """Edit a draft (or an idea sent back for changes). `challenge` left out keeps the
    current one; a new one must be open. `author_name_hidden` None keeps the choice."""
    require(by, "ideas.change_idea", idea, _("This idea can no longer be edited."))
    title, body = validate_idea_text(title, body, theme)
    if challenge is _UNCHANGED:
        challenge = idea.challenge
    else:
        check_answer(challenge=challenge, by=by, current=idea.challenge)
    if submit:
        # Sent for validation, it joins the challenge now: the challenge must still be open.
        check_answer(challenge=challenge, by=by)
    remove_ids = {int(pk) for pk in remove_image_ids or ()}
    kept = idea.images.exclude(pk__in=remove_ids).count()
    cleaned = _clean_images(images, already=kept)
    with transaction.atomic():
        locked = Idea.objects.select_for_update().get(pk=idea.pk)
        require(by, "ideas.change_idea", locked, _("This idea can no longer be edited."))
        idea.title, idea.body, idea.body_html, idea.theme = title, body, render_markdown(body), theme
        idea.challenge = challenge
        if author_name_hidden is not None:
            idea.author_name_hidden = bool(author_name_hidden)
        idea.save(update_fields=["title", "body", "body_html", "theme", "challenge", "author_name_hidden", "updated_at"])
        refresh_search_vectors(Idea.objects.filter(pk=idea.pk))
        removed = list(idea.images.filter(pk__in=remove_ids))
        for image in removed:
            image.delete()
        _store_images(idea, cleaned)
        content_changed(idea.pk)
        transaction.on_commit(lambda: [_delete_files(image) for image in removed])
        send_on_commit(events.idea_edited, Idea, idea=idea, by=by)
        if submit:
            idea_transition(idea=idea, to_stage=Stage.SUBMITTED, by=by)
    return idea


def idea_submit(*, idea: Idea, by) -> Idea:
    if idea.challenge_id is not None:
        try:
            check_answer(challenge=idea.challenge, by=by)
        except ValidationError as error:
            raise Conflict(" ".join(error.messages)) from error
    return idea_transition(idea=idea, to_stage=Stage.SUBMITTED, by=by)


def idea_delete(*, idea: Idea, by) -> None:
    """Delete a draft that was never submitted."""
    require(by, "ideas.delete_idea", idea, _("Only a draft can be deleted."))
    images = list(idea.images.all())
    with transaction.atomic():
        idea.delete()
        transaction.on_commit(lambda: [_delete_files(image) for image in images])


def _delete_files(image: IdeaImage) -> None:
    for field in (image.image, image.thumbnail):
        if field.name:
            field.storage.delete(field.name)
