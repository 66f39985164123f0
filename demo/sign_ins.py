"""Sign-in days for the demo company, so that the executive report's participation has a
"signed in" figure (the demo's history happened before anyone signed in for real): two
people in three, on a few days each over the last six months, always including the days
they wrote something."""

import random
from datetime import datetime, time, timedelta

from django.db.models import Min
from django.utils import timezone

from accounts.models import User
from ideas.models import Comment, Idea, Vote
from reports.models import LoginDay

from .organisation import DOMAIN

SEED = 20241105


def seed_sign_in_days(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    rng = random.Random(SEED)
    people = list(User.objects.filter(email__iendswith=f"@{DOMAIN}").order_by("pk").values_list("pk", flat=True))
    days: dict[int, set] = {}
    for query, person in ((Idea.objects.filter(submitted_at__isnull=False), "author_id"),
                          (Comment.objects.all(), "author_id"), (Vote.objects.all(), "user_id")):
        for pk, first in query.filter(**{f"{person}__in": people}).values(person).annotate(first=Min("created_at"))\
                .order_by().values_list(person, "first"):
            days.setdefault(pk, set()).add(timezone.localtime(first).date())
    for pk in people:
        if pk in days or rng.random() < 0.6:
            for _ in range(rng.randint(1, 8)):
                days.setdefault(pk, set()).add(timezone.localdate(now - timedelta(days=rng.uniform(0, 180))))
    LoginDay.objects.bulk_create(
        [LoginDay(user_id=pk, day=day) for pk, visits in days.items() for day in visits], ignore_conflicts=True
    )
    latest = {pk: max(visits) for pk, visits in days.items()}
    users = list(User.objects.filter(pk__in=latest, last_login__isnull=True))
    for user in users:
        user.last_login = timezone.make_aware(datetime.combine(latest[user.pk], time(9)))
    User.objects.bulk_update(users, ["last_login"])
    return len(days)
