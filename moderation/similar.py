"""Similar ideas beside each idea of the validation queue, found once and kept.

A submitted idea's list is found when it is submitted (the `idea_submitted` event, on a
worker when there is one) or edited, and otherwise the first time the queue shows the
idea: from then on the queue reads the kept ids and asks only for those ideas (still
public: an idea hidden or merged since drops out). A list is found again when the idea's
title or description no longer match it, or after KEPT_FOR, so that ideas published
since are suggested too."""

import hashlib
from datetime import timedelta

from django.utils import timezone

from ideas.models import Idea, Stage
from ideas.selectors import public_ideas
from ideas.similar import MAX_BODY, similar_idea_scores

from .models import SimilarIdeas

SUGGESTED = 5
KEPT_FOR = timedelta(days=1)


def _digest(idea: Idea) -> str:
    return hashlib.sha256(f"{idea.title}\x00{idea.body[:MAX_BODY]}".encode()).hexdigest()


def similar_find(idea: Idea) -> SimilarIdeas:
    """Search the ideas resembling `idea` now and keep the list (replacing any older one)."""
    found = similar_idea_scores(idea.title, idea.body, limit=SUGGESTED, exclude=idea.pk)
    kept, _created = SimilarIdeas.objects.update_or_create(idea_id=idea.pk, defaults={
        "text_digest": _digest(idea), "found": [[pk, round(score, 4)] for pk, score in found],
        "computed_at": timezone.now(),
    })
    return kept


def _current(idea: Idea, now) -> SimilarIdeas | None:
    try:
        kept = idea.similar_found
    except SimilarIdeas.DoesNotExist:
        return None
    if kept.text_digest != _digest(idea) or now - kept.computed_at > KEPT_FOR:
        return None
    return kept


def similar_for_queue(ideas: list[Idea]) -> dict[int, list[Idea]]:
    """{idea id: its similar public ideas, best first} for the ideas of a queue page (read
    with `select_related("similar_found")`): one query for all the suggested ideas, plus a
    search only for the ideas without a current list."""
    now = timezone.now()
    lists = {}
    for idea in ideas:
        kept = _current(idea, now) or similar_find(idea)
        lists[idea.pk] = [pk for pk, _score in kept.found]
    wanted = {pk for found in lists.values() for pk in found}
    suggested = public_ideas().select_related("theme").in_bulk(wanted) if wanted else {}
    return {idea_id: [suggested[pk] for pk in found if pk in suggested] for idea_id, found in lists.items()}


def idea_submitted(sender, idea, **payload):
    """Find the list of a newly submitted (or resubmitted) idea ahead of the queue."""
    fresh = Idea.objects.filter(pk=getattr(idea, "pk", idea), stage=Stage.SUBMITTED).first()
    if fresh is not None:
        similar_find(fresh)


def idea_edited(sender, idea, **payload):
    """An idea edited while it waits: its list again, for its new words."""
    idea_submitted(sender, idea)
