"""Challenges: posed by executives and community managers, answered while open, judged by
their sponsor after closing; status from the dates; pages, filters, events, points,
notifications and query counts."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.errors import Conflict
from gamification.models import BadgeAward, LedgerEntry
from ideas import events
from ideas.challenge_selectors import challenge_list
from ideas.models import Challenge, ChallengeStatus, Idea, Stage
from ideas.services import challenge_announce_winners, challenge_create, challenge_shortlist, vote_cast
from ideas.services.ideas import idea_create
from notifications.models import Kind, Notification
from tests.factories import IdeaFactory, UserFactory
from tests.support import assert_flat_query_count

pytestmark = pytest.mark.django_db


def _dates(opens_days: float, closes_days: float):
    now = timezone.now()
    return now + timedelta(days=opens_days), now + timedelta(days=closes_days)


@pytest.fixture
def challenge(executive, theme):
    opens_at, closes_at = _dates(-1, 7)
    return challenge_create(by=executive, title="Fewer printed pages", question="How could we print half as much by June?",
                            context="We print **2 million** pages a year.", themes=[theme], opens_at=opens_at,
                            closes_at=closes_at)


def close(challenge):
    """Move the dates so that the challenge is closed now (time passing)."""
    opens_at, closes_at = _dates(-10, -1)
    Challenge.objects.filter(pk=challenge.pk).update(opens_at=opens_at, closes_at=closes_at)
    challenge.refresh_from_db()
    return challenge


@pytest.fixture
def answers(challenge, author, colleague, community_manager):
    ideas = [
        IdeaFactory(author=author, challenge=challenge, stage=Stage.PUBLISHED, moderator=community_manager,
                    title="Print double-sided by default"),
        IdeaFactory(author=colleague, challenge=challenge, stage=Stage.PUBLISHED, moderator=community_manager,
                    title="Badge release at the printer"),
    ]
    return ideas


# --- Status ------------------------------------------------------------------------------


def test_the_status_follows_the_dates_and_evaluation(executive, theme):
    opens_at, closes_at = _dates(1, 5)
    challenge = Challenge(title="t", question="q", sponsor=executive, opens_at=opens_at, closes_at=closes_at)
    now = timezone.now()
    assert challenge.status_at(now) == ChallengeStatus.UPCOMING
    assert challenge.status_at(now + timedelta(days=2)) == ChallengeStatus.OPEN
    assert challenge.status_at(now + timedelta(days=6)) == ChallengeStatus.CLOSED
    challenge.evaluated_at = now
    assert challenge.status_at(now + timedelta(days=6)) == ChallengeStatus.EVALUATED


def test_the_annotated_status_agrees_with_the_property(challenge, executive, theme):
    upcoming = challenge_create(by=executive, title="Later challenge", question="What should we ask next year?",
                                themes=[theme], opens_at=_dates(3, 9)[0], closes_at=_dates(3, 9)[1])
    closed = close(challenge_create(by=executive, title="Past challenge", question="What did we ask last year?",
                                    themes=[theme], opens_at=_dates(-1, 1)[0], closes_at=_dates(-1, 1)[1]))
    rows = list(challenge_list())
    assert [c.pk for c in rows] == [challenge.pk, upcoming.pk, closed.pk]  # open first
    assert [c.status_code for c in rows] == [c.status for c in rows] == ["open", "upcoming", "closed"]


# --- Posing a challenge ------------------------------------------------------------------


@pytest.mark.parametrize("role, allowed", [
    ("executive", True), ("community_manager", True), ("colleague", False), ("correspondent", False),
])
def test_executives_and_community_managers_pose_challenges(client_for, request, theme, role, allowed):
    user = request.getfixturevalue(role)
    opens_at, closes_at = _dates(0, 10)
    response = client_for(user).post(reverse("ideas:challenge_create"), {
        "title": "Greener commutes", "question": "How can we halve car commutes?", "context": "Some *context*.",
        "sponsor": user.pk, "themes": [theme.pk], "opens_at": opens_at.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": closes_at.strftime("%Y-%m-%dT%H:%M"),
    })
    if allowed:
        challenge = Challenge.objects.get()
        assert response.status_code == 302 and response["Location"] == challenge.get_absolute_url()
        assert challenge.sponsor == user and challenge.context_html == "<p>Some <em>context</em>.</p>"
    else:
        assert response.status_code == 403 and not Challenge.objects.exists()


def test_a_challenge_needs_themes_and_closes_after_it_opens(client_for, executive, theme):
    opens_at, closes_at = _dates(5, 2)
    response = client_for(executive).post(reverse("ideas:challenge_create"), {
        "title": "Greener commutes", "question": "How can we halve car commutes?", "sponsor": executive.pk,
        "opens_at": opens_at.strftime("%Y-%m-%dT%H:%M"), "closes_at": closes_at.strftime("%Y-%m-%dT%H:%M"),
    })
    assert response.status_code == 400 and not Challenge.objects.exists()
    with pytest.raises(ValidationError) as error:
        challenge_create(by=executive, title="Greener commutes", question="How can we halve car commutes?",
                         themes=[theme], opens_at=opens_at, closes_at=closes_at)
    assert "closes_at" in error.value.message_dict


def test_only_a_community_manager_names_another_sponsor(executive, community_manager, colleague, theme):
    opens_at, closes_at = _dates(0, 3)
    with pytest.raises(PermissionDenied):
        challenge_create(by=executive, sponsor=community_manager, title="Greener commutes",
                         question="How can we halve car commutes?", themes=[theme], opens_at=opens_at, closes_at=closes_at)
    made = challenge_create(by=community_manager, sponsor=executive, title="Greener commutes",
                            question="How can we halve car commutes?", themes=[theme], opens_at=opens_at, closes_at=closes_at)
    assert made.sponsor == executive
    with pytest.raises(ValidationError):  # a sponsor judges: an executive or a community manager
        challenge_create(by=community_manager, sponsor=colleague, title="Greener commutes",
                         question="How can we halve car commutes?", themes=[theme], opens_at=opens_at, closes_at=closes_at)


def test_the_sponsor_and_community_managers_edit_a_challenge(client_for, challenge, executive, community_manager, colleague):
    url = reverse("ideas:challenge_update", args=[challenge.pk])
    assert client_for(colleague).get(url).status_code == 403
    assert client_for(community_manager).get(url).status_code == 200
    page = client_for(executive).get(url)
    assert page.status_code == 200 and "Fewer printed pages" in page.content.decode()


# --- Answering -----------------------------------------------------------------------------


def test_answer_this_challenge_prefills_the_idea_form(client_for, challenge, colleague):
    page = client_for(colleague).get(reverse("ideas:challenge_detail", args=[challenge.pk])).content.decode()
    assert f'href="{reverse("ideas:create")}?challenge={challenge.pk}"' in page
    form = client_for(colleague).get(f'{reverse("ideas:create")}?challenge={challenge.pk}').content.decode()
    assert f'<option value="{challenge.pk}" selected>' in form


def test_an_idea_answers_an_open_challenge_through_the_form(client_for, challenge, colleague, theme):
    response = client_for(colleague).post(reverse("ideas:create"), {
        "title": "Print double-sided by default", "body": "Set every printer to duplex.", "theme": theme.pk,
        "challenge": challenge.pk, "submit": "1",
    })
    assert response.status_code == 302
    assert Idea.objects.get().challenge == challenge


@pytest.mark.parametrize("when, words", [((-10, -1), "is closed"), ((2, 9), "is not open yet")])
def test_a_closed_or_upcoming_challenge_refuses_answers_with_a_clear_error(client_for, challenge, colleague, theme, when, words):
    opens_at, closes_at = _dates(*when)
    Challenge.objects.filter(pk=challenge.pk).update(opens_at=opens_at, closes_at=closes_at)
    response = client_for(colleague).post(reverse("ideas:create"), {
        "title": "Print double-sided by default", "body": "Set every printer to duplex.", "theme": theme.pk,
        "challenge": challenge.pk, "submit": "1",
    })
    assert response.status_code == 200 and not Idea.objects.exists()
    assert words in response.content.decode()
    challenge.refresh_from_db()
    with pytest.raises(ValidationError) as error:  # the service refuses it too, whatever the form
        idea_create(by=colleague, title="Print double-sided by default", body="Duplex.", theme=theme, challenge=challenge)
    assert words in error.value.message_dict["challenge"][0]


def test_a_draft_cannot_be_submitted_to_a_challenge_that_closed_meanwhile(client_for, challenge, colleague, theme):
    idea = idea_create(by=colleague, title="Print double-sided by default", body="Duplex.", theme=theme, challenge=challenge)
    close(challenge)
    response = client_for(colleague).post(reverse("ideas:submit", args=[idea.pk]), follow=True)
    assert "is closed" in response.content.decode()
    idea.refresh_from_db()
    assert idea.stage == Stage.DRAFT


def test_a_challenge_for_some_units_takes_answers_from_them_only(challenge, colleague, executive, department, sibling_division, theme):
    challenge.target_entities.set([sibling_division])
    with pytest.raises(ValidationError):
        idea_create(by=colleague, title="Print double-sided by default", body="Duplex.", theme=theme, challenge=challenge)
    idea_create(by=executive, title="Print double-sided by default", body="Duplex.", theme=theme, challenge=challenge)


# --- Pages ---------------------------------------------------------------------------------


def test_the_landing_page_shows_question_ideas_leaders_and_a_countdown(client_for, challenge, answers, colleague, executive):
    vote_cast(idea=answers[1], by=executive)
    page = client_for(colleague).get(reverse("ideas:challenge_detail", args=[challenge.pk])).content.decode()
    assert "How could we print half as much by June?" in page and "<strong>2 million</strong>" in page
    assert "Print double-sided by default" in page and "Badge release at the printer" in page
    assert "Most supported ideas" in page and "Most active contributors" in page
    assert "Closes in" in page and "data-countdown-seconds" in page and "6 d 23 h" in page
    assert "js/countdown.js" in page


def test_the_list_shows_open_challenges_first(client_for, challenge, executive, theme, colleague):
    close(challenge_create(by=executive, title="Past challenge on paper", question="What did we ask last year?",
                           themes=[theme], opens_at=_dates(-1, 1)[0], closes_at=_dates(-1, 1)[1]))
    page = client_for(colleague).get(reverse("ideas:challenge_list")).content.decode()
    assert page.index("Fewer printed pages") < page.index("Past challenge on paper")
    filtered = client_for(colleague).get(reverse("ideas:challenge_list"), {"status": "closed"}).content.decode()
    assert "Past challenge on paper" in filtered and "Fewer printed pages" not in filtered


def test_the_idea_list_filters_by_challenge(client_for, challenge, answers, colleague, community_manager):
    IdeaFactory(author=colleague, stage=Stage.PUBLISHED, moderator=community_manager, title="A free idea on canteens")
    page = client_for(colleague).get(reverse("ideas:list"), {"challenge": challenge.pk}).content.decode()
    assert "Print double-sided by default" in page and "A free idea on canteens" not in page
    assert "Ideas answering the challenge" in page


# --- Judging -------------------------------------------------------------------------------


def test_only_the_sponsor_judges_and_only_after_closing(client_for, challenge, answers, executive, community_manager):
    url = reverse("ideas:challenge_evaluate", args=[challenge.pk])
    assert client_for(executive).get(url).status_code == 403  # still open
    with pytest.raises(PermissionDenied):
        challenge_shortlist(challenge=challenge, by=executive, idea_ids=[answers[0].pk])
    close(challenge)
    assert client_for(community_manager).get(url).status_code == 403  # not the sponsor
    assert client_for(executive).get(url).status_code == 200


def test_the_sponsor_shortlists_then_announces_winners(client_for, challenge, answers, executive, author, colleague, django_capture_on_commit_callbacks):
    close(challenge)
    client = client_for(executive)
    url = reverse("ideas:challenge_evaluate", args=[challenge.pk])
    response = client.post(url, {"action": "shortlist", "shortlist-ideas": [answers[0].pk, answers[1].pk]})
    assert response.status_code == 302
    assert Idea.objects.filter(challenge_shortlisted_at__isnull=False).count() == 2
    # No winner without a note.
    response = client.post(url, {"action": "winners", "winners-ideas": [answers[0].pk], "winners-note": ""})
    assert response.status_code == 400
    received = []
    events.challenge_winners_announced.connect(lambda sender, **kw: received.append(kw), weak=False, dispatch_uid="t")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"action": "winners", "winners-ideas": [answers[0].pk],
                                         "winners-note": "Duplex **wins**: IT sets it up in May."})
    finally:
        events.challenge_winners_announced.disconnect(dispatch_uid="t")
    assert response.status_code == 302 and response["Location"] == reverse("ideas:challenge_results", args=[challenge.pk])
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.EVALUATED and challenge.results_note_html.startswith("<p>Duplex <strong>")
    assert [idea.pk for idea in received[0]["winners"]] == [answers[0].pk]
    # Points and the winner badge for the winning author; the others hear of the results.
    assert LedgerEntry.objects.filter(user=author, rule__code="challenge_won", points=50).exists()
    assert BadgeAward.objects.filter(user=author, badge__code="challenge-winner", level="bronze").exists()
    assert Notification.objects.filter(recipient=author, kind=Kind.CHALLENGE_RESULTS, data__winner=True).exists()
    assert Notification.objects.filter(recipient=colleague, kind=Kind.CHALLENGE_RESULTS).exists()
    results = client_for(colleague).get(response["Location"]).content.decode()
    assert "Duplex <strong>wins</strong>" in results and "Print double-sided by default" in results
    assert "Badge release at the printer" in results  # also shortlisted
    # Announcing is final.
    with pytest.raises((Conflict, PermissionDenied)):
        challenge_announce_winners(challenge=challenge, by=executive, idea_ids=[answers[1].pk], note="Again")


def test_winners_are_chosen_among_the_challenge_answers(challenge, answers, executive, colleague, community_manager):
    other = IdeaFactory(author=colleague, stage=Stage.PUBLISHED, moderator=community_manager)
    close(challenge)
    with pytest.raises(ValidationError):
        challenge_announce_winners(challenge=challenge, by=executive, idea_ids=[other.pk], note="Congratulations")


def test_results_are_not_public_before_the_announcement(client_for, challenge, colleague):
    assert client_for(colleague).get(reverse("ideas:challenge_results", args=[challenge.pk])).status_code == 404


# --- Query counts --------------------------------------------------------------------------


def test_the_challenge_page_asks_the_same_questions_for_5_and_50_ideas(client_for, challenge, colleague, community_manager, settings):
    settings.IDEAS_PER_PAGE = 100
    authors = [UserFactory() for _ in range(5)]

    def build(size):
        while Idea.objects.filter(challenge=challenge).count() < size:
            n = Idea.objects.count()
            idea = IdeaFactory(author=authors[n % 5], challenge=challenge, stage=Stage.PUBLISHED,
                               moderator=community_manager, author_name_hidden=n % 2 == 0)
            vote_cast(idea=idea, by=colleague)

    client = client_for(colleague)
    # Session, user, scopes and roles (navigation); the challenge (sponsor), its themes and
    # units; count and page of ideas; top ideas; contributors (ideas, comments, people).
    assert_flat_query_count(build, lambda: client.get(reverse("ideas:challenge_detail", args=[challenge.pk])), expected=13)


def test_the_challenge_list_asks_the_same_questions_for_5_and_50_challenges(client_for, executive, colleague, theme, other_theme, settings):
    settings.IDEAS_PER_PAGE = 100

    def build(size):
        while Challenge.objects.count() < size:
            n = Challenge.objects.count()
            opens_at, closes_at = _dates(-1 + n % 3, 2 + n)
            challenge_create(by=executive, title=f"Challenge number {n}", question="How could we do better?",
                             themes=[theme, other_theme] if n % 2 else [theme], opens_at=opens_at, closes_at=closes_at)

    client = client_for(colleague)
    assert_flat_query_count(build, lambda: client.get(reverse("ideas:challenge_list")), expected=8)


@pytest.mark.parametrize(("language", "mark"), [
    ("en", "Answers the challenge “Fewer printed pages”"),
    ("fr", "Répond au défi « Fewer printed pages »"),
])
def test_an_idea_card_names_the_challenge_it_answers_on_every_list(client_for, challenge, author, colleague,
                                                                   correspondent, theme, language, mark):
    answer = IdeaFactory(author=author, theme=theme, stage=Stage.PUBLISHED, moderator=correspondent, challenge=challenge)
    client = client_for(colleague, HTTP_ACCEPT_LANGUAGE=language)

    for url in (reverse("ideas:list"), reverse("accounts:profile", args=[author.pk])):
        assert mark in client.get(url).content.decode().replace("&laquo;", "«").replace("&raquo;", "»")

    Challenge.objects.filter(pk=challenge.pk).update(title="Half the paper")
    challenge.title = "Half the paper"
    challenge.save()  # the cached card follows the new title
    assert "Half the paper" in client.get(reverse("ideas:list")).content.decode()
    assert answer.challenge_id == challenge.pk
