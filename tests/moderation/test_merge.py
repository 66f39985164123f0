"""Merging duplicates carries supporters, followers and authorship over without double
counting, and a community manager can undo it exactly."""

import pytest
from django.urls import reverse

from ideas.models import Coauthor, Follow, Idea, Stage, StageChange, Vote
from ideas.services import vote_cast, vote_withdraw
from moderation.merges import ideas_merge, merge_undo
from moderation.models import AuditEntry
from tests.factories import IdeaFactory, UserFactory


@pytest.fixture
def people(department):
    return [UserFactory(entity=department) for _ in range(6)]


@pytest.fixture
def pair(author, colleague, correspondent):
    """A (the duplicate, by `author`) and B (the original, by `colleague`), both published."""
    source = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent, title="Printers again")
    target = IdeaFactory(author=colleague, stage=Stage.PUBLISHED, moderator=correspondent, title="Share the printers")
    return source, target


def supporters(idea):
    return set(Vote.objects.filter(idea=idea).values_list("user_id", flat=True))


def merge(client, source, target, note="Same idea"):
    return client.post(reverse("moderation:merge", args=[source.pk]), {"target": target.pk, "reason": note})


def test_merging_two_supported_ideas_leaves_exact_non_duplicated_counts(client_for, pair, people, correspondent, colleague):
    source, target = pair
    only_source, both, only_target = people[:2], people[2:4], people[4:]
    for user in only_source + both:
        vote_cast(idea=source, by=user)
    for user in both + only_target:
        vote_cast(idea=target, by=user)
    vote_cast(idea=source, by=colleague)  # B's author supported A: they cannot support their own B

    response = merge(client_for(correspondent), source, target)

    assert response.status_code == 302 and response.url == target.get_absolute_url()
    source.refresh_from_db(), target.refresh_from_db()
    assert target.support_count == len(supporters(target)) == 6
    assert supporters(target) == {u.pk for u in people}
    assert (source.stage, source.merged_into_id) == (Stage.MERGED, target.pk)
    assert Coauthor.objects.filter(idea=target, user=source.author, merged_from=source).exists()
    assert StageChange.objects.filter(idea=source, to_stage=Stage.MERGED, reason="Same idea").count() == 1
    assert AuditEntry.objects.get(action=AuditEntry.Action.MERGE).after["supports_copied"] == 2


def test_followers_of_the_duplicate_follow_the_original(pair, people, correspondent):
    source, target = pair
    for user in people[:3]:
        vote_cast(idea=source, by=user)  # supporters follow automatically

    ideas_merge(source=source, target=target, by=correspondent, note="Duplicate")

    followers = set(Follow.objects.filter(idea=target).values_list("user_id", flat=True))
    assert {u.pk for u in people[:3]} | {source.author_id, target.author_id} <= followers
    assert Follow.objects.filter(idea=target).count() == len(followers)


def test_a_merged_idea_redirects_to_the_one_it_went_into(client_for, pair, correspondent, people):
    source, target = pair
    ideas_merge(source=source, target=target, by=correspondent, note="Duplicate")
    client = client_for(people[0])

    response = client.get(source.get_absolute_url())
    assert response.status_code == 302 and response.url == target.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "was merged into this idea" in page and "Printers again" in page
    as_it_was = client.get(source.get_absolute_url(), {"merged": "1"}).content.decode()
    assert "This idea was merged into" in as_it_was
    assert source.pk not in [i.pk for i in client.get(reverse("ideas:list")).context["ideas"]]


@pytest.mark.parametrize("target_stage", [Stage.REJECTED, Stage.SUBMITTED])
def test_merging_into_a_closed_or_unpublished_idea_is_refused(client_for, author, correspondent, target_stage, department):
    source = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent)
    target = IdeaFactory(author=UserFactory(entity=department), stage=target_stage, moderator=correspondent)

    response = merge(client_for(correspondent), source, target)

    assert response.status_code == 400
    assert Idea.objects.get(pk=source.pk).stage == Stage.PUBLISHED


def test_merging_into_a_merged_idea_is_refused(client_for, pair, correspondent, department):
    source, target = pair
    third = IdeaFactory(author=UserFactory(entity=department), stage=Stage.PUBLISHED, moderator=correspondent)
    ideas_merge(source=target, target=third, by=correspondent, note="Duplicate")

    response = merge(client_for(correspondent), source, target)

    assert response.status_code == 400
    assert "still open" in response.content.decode()
    assert Idea.objects.get(pk=source.pk).stage == Stage.PUBLISHED


def test_merging_across_ideas_a_moderator_may_not_act_on_is_refused(client_for, author, correspondent, other_theme_correspondent, other_theme, department):
    source = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent)
    elsewhere = IdeaFactory(author=UserFactory(entity=department), theme=other_theme, stage=Stage.PUBLISHED,
                            moderator=other_theme_correspondent)

    # Into an idea of another theme: refused, with a message on the form
    response = merge(client_for(correspondent), source, elsewhere)
    assert response.status_code == 400 and "cannot merge ideas into" in response.content.decode()
    # From an idea of another theme: refused outright
    assert merge(client_for(correspondent), elsewhere, source).status_code == 403
    # An employee merges nothing
    assert merge(client_for(UserFactory(entity=department)), source, elsewhere).status_code == 403
    assert Idea.objects.filter(stage=Stage.MERGED).count() == 0


def test_a_community_manager_undoes_a_merge_and_both_ideas_get_their_own_supporters_back(client_for, pair, people, correspondent, community_manager):
    source, target = pair
    for user in people[:4]:
        vote_cast(idea=source, by=user)
    for user in people[2:5]:
        vote_cast(idea=target, by=user)
    before = (supporters(source), supporters(target))
    ideas_merge(source=source, target=target, by=correspondent, note="Duplicate")
    # Meanwhile a copied supporter withdraws from B, and a newcomer supports B
    vote_withdraw(idea=target, by=people[0])
    vote_cast(idea=target, by=people[5])

    response = client_for(community_manager).post(reverse("moderation:undo_merge", args=[source.pk]), {"reason": "Not the same after all"})

    assert response.status_code == 302
    source.refresh_from_db(), target.refresh_from_db()
    assert (source.stage, source.merged_into_id) == (Stage.PUBLISHED, None)
    assert supporters(source) == before[0]
    assert supporters(target) == before[1] | {people[5].pk}
    assert target.support_count == len(supporters(target)) and source.support_count == len(supporters(source))
    assert not Coauthor.objects.filter(idea=target).exists()
    assert not Follow.objects.filter(idea=target, merged_from=source).exists()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UNMERGE, reason="Not the same after all").count() == 1


def test_only_community_managers_undo_a_merge(client_for, pair, correspondent):
    source, target = pair
    ideas_merge(source=source, target=target, by=correspondent, note="Duplicate")

    response = client_for(correspondent).post(reverse("moderation:undo_merge", args=[source.pk]), {"reason": "Oops"})

    assert response.status_code == 403
    assert Idea.objects.get(pk=source.pk).stage == Stage.MERGED


def test_undo_waits_for_a_later_merge_of_the_target_to_be_undone_first(pair, correspondent, community_manager, department):
    from core.errors import Conflict

    source, target = pair
    third = IdeaFactory(author=UserFactory(entity=department), stage=Stage.PUBLISHED, moderator=correspondent)
    ideas_merge(source=source, target=target, by=correspondent, note="Duplicate")
    ideas_merge(source=target, target=third, by=correspondent, note="Duplicate too")

    with pytest.raises(Conflict):
        merge_undo(source=source, by=community_manager, reason="Oops")
    merge_undo(source=target, by=community_manager, reason="Oops")
    merge_undo(source=source, by=community_manager, reason="Oops")

    assert set(Idea.objects.filter(pk__in=[source.pk, target.pk, third.pk]).values_list("stage", flat=True)) == {Stage.PUBLISHED}
    assert Vote.objects.filter(merged_from__isnull=False).count() == 0


def test_a_merge_note_is_required(client_for, pair, correspondent):
    source, target = pair

    response = merge(client_for(correspondent), source, target, note="")

    assert response.status_code == 400
    assert Idea.objects.get(pk=source.pk).stage == Stage.PUBLISHED


@pytest.mark.parametrize(("language", "warning"), [
    ("en", "is in the theme"),
    ("fr", "est dans le thème"),
])
def test_merging_across_themes_asks_to_confirm_first(client_for, author, colleague, community_manager, other_theme,
                                                     correspondent, language, warning):
    source = IdeaFactory(author=author, stage=Stage.PUBLISHED, moderator=correspondent, title="Greet customers by name")
    unrelated = IdeaFactory(author=colleague, theme=other_theme, stage=Stage.PUBLISHED, moderator=community_manager,
                            title="Cheaper paper")
    client = client_for(community_manager, HTTP_ACCEPT_LANGUAGE=language)

    warned = merge(client, source, unrelated)
    assert warned.status_code == 400 and warning in warned.content.decode()
    assert Idea.objects.get(pk=source.pk).stage == Stage.PUBLISHED

    confirmed = client.post(reverse("moderation:merge", args=[source.pk]),
                            {"target": unrelated.pk, "reason": "Same idea", "across_themes": "on"})
    assert confirmed.status_code == 302
    assert Idea.objects.get(pk=source.pk).merged_into_id == unrelated.pk


def test_merging_within_a_theme_asks_nothing_more(client_for, pair, correspondent):
    source, target = pair

    assert merge(client_for(correspondent), source, target).status_code == 302
    assert Idea.objects.get(pk=source.pk).merged_into_id == target.pk


@pytest.mark.parametrize(("language", "undo"), [("en", "Undo the merge"), ("fr", "Annuler la fusion")])
def test_the_undo_is_offered_on_the_target_idea_to_community_managers_only(client_for, pair, correspondent,
                                                                           community_manager, language, undo):
    source, target = pair
    ideas_merge(source=source, target=target, by=correspondent, note="Same idea")
    undo_url = reverse("moderation:undo_merge", args=[source.pk])

    page = client_for(community_manager, HTTP_ACCEPT_LANGUAGE=language).get(target.get_absolute_url()).content.decode()
    assert undo_url in page and undo in page
    assert undo_url not in client_for(correspondent).get(target.get_absolute_url()).content.decode()
