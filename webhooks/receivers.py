"""Listeners of the domain events (durable through the outbox): each event a webhook may
tell becomes one delivery per endpoint listening to it. They read the committed state again
and send only what an ordinary employee may read (payloads)."""

from datetime import timedelta

from django.utils import timezone

from ideas import events as idea_events
from ideas.models import Challenge, ChallengeStatus, Idea, Stage

from . import payloads, services
from .models import EventKind

# Pipeline moves told as "stage changed"; publication has its own event kind.
PIPELINE_STAGES = frozenset({Stage.POTENTIAL, Stage.ANALYSIS, Stage.PROJECT, Stage.PILOT, Stage.DEPLOYED,
                             Stage.NOT_RETAINED})


def _readable_idea(idea_id: int) -> Idea | None:
    idea = Idea.objects.select_related("author", "theme").filter(pk=idea_id).first()
    return idea if idea is not None and payloads.idea_readable(idea) else None


def _stamp(idea: Idea) -> str:
    return f"{idea.stage_changed_at.timestamp():.6f}" if idea.stage_changed_at else "0"


def on_idea_published(sender, idea, **kwargs):
    fresh = _readable_idea(idea.pk)
    if fresh is not None:
        services.deliveries_record(kind=EventKind.IDEA_PUBLISHED, key=f"published:{fresh.pk}:{_stamp(fresh)}",
                                   data={"idea": payloads.idea_facts(fresh)})


def on_stage_changed(sender, idea, from_stage, to_stage, **kwargs):
    if to_stage not in PIPELINE_STAGES:
        return
    fresh = _readable_idea(idea.pk)
    if fresh is None:
        return
    data = {"idea": payloads.idea_facts(fresh), "from_stage": from_stage, "to_stage": to_stage}
    key = f"stage:{fresh.pk}:{to_stage}:{_stamp(fresh)}"
    services.deliveries_record(kind=EventKind.STAGE_CHANGED, key=key, data=data)
    if to_stage == Stage.DEPLOYED:
        services.deliveries_record(kind=EventKind.IDEA_DEPLOYED, key=f"deployed:{fresh.pk}:{_stamp(fresh)}", data=data)


def _record_opened(challenge: Challenge) -> None:
    services.deliveries_record(kind=EventKind.CHALLENGE_OPENED, key=f"opened:{challenge.pk}",
                               data={"challenge": payloads.challenge_facts(challenge)})


def on_challenge_created(sender, challenge, **kwargs):
    """A challenge open from its creation; one opening later is told by `challenges_opened`."""
    fresh = Challenge.objects.filter(pk=challenge.pk).first()
    if fresh is not None and fresh.status_at(timezone.now()) == ChallengeStatus.OPEN:
        _record_opened(fresh)


def challenges_opened(*, within: timedelta) -> int:
    """Challenges that opened by the clock in the last `within` (their opening is no event):
    told once, the delivery's key being the challenge's. Beat runs it every few minutes."""
    now = timezone.now()
    opened = [challenge for challenge in Challenge.objects.filter(opens_at__lte=now, opens_at__gt=now - within)
              if challenge.status_at(now) == ChallengeStatus.OPEN]
    for challenge in opened:
        _record_opened(challenge)
    return len(opened)


def on_challenge_winners_announced(sender, challenge, winners, **kwargs):
    fresh = Challenge.objects.filter(pk=challenge.pk).first()
    if fresh is None:
        return
    readable = [idea for idea in Idea.objects.select_related("author", "theme")
                .filter(pk__in=[winner.pk for winner in winners]).order_by("-support_count", "-id")
                if payloads.idea_readable(idea)]
    services.deliveries_record(kind=EventKind.CHALLENGE_EVALUATED, key=f"evaluated:{fresh.pk}", data={
        "challenge": payloads.challenge_facts(fresh), "winners": [payloads.idea_facts(idea) for idea in readable]})


def _connect(signal, receiver):
    signal.connect(receiver, weak=False, dispatch_uid=f"webhooks.{receiver.__name__}")


def connect() -> None:
    _connect(idea_events.idea_published, on_idea_published)
    _connect(idea_events.idea_stage_changed, on_stage_changed)
    _connect(idea_events.challenge_created, on_challenge_created)
    _connect(idea_events.challenge_winners_announced, on_challenge_winners_announced)
