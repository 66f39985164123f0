"""Run by tests/deploy/test_replica.py in a process of its own, with DATABASE_URL naming a
real primary and DATABASE_REPLICA_URL its streaming standby (both migrated, replay running).

Requests go through Django's test client (the site's URLs, middleware and views) with the
production settings. Prints one JSON line of what it saw for the test to judge.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"

import django  # noqa: E402

django.setup()

from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Entity, RoleAssignment, User  # noqa: E402
from accounts.services import role_grant  # noqa: E402
from core.text import render_markdown  # noqa: E402
from ideas.models import Idea, Stage, Theme  # noqa: E402


def caught_up() -> bool:
    """The standby has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("select pg_current_wal_lsn()")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with connections["replica"].cursor() as cursor:
            cursor.execute("select pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.1)
    return False


def replay(paused: bool) -> None:
    with connections["replica"].cursor() as cursor:
        cursor.execute("select pg_wal_replay_pause()" if paused else "select pg_wal_replay_resume()")


def export(client: Client) -> tuple[int, str, int, int]:
    """The report's table by theme as CSV, and how many queries each database answered."""
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(connections["replica"]) as replica:
        response = client.get("/reports/export/themes.csv")
    return response.status_code, response.content.decode(), len(primary), len(replica)


def main() -> None:
    setup_test_environment()  # the client then keeps each page's template context
    unit = Entity.objects.create(name="Replica unit", code="REPL")
    author = User.objects.create_user(email="author@multitude.example", password="x" * 20, entity=unit)
    supporter = User.objects.create_user(email="supporter@multitude.example", password="x" * 20, entity=unit)
    executive = User.objects.create_user(email="executive@multitude.example", password="x" * 20, entity=unit)
    role_grant(user=executive, role=RoleAssignment.Role.EXECUTIVE)
    now = timezone.now()
    idea = Idea.objects.create(
        title="Replica idea", body="Support me", body_html=render_markdown("Support me"),
        theme=Theme.objects.order_by("position").first(), author=author, author_entity=unit,
        stage=Stage.PUBLISHED, submitted_at=now, published_at=now, stage_changed_at=now)
    reader, person = Client(), Client()
    reader.force_login(executive)
    person.force_login(supporter)
    seen = {"caught_up_first": caught_up()}
    seen["before"] = export(reader)

    replay(paused=True)
    try:
        seen["support_status"] = person.post(f"/ideas/{idea.pk}/support/").status_code
        # The person's own write path reads the primary: the page shows their support.
        page = person.get(f"/ideas/{idea.pk}/")
        seen["own_page_status"] = page.status_code
        seen["own_page_count"] = page.context["idea"].support_count if page.context else None
        seen["own_page_supports"] = bool(page.context and page.context["idea"].viewer_supports)
        seen["while_paused"] = export(reader)
        with connections["replica"].cursor() as cursor:
            cursor.execute("select count(*) from ideas_vote where idea_id = %s", [idea.pk])
            seen["replica_votes_while_paused"] = cursor.fetchone()[0]
    finally:
        replay(paused=False)
    seen["caught_up_after"] = caught_up()
    seen["after"] = export(reader)
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
