"""Warnings and suspensions, the console summary and the validation queue's tools."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from ideas.models import Idea, Stage
from moderation.models import AuditEntry, Sanction
from tests.factories import IdeaFactory, UserFactory


def suspend(client, person, days=7, reason="Insults, again"):
    return client.post(reverse("moderation:sanction", args=[person.pk]), {"kind": "suspension", "days": days, "reason": reason})


def test_a_suspended_person_reads_but_cannot_post_comment_or_support(client_for, community_manager, colleague, author, correspondent):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent)

    assert suspend(client_for(community_manager), colleague).status_code == 302

    colleague.refresh_from_db()
    assert colleague.is_suspended and colleague.suspended_until > timezone.now() + timedelta(days=6)
    client = client_for(colleague)
    assert client.get(idea.get_absolute_url()).status_code == 200
    assert client.post(reverse("ideas:support", args=[idea.pk]), {"action": "support"}).status_code == 403
    assert client.post(reverse("ideas:comment", args=[idea.pk]), {"body": "Hi"}).status_code == 403
    assert client.post(reverse("ideas:create"), {"title": "New", "body": "Text", "theme": idea.theme_id}).status_code == 403
    assert Idea.objects.get(pk=idea.pk).support_count == 0
    entry = AuditEntry.objects.get(action=AuditEntry.Action.SUSPEND)
    assert entry.actor == community_manager and entry.reason == "Insults, again"


def test_lifting_a_suspension_lets_the_person_take_part_again(client_for, community_manager, colleague):
    suspend(client_for(community_manager), colleague)

    response = client_for(community_manager).post(reverse("moderation:lift_suspension", args=[colleague.pk]))

    assert response.status_code == 302
    colleague.refresh_from_db()
    assert not colleague.is_suspended
    assert Sanction.objects.get(user=colleague).lifted_by == community_manager
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LIFT_SUSPENSION).count() == 1


def test_a_warning_is_recorded_without_suspending(client_for, community_manager, colleague):
    response = client_for(community_manager).post(
        reverse("moderation:sanction", args=[colleague.pk]), {"kind": "warning", "reason": "Mind your words"}
    )

    assert response.status_code == 302
    assert not User.objects.get(pk=colleague.pk).is_suspended
    assert Sanction.objects.get(user=colleague).kind == Sanction.Kind.WARNING


@pytest.mark.parametrize("days", ["", "0", "9999", "abc"])
def test_a_suspension_needs_a_sensible_length(client_for, community_manager, colleague, days):
    response = suspend(client_for(community_manager), colleague, days=days)

    assert response.status_code == 400
    assert not User.objects.get(pk=colleague.pk).is_suspended
    assert not Sanction.objects.exists()


def test_only_community_managers_sanction_and_never_themselves(client_for, community_manager, correspondent, colleague):
    assert suspend(client_for(correspondent), colleague).status_code == 403
    assert suspend(client_for(colleague), correspondent).status_code == 403
    assert suspend(client_for(community_manager), community_manager).status_code == 403
    assert not Sanction.objects.exists()


def test_the_console_summary_says_what_waits_and_how_long(client_for, correspondent, author, community_manager):
    IdeaFactory(author=author, stage=Stage.SUBMITTED)
    IdeaFactory(author=author, stage=Stage.SUBMITTED)

    page = client_for(correspondent).get(reverse("moderation:console"))

    assert page.status_code == 200
    assert page.context["summary"]["submitted"].count == 2
    assert "flags" not in page.context["summary"]  # reports are for community managers
    assert "flags" in client_for(community_manager).get(reverse("moderation:console")).context["summary"]


def test_the_console_is_for_moderators_only(client_for, colleague, db):
    assert client_for(colleague).get(reverse("moderation:console")).status_code == 403
    assert client_for(None).get(reverse("moderation:console")).status_code == 302


def test_the_queue_filters_by_theme_and_unit_and_sorts_by_age(client_for, community_manager, author, theme, other_theme, department, sibling_division):
    elsewhere = UserFactory(entity=sibling_division)
    first = IdeaFactory(author=author, theme=theme, stage=Stage.SUBMITTED)
    second = IdeaFactory(author=elsewhere, theme=other_theme, stage=Stage.SUBMITTED)
    third = IdeaFactory(author=author, theme=other_theme, stage=Stage.SUBMITTED)
    client = client_for(community_manager)

    def shown(**params):
        return [i.pk for i in client.get(reverse("moderation:queue"), params).context["ideas"]]

    assert shown() == [first.pk, second.pk, third.pk]
    assert shown(sort="newest") == [third.pk, second.pk, first.pk]
    assert shown(theme=other_theme.pk) == [second.pk, third.pk]
    assert shown(entity=department.pk) == [first.pk, third.pk]
    assert shown(entity="not-a-number") == [first.pk, second.pk, third.pk]


def test_bulk_approval_publishes_the_selected_ideas_in_scope_only(client_for, correspondent, author, other_theme):
    mine = [IdeaFactory(author=author, stage=Stage.SUBMITTED) for _ in range(3)]
    out_of_scope = IdeaFactory(author=author, theme=other_theme, stage=Stage.SUBMITTED)

    client = client_for(correspondent)
    response = client.post(
        reverse("moderation:bulk_approve"), {"ideas": [mine[0].pk, mine[1].pk, out_of_scope.pk], "reason": "Welcome"}
    )

    assert response.status_code == 302
    stages = dict(Idea.objects.values_list("pk", "stage"))
    assert [stages[i.pk] for i in mine] == [Stage.PUBLISHED, Stage.PUBLISHED, Stage.SUBMITTED]
    assert stages[out_of_scope.pk] == Stage.SUBMITTED
    assert AuditEntry.objects.filter(action=AuditEntry.Action.APPROVE, actor=correspondent).count() == 2
    assert "1 idea was no longer waiting for you." in client.get(response.url).content.decode()


def test_bulk_approval_without_a_selection_says_so(client_for, correspondent, author):
    IdeaFactory(author=author, stage=Stage.SUBMITTED)

    response = client_for(correspondent).post(reverse("moderation:bulk_approve"), {"reason": ""}, follow=True)

    assert "Select at least one idea to approve." in response.content.decode()
    assert Idea.objects.filter(stage=Stage.PUBLISHED).count() == 0


def test_a_canned_reason_asks_the_author_for_changes(client_for, correspondent, author):
    from moderation.models import CannedReason

    idea = IdeaFactory(author=author, stage=Stage.SUBMITTED)
    canned = CannedReason.objects.filter(use=CannedReason.Use.REQUEST_CHANGES).first()

    client_for(correspondent).post(reverse("moderation:decide", args=[idea.pk, "request_changes"]), {"canned": canned.pk})

    idea.refresh_from_db()
    assert idea.stage == Stage.CHANGES_REQUESTED
    assert idea.stage_changes.last().reason == f"[[reason:{canned.pk}]]"  # its code: read in each reader's language


def test_a_correspondent_corrects_the_theme_and_text_and_both_are_audited(client_for, correspondent, author, other_theme, colleague):
    idea = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent, title="Printers with a phone number")
    url = reverse("moderation:revise", args=[idea.pk])

    assert client_for(colleague).get(url).status_code == 403
    assert client_for(author).get(url).status_code == 403
    refused = client_for(correspondent).post(url, {"title": "Printers", "body": "Text", "theme": other_theme.pk, "reason": ""})
    assert refused.status_code == 400
    response = client_for(correspondent).post(url, {
        "title": "Printers for everyone", "body": "Share them (number removed).", "theme": other_theme.pk,
        "reason": "Personal phone number removed; workplace theme.",
    })

    assert response.status_code == 302
    idea.refresh_from_db()
    assert (idea.title, idea.theme) == ("Printers for everyone", other_theme)
    theme_change = AuditEntry.objects.get(action=AuditEntry.Action.THEME_CHANGE)
    edit = AuditEntry.objects.get(action=AuditEntry.Action.EDIT)
    assert theme_change.after == {"theme": other_theme.slug} and theme_change.actor == correspondent
    assert edit.before["title"] == "Printers with a phone number" and edit.after["title"] == "Printers for everyone"


def test_an_executive_finds_the_pipeline_waiting_in_the_console(client_for, executive, author, correspondent):
    IdeaFactory(author=author, stage=Stage.POTENTIAL, moderator=correspondent)

    summary = client_for(executive).get(reverse("moderation:console")).context["summary"]

    assert summary["pipeline"].count == 1
    assert "submitted" not in summary
