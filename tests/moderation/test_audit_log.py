"""The audit log page and its CSV export: community managers and administrators only,
every moderation and pipeline action with who, when, what changed and why."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ideas.models import Stage
from ideas.services import comment_post
from moderation.audit import audit
from moderation.content import content_hide
from moderation.models import AuditEntry
from moderation.pipeline import idea_pipeline_step
from moderation.services import idea_approve
from tests.factories import IdeaFactory, Role, UserFactory
from tests.support import assert_flat_query_count

AUDIT = reverse("moderation:audit")
EXPORT = reverse("moderation:audit_export")


def labels_in(client, **params):
    response = client.get(AUDIT, params)
    assert response.status_code == 200
    return [entry.target_label for entry, _changes, _url in response.context["rows"]]


def exported(client, **params) -> list[list[str]]:
    response = client.get(EXPORT, params)
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def history(author, theme, correspondent, community_manager, executive, colleague):
    """Two approvals by a correspondent, a pipeline step and a hidden comment by a community
    manager."""
    printers = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED, title="Share the printers")
    idea_approve(idea=printers, by=correspondent, reason="Clear and useful.")
    lights = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=correspondent,
                         title="Switch off the lights")
    idea_pipeline_step(idea=lights, to_stage=Stage.POTENTIAL, by=community_manager, note="Cheap to try.")
    comment = comment_post(idea=lights, by=colleague, body="Who cares about that?")
    content_hide(target=comment, by=community_manager, reason="Rude to the author.")
    return {"printers": printers, "lights": lights, "comment": comment}


@pytest.mark.parametrize(("role", "status"), [
    ("community_manager", 200), ("superuser", 200), ("administrator", 200),
    ("correspondent", 403), ("executive", 403), ("colleague", 403), ("suspended_manager", 200),
])
def test_only_community_managers_and_administrators_read_the_audit_log(role, status, request, client_for):
    if role == "administrator":
        user = UserFactory(roles=[Role.ADMINISTRATOR])
    elif role == "suspended_manager":
        # Reading is not taking part: a suspended community manager may still read.
        user = UserFactory(roles=[Role.COMMUNITY_MANAGER], suspended_until=timezone.now() + timedelta(days=2))
    else:
        user = request.getfixturevalue(role)
    client = client_for(user)

    assert client.get(AUDIT).status_code == status
    assert client.get(EXPORT).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client_for):
    assert client_for().get(AUDIT).status_code == 302
    assert client_for().get(EXPORT).status_code == 302


def test_the_log_lists_every_action_newest_first_with_readable_changes(client_for, history, community_manager):
    response = client_for(community_manager).get(AUDIT)
    html = response.content.decode()

    assert [entry.action for entry, _c, _u in response.context["rows"]] == ["hide", "stage_change", "approve", "approve"]
    assert "<dt>stage</dt><dd><del>published</del> → <ins>has potential</ins></dd>" in html
    assert "Cheap to try." in html and "Rude to the author." in html and "Clear and useful." in html
    assert f'href="{history["lights"].get_absolute_url()}"' in html


def test_the_log_filters_by_actor_action_target_dates_and_text(client_for, history, community_manager, correspondent):
    client = client_for(community_manager)
    comment_label = str(history["comment"])[:200]

    assert labels_in(client, actor=correspondent.pk) == ["Switch off the lights", "Share the printers"]
    assert labels_in(client, action="stage_change") == ["Switch off the lights"]
    assert labels_in(client, target="comment") == [comment_label]
    assert labels_in(client, target="idea") == ["Switch off the lights", "Switch off the lights", "Share the printers"]
    assert labels_in(client, q="printers") == ["Share the printers"]
    assert labels_in(client, q="rude author") == [comment_label]  # every word, in the label or the reason
    # Dates: the approvals moved ten days back
    AuditEntry.objects.filter(action="approve").update(created_at=timezone.now() - timedelta(days=10))
    today = timezone.localdate()
    assert labels_in(client, since=today.isoformat()) == [comment_label, "Switch off the lights"]
    ten_days_ago = (today - timedelta(days=10)).isoformat()
    assert labels_in(client, until=(today - timedelta(days=5)).isoformat(), q="printers") == ["Share the printers"]
    assert labels_in(client, since=ten_days_ago, until=ten_days_ago, action="approve") == [
        "Switch off the lights", "Share the printers"
    ]
    # A wrong value drops only its own filter
    assert labels_in(client, action="explode", target="comment") == [comment_label]


def test_the_export_holds_the_filtered_entries_with_a_header_and_iso_times(client_for, history, community_manager):
    rows = exported(client_for(community_manager), target="idea", q="lights")

    assert rows[0] == ["time", "actor", "actor_email", "action", "target_type", "target_id", "target_label", "before",
                       "after", "reason"]
    assert [row[3] for row in rows[1:]] == ["stage_change", "approve"]
    assert {row[6] for row in rows[1:]} == {"Switch off the lights"}
    stage_change = rows[1]
    assert stage_change[1] == community_manager.display_name and stage_change[2] == community_manager.email
    assert stage_change[3:6] == ["stage_change", "ideas.idea", str(history["lights"].pk)]
    assert '"stage": "potential"' in stage_change[8] and stage_change[9] == "Cheap to try."
    entry = AuditEntry.objects.get(action="stage_change")
    assert stage_change[0] == entry.created_at.isoformat()


def test_the_export_defuses_cells_a_spreadsheet_would_run(client_for, author, theme, correspondent, community_manager):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED, title='=HYPERLINK("http://evil.example")')
    idea_approve(idea=idea, by=correspondent, reason="+1 from me")
    for reason in ("-2+3", "@SUM(A1)", "plain words"):
        audit(actor=community_manager, action=AuditEntry.Action.EDIT, target=idea, reason=reason)

    rows = exported(client_for(community_manager))

    cells = {(row[3], row[9]): row[6] for row in rows[1:]}
    assert set(cells) == {("approve", "'+1 from me"), ("edit", "'-2+3"), ("edit", "'@SUM(A1)"), ("edit", "plain words")}
    assert set(cells.values()) == {"'=HYPERLINK(\"http://evil.example\")"}


def test_the_log_of_the_platform_itself_reads_well(client_for, author, theme, correspondent, community_manager):
    idea = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=correspondent)
    audit(actor=None, action=AuditEntry.Action.HIDE, target=idea, reason="Reported five times.")

    html = client_for(community_manager).get(AUDIT).content.decode()
    rows = exported(client_for(community_manager), action="hide")

    assert "the platform" in html
    assert rows[1][1:3] == ["", ""]


# Session, user, the viewer's roles, the count, the page of entries (with actor and target
# type), the viewer's correspondent assignments (navigation), the people who acted (the
# actor filter's choices).
AUDIT_QUERIES = 7


def test_the_log_asks_the_same_questions_for_5_and_50_entries(client_for, community_manager, author, theme, correspondent):
    ideas = [IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=correspondent) for _ in range(3)]
    actors = [UserFactory(roles=[Role.COMMUNITY_MANAGER]) for _ in range(4)]
    written = []

    def build(size):
        while len(written) < size:
            n = len(written)
            written.append(audit(actor=actors[n % 4], action=AuditEntry.Action.HIDE, target=ideas[n % 3],
                                 before={"hidden": False}, after={"hidden": True}, reason=f"Reason {n}"))

    client = client_for(community_manager)
    assert_flat_query_count(build, lambda: client.get(AUDIT), expected=AUDIT_QUERIES)
    assert len(client.get(AUDIT).context["rows"]) == 50
