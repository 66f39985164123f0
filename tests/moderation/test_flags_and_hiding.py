"""Reports from employees, hiding at a threshold, and hiding/restoring by community managers."""

import pytest
from django.urls import reverse

from ideas.models import Comment, Idea, Stage
from ideas.services import comment_post
from moderation.models import AuditEntry, Flag
from tests.factories import IdeaFactory, UserFactory
from tests.support import assert_flat_query_count


@pytest.fixture
def idea(author, correspondent):
    return IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent, title="Share the printers")


@pytest.fixture
def reporters(department):
    return [UserFactory(entity=department) for _ in range(3)]


def report(client, kind, pk, reason="Offensive words"):
    return client.post(reverse("moderation:flag", args=[kind, pk]), {"reason": reason})


def test_an_employee_reports_an_idea_once(client_for, colleague, idea):
    client = client_for(colleague)

    first = report(client, "idea", idea.pk)
    second = report(client, "idea", idea.pk, "Again")

    assert first.status_code == second.status_code == 302
    assert Flag.objects.filter(idea=idea).count() == 1
    assert Flag.objects.get(idea=idea).reason == "Offensive words"
    assert "already reported" in client.get(second.url).content.decode()


def test_a_report_needs_a_reason_and_says_so(client_for, colleague, idea):
    response = report(client_for(colleague), "idea", idea.pk, reason="  ")

    assert response.status_code == 400
    assert "Please give a reason" in response.content.decode()
    assert not Flag.objects.exists()


def test_nobody_reports_their_own_idea_and_a_suspended_person_reports_nothing(client_for, author, colleague, idea):
    from django.utils import timezone
    from datetime import timedelta

    assert report(client_for(author), "idea", idea.pk).status_code == 403
    colleague.suspended_until = timezone.now() + timedelta(days=2)
    colleague.save()
    assert report(client_for(colleague), "idea", idea.pk).status_code == 403
    assert not Flag.objects.exists()


def test_an_unpublished_idea_cannot_be_reported_by_those_who_cannot_see_it(client_for, author, colleague):
    draft = IdeaFactory(author=author, stage=Stage.SUBMITTED)

    assert report(client_for(colleague), "idea", draft.pk).status_code == 404


def test_the_third_distinct_report_hides_the_idea_pending_review(client_for, idea, reporters, author, community_manager, colleague, settings):
    settings.FLAG_HIDE_THRESHOLD = 3
    for reporter in reporters[:2]:
        report(client_for(reporter), "idea", idea.pk)
    assert Idea.objects.get(pk=idea.pk).hidden_at is None

    report(client_for(reporters[2]), "idea", idea.pk)

    idea.refresh_from_db()
    assert idea.hidden_at is not None and "pending review" in idea.hidden_reason
    # Colleagues: gone from the list, a notice with the reason instead of the idea
    assert idea.pk not in [i.pk for i in client_for(colleague).get(reverse("ideas:list")).context["ideas"]]
    page = client_for(colleague).get(idea.get_absolute_url()).content.decode()
    assert "hidden by moderation." in page and "pending review" in page
    assert "Share the printers" not in page and "share** the printers" not in page
    # Its author and the community manager still read it
    for viewer in (author, community_manager):
        assert "Share the printers" in client_for(viewer).get(idea.get_absolute_url()).content.decode()
    # The platform acted: the audit log says so, without an actor
    entry = AuditEntry.objects.get(action=AuditEntry.Action.HIDE)
    assert entry.actor is None and entry.target == idea


def test_a_hidden_idea_takes_no_support_and_no_comment(client_for, idea, colleague, community_manager):
    client_for(community_manager).post(reverse("moderation:hide", args=["idea", idea.pk]), {"reason": "Insults"})

    support = client_for(colleague).post(reverse("ideas:support", args=[idea.pk]), {"action": "support"})
    comment = client_for(colleague).post(reverse("ideas:comment", args=[idea.pk]), {"body": "Hello"})

    assert support.status_code == 403 and comment.status_code == 403
    idea.refresh_from_db()
    assert (idea.support_count, idea.comment_count) == (0, 0)


def test_a_community_manager_restores_a_hidden_idea_and_settles_its_reports(client_for, idea, reporters, community_manager, colleague):
    for reporter in reporters:
        report(client_for(reporter), "idea", idea.pk)

    response = client_for(community_manager).post(reverse("moderation:restore", args=["idea", idea.pk]), {"reason": "Fair criticism"})

    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.hidden_at is None and idea.hidden_reason == ""
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()
    assert set(Flag.objects.values_list("resolved_by", flat=True)) == {community_manager.pk}
    assert idea.pk in [i.pk for i in client_for(colleague).get(reverse("ideas:list")).context["ideas"]]
    restore = AuditEntry.objects.get(action=AuditEntry.Action.RESTORE)
    assert (restore.actor, restore.reason, restore.before, restore.after) == (community_manager, "Fair criticism", {"hidden": True}, {"hidden": False})


def test_hiding_a_comment_keeps_it_for_its_author_and_counts_it_no_more(client_for, idea, colleague, community_manager, author):
    comment = comment_post(idea=idea, by=colleague, body="You are all **idiots**")
    assert Idea.objects.get(pk=idea.pk).comment_count == 1

    response = client_for(community_manager).post(reverse("moderation:hide", args=["comment", comment.pk]), {"reason": "Insult"})

    assert response.status_code == 302
    assert Idea.objects.get(pk=idea.pk).comment_count == 0
    seen_by_author = client_for(author).get(idea.get_absolute_url()).content.decode()
    assert "hidden by moderation." in seen_by_author and "Insult" in seen_by_author and "idiots" not in seen_by_author
    assert "idiots" in client_for(colleague).get(idea.get_absolute_url()).content.decode()
    # Restored: counted again
    client_for(community_manager).post(reverse("moderation:restore", args=["comment", comment.pk]))
    assert Idea.objects.get(pk=idea.pk).comment_count == 1
    assert Comment.objects.get(pk=comment.pk).hidden_at is None


def test_deleting_a_hidden_comment_does_not_count_it_twice(client_for, idea, colleague, community_manager):
    from ideas.services import comment_delete

    comment = comment_post(idea=idea, by=colleague, body="Rude")
    client_for(community_manager).post(reverse("moderation:hide", args=["comment", comment.pk]), {"reason": "Rude"})

    comment_delete(comment=Comment.objects.get(pk=comment.pk), by=colleague)

    assert Idea.objects.get(pk=idea.pk).comment_count == 0


def test_only_community_managers_hide_restore_and_review_reports(client_for, idea, colleague, correspondent):
    for user in (colleague, correspondent):
        client = client_for(user)
        assert client.get(reverse("moderation:hide", args=["idea", idea.pk])).status_code == 403
        assert client.post(reverse("moderation:hide", args=["idea", idea.pk]), {"reason": "x"}).status_code == 403
        assert client.post(reverse("moderation:restore", args=["idea", idea.pk])).status_code == 403
        assert client.get(reverse("moderation:flags")).status_code == 403
    assert Idea.objects.get(pk=idea.pk).hidden_at is None


def test_hiding_needs_a_reason(client_for, idea, community_manager):
    response = client_for(community_manager).post(reverse("moderation:hide", args=["idea", idea.pk]), {"reason": ""})

    assert response.status_code == 400
    assert Idea.objects.get(pk=idea.pk).hidden_at is None
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.HIDE).exists()


def test_a_canned_reason_fills_in_the_hiding_reason(client_for, idea, community_manager):
    from moderation.models import CannedReason

    canned = CannedReason.objects.filter(use=CannedReason.Use.HIDE).first()
    client_for(community_manager).post(
        reverse("moderation:hide", args=["idea", idea.pk]), {"canned": canned.pk, "reason": "Third time."}
    )

    hidden = Idea.objects.get(pk=idea.pk)
    assert hidden.hidden_reason == f"[[reason:{canned.pk}]]\n\nThird time."  # its code: read in each reader's language
    assert f"{canned.text_en}<br><br>Third time." in client_for(community_manager).get(
        reverse("moderation:audit")).content.decode().replace("&#x27;", "'")


def test_the_report_queue_lists_each_item_once_with_its_report_count(client_for, idea, reporters, community_manager, colleague):
    comment = comment_post(idea=idea, by=colleague, body="Rude words")
    for reporter in reporters[:2]:
        report(client_for(reporter), "idea", idea.pk)
    report(client_for(reporters[0]), "comment", comment.pk)

    response = client_for(community_manager).get(reverse("moderation:flags"))

    items = {(item.kind, item.target.pk): item.reports for item in response.context["items"]}
    assert items == {("idea", idea.pk): 2, ("comment", comment.pk): 1}
    only_comments = client_for(community_manager).get(reverse("moderation:flags"), {"kind": "comment"}).context["items"]
    assert [item.target.pk for item in only_comments] == [comment.pk]


def test_the_report_queue_asks_the_same_questions_for_5_and_50_items(client_for, community_manager, department, theme, correspondent):
    reporter = UserFactory(entity=department)
    authors = [UserFactory(entity=department) for _ in range(3)]
    made = []

    def build(size):
        while len(made) < size:
            idea = IdeaFactory(author=authors[len(made) % 3], stage=Stage.PUBLISHED, moderator=correspondent)
            if len(made) % 2:
                target = comment_post(idea=idea, by=authors[(len(made) + 1) % 3], body="Hm")
                Flag.objects.create(user=reporter, comment=target, reason="Spam")
            else:
                Flag.objects.create(user=reporter, idea=idea, reason="Spam")
            made.append(idea)

    client = client_for(community_manager)
    # Session, user, roles, scopes, the count, the page of grouped reports, its ideas, its
    # comments, their reasons.
    assert_flat_query_count(build, lambda: client.get(reverse("moderation:flags")), expected=9)
