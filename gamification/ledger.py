"""The points ledger: awards and reversals, written so that the ledger holds exactly the
facts of gamification.facts.

`reconcile` compares, in a scope, the facts with the outstanding awards, and writes only
the difference: an award for a new fact, a reversal for a fact that is gone (support
withdrawn, comment hidden or deleted, idea hidden, merge...), a reversal then a new award
when a fact changed (a deployment now shared with a co-author). Nothing is ever updated or
deleted; handling the same event twice finds nothing to write, and the unique key
(user, rule, object, kind, generation) refuses a duplicate.

The person's Score row is locked first, by every writer of their ledger rows, and updated
with F() in the same transaction, so the total always equals the sum of the ledger and two
events about one person are reconciled one after the other.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Exists, F, Max, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from moderation.models import Sanction

from .facts import Fact, Scope, desired_facts, local_day, raw_facts, suspension_periods
from .models import LedgerEntry, PointsRule, Score

Code = PointsRule.Code
Kind = LedgerEntry.Kind


def rule_by_code(code: str) -> PointsRule | None:
    return PointsRule.objects.filter(code=code).first()


def rules_by_code(*codes: str) -> dict[str, PointsRule]:
    """Several rules in one query, for a listener that touches more than one (a missing
    rule is absent)."""
    return {rule.code: rule for rule in PointsRule.objects.filter(code__in=codes)}


def day_window(day) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), zone)
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), zone)
    return start, end


def _outstanding(entries) -> tuple[dict, dict]:
    """From ledger rows: the award not yet reversed per key, and the highest generation."""
    awards, reversed_ids, generations = {}, set(), defaultdict(int)
    for entry in entries:
        key = (entry["user_id"], entry["content_type_id"], entry["object_id"])
        if entry["kind"] == Kind.REVERSAL:
            reversed_ids.add(entry["reversal_of_id"])
        else:
            awards.setdefault(key, []).append(entry)
            generations[key] = max(generations[key], entry["generation"])
    outstanding = {}
    for key, rows in awards.items():
        live = [row for row in rows if row["id"] not in reversed_ids]
        if live:
            outstanding[key] = max(live, key=lambda row: row["generation"])
    return outstanding, generations


_ENTRY_FIELDS = ("id", "user_id", "content_type_id", "object_id", "kind", "generation", "points", "occurred_at",
                 "reversal_of_id", "idea_id")


def _difference(rule: PointsRule, desired: dict[tuple, Fact], entries) -> list[LedgerEntry]:
    outstanding, generations = _outstanding(entries)
    rows = []
    for key in sorted(set(desired) | set(outstanding)):
        fact, award = desired.get(key), outstanding.get(key)
        if award is not None and fact is not None and award["points"] == fact.points \
                and award["occurred_at"] == fact.occurred_at:
            continue
        user_id, content_type_id, object_id = key
        if award is not None:
            rows.append(LedgerEntry(
                user_id=user_id, rule=rule, content_type_id=content_type_id, object_id=object_id,
                kind=Kind.REVERSAL, generation=award["generation"], points=-award["points"],
                idea_id=award["idea_id"], occurred_at=award["occurred_at"], reversal_of_id=award["id"],
            ))
        if fact is not None:
            rows.append(LedgerEntry(
                user_id=user_id, rule=rule, content_type_id=content_type_id, object_id=object_id,
                kind=Kind.AWARD, generation=generations[key] + 1, points=fact.points,
                idea_id=fact.idea_id, occurred_at=fact.occurred_at,
            ))
    return rows


def _lock_score(user_id: int, *, create: bool = True) -> dict | None:
    """Lock the person's score row, made first if missing (unless not `create`: then None
    when there is none). Every writer of a person's ledger rows holds this lock, so they
    read and write one at a time. Returns the person's suspensions (facts.suspension_periods),
    whose existence the locking query reads too."""
    suspended = Exists(Sanction.objects.filter(user_id=user_id, kind=Sanction.Kind.SUSPENSION))
    locked = Score.objects.select_for_update().filter(user_id=user_id).annotate(suspended=suspended)
    rows = list(locked.values_list("suspended", flat=True))
    if not rows:
        if not create:
            return None
        Score.objects.get_or_create(user_id=user_id)
        rows = list(locked.values_list("suspended", flat=True))
    return suspension_periods([user_id]) if rows[0] else {}


def _in_objects(keys) -> Q:
    """The whole history of these objects: an award written on another day (the
    contribution's time changed) is theirs to reverse, and generations go on."""
    q = Q()
    for content_type_id in {key[1] for key in keys}:
        q |= Q(content_type_id=content_type_id, object_id__in=[key[2] for key in keys if key[1] == content_type_id])
    return q


def _write(rows: list[LedgerEntry]) -> tuple[int, datetime | None]:
    """Insert the rows; the change in points and the time of the latest. No savepoint per
    row: with the person's score locked no listener writes them meanwhile, and a duplicate
    (only rebuild_ledger, which takes no lock, could write one) fails the transaction as a
    whole, the total untouched."""
    if not rows:
        return 0, None
    LedgerEntry.objects.bulk_create(rows)
    return sum(row.points for row in rows), max(row.occurred_at for row in rows)


def _add_to_score(user_id: int, delta: int, latest: datetime | None) -> None:
    if latest is not None:
        Score.objects.filter(user_id=user_id).update(
            total=F("total") + delta,
            reached_at=Greatest(Coalesce(F("reached_at"), Value(latest)), Value(latest)),
        )


def reconcile(rule: PointsRule, user_id: int, *, idea_id: int | None = None, day=None) -> int:
    """Make the ledger of `user_id` for `rule` match the facts, in one idea or one day
    (or, with neither, everything of this person). Returns the change in points."""
    start = end = None
    if day is not None:
        start, end = day_window(day)
    scope = Scope(user_id=user_id, idea_id=idea_id, start=start, end=end)
    # No savepoint of its own: an error rolls back the caller's transaction as a whole.
    with transaction.atomic(savepoint=False):
        periods = _lock_score(user_id)
        desired = desired_facts(rule, scope, periods=periods)
        in_scope = Q()
        if idea_id is not None:
            in_scope &= Q(idea_id=idea_id)
        if start is not None:
            in_scope &= Q(occurred_at__gte=start, occurred_at__lt=end)
        if in_scope:
            in_scope |= _in_objects(desired)
        entries = LedgerEntry.objects.filter(in_scope, user_id=user_id, rule=rule)
        delta, latest = _write(_difference(rule, desired, entries.values(*_ENTRY_FIELDS)))
        _add_to_score(user_id, delta, latest)
    return delta


def _as_entry(row: LedgerEntry) -> dict:
    return {field: getattr(row, field) for field in _ENTRY_FIELDS}


def _reconcile_days(rule: PointsRule, user_id: int, idea_id: int) -> int | None:
    """`touch` under a daily cap, in one transaction holding the score's lock: the days on
    which the person has a fact or an award about the idea, each reconciled in full, with
    the ledger read once (today's rows with the idea's, as most events happen today).
    None when the person has no score row yet (nothing was read: see `touch`)."""
    with transaction.atomic(savepoint=False):
        periods = _lock_score(user_id, create=False)
        if periods is None:
            return None
        fact_days = {local_day(fact.occurred_at) for fact in raw_facts(rule, Scope(user_id=user_id, idea_id=idea_id))}
        desired, entries = {}, {}

        def read(days, *, idea: bool) -> None:
            in_scope = Q(idea_id=idea_id) if idea else Q()
            for day in sorted(days):
                start, end = day_window(day)
                desired[day] = desired_facts(rule, Scope(user_id=user_id, start=start, end=end), periods=periods)
                in_scope |= Q(occurred_at__gte=start, occurred_at__lt=end) | _in_objects(desired[day])
            for entry in LedgerEntry.objects.filter(in_scope, user_id=user_id, rule=rule).values(*_ENTRY_FIELDS):
                entries[entry["id"]] = entry

        read(fact_days | {local_day(timezone.now())}, idea=True)
        days = fact_days | {local_day(e["occurred_at"]) for e in entries.values() if e["idea_id"] == idea_id}
        if days - set(desired):
            read(days - set(desired), idea=False)
        delta, latest = 0, None
        for day in sorted(days):
            start, end = day_window(day)
            objects = {(key[1], key[2]) for key in desired[day]}
            in_day = [
                e for e in sorted(entries.values(), key=lambda e: (e["occurred_at"], e["id"]))
                if start <= e["occurred_at"] < end or (e["content_type_id"], e["object_id"]) in objects
            ]
            rows = _difference(rule, desired[day], in_day)
            day_delta, day_latest = _write(rows)
            # A later day sees what an earlier one wrote, as if it had read the ledger again.
            entries.update((row.pk, _as_entry(row)) for row in rows)
            delta += day_delta
            if day_latest is not None:
                latest = day_latest if latest is None else max(latest, day_latest)
        _add_to_score(user_id, delta, latest)
    return delta


def touch(code: str, user_id: int, idea_id: int | None, *, rules: dict[str, PointsRule] | None = None) -> int:
    """Reconcile what one person may have gained or lost about one idea for one rule
    (`rules`: the rules already read by the caller, see `rules_by_code`).

    A daily cap is applied over whole days: every day on which this person has a fact or
    an award about this idea is reconciled in full."""
    rule = rule_by_code(code) if rules is None else rules.get(code)
    if rule is None or user_id is None:
        return 0
    if code == Code.BADGE_EARNED or idea_id is None:
        return reconcile(rule, user_id)
    if rule.daily_cap is None:
        return reconcile(rule, user_id, idea_id=idea_id)
    delta = _reconcile_days(rule, user_id, idea_id)
    if delta is not None:
        return delta
    # The person's first points: their score row is made by the first day's reconciling.
    days = {local_day(fact.occurred_at) for fact in raw_facts(rule, Scope(user_id=user_id, idea_id=idea_id))}
    awarded = LedgerEntry.objects.filter(user_id=user_id, rule=rule, idea_id=idea_id).values_list("occurred_at", flat=True)
    days |= {local_day(moment) for moment in awarded}
    return sum(reconcile(rule, user_id, day=day) for day in sorted(days))


def touch_ideas(code: str, user_id: int, idea_ids, *, rules: dict[str, PointsRule] | None = None) -> int:
    """`touch` for several ideas of one person at once (a worker's backlog). Under a daily
    cap, each day on which the person has a fact or an award about one of them is
    reconciled once, in full, instead of once per idea."""
    idea_ids = sorted(set(idea_ids))
    rule = rule_by_code(code) if rules is None else rules.get(code)
    if rule is None or user_id is None:
        return 0
    if len(idea_ids) < 2 or rule.daily_cap is None or code == Code.BADGE_EARNED:
        return sum(touch(code, user_id, idea_id, rules=rules) for idea_id in idea_ids)
    days = {local_day(timezone.now())}
    for idea_id in idea_ids:
        days |= {local_day(fact.occurred_at) for fact in raw_facts(rule, Scope(user_id=user_id, idea_id=idea_id))}
    awarded = LedgerEntry.objects.filter(user_id=user_id, rule=rule, idea_id__in=idea_ids)
    days |= {local_day(moment) for moment in awarded.values_list("occurred_at", flat=True)}
    return sum(reconcile(rule, user_id, day=day) for day in sorted(days))


def touch_idea(code: str, idea_id: int) -> int:
    """Reconcile a rule about one idea for everyone concerned: whoever the facts name now
    and whoever the ledger credited before (a co-author removed by an undone merge)."""
    rule = rule_by_code(code)
    if rule is None:
        return 0
    users = {fact.user_id for fact in raw_facts(rule, Scope(idea_id=idea_id))}
    users |= set(LedgerEntry.objects.filter(rule=rule, idea_id=idea_id).values_list("user_id", flat=True).distinct())
    return sum(touch(code, user_id, idea_id) for user_id in sorted(users))


def rebuild(*, reset: bool = False) -> dict:
    """Bring the whole ledger to the facts, for every rule and person.

    Without `reset` it writes only the corrections (awards and reversals), keeping the
    history; with `reset` it empties the ledger and writes it again from scratch. The
    scores are recomputed from the ledger in both cases."""
    written = 0
    with transaction.atomic():
        if reset:
            LedgerEntry.objects.filter(kind=Kind.REVERSAL).delete()
            LedgerEntry.objects.all().delete()
        for rule in PointsRule.objects.all():
            desired = desired_facts(rule, Scope())
            entries = LedgerEntry.objects.filter(rule=rule).values(*_ENTRY_FIELDS).iterator(chunk_size=5000)
            rows = _difference(rule, desired, entries)
            LedgerEntry.objects.bulk_create(rows, batch_size=1000)
            written += len(rows)
        totals = LedgerEntry.objects.order_by().values("user_id").annotate(total=Sum("points"), last=Max("occurred_at"))
        scores = [Score(user_id=row["user_id"], total=row["total"], reached_at=row["last"]) for row in totals]
        Score.objects.all().delete()
        Score.objects.bulk_create(scores, batch_size=1000)
    return {"entries_written": written, "people": len(scores)}
