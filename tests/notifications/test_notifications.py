"""Which event notifies whom, exactly once, and how each person's preferences deliver it."""

import pytest
from django.core import mail
from django.utils import translation
from django.core.management import call_command

from ideas import events as idea_events
from ideas.models import Comment, Follow, Stage, Vote
from ideas.services import comment_edit, comment_post, idea_transition, idea_unfollow, vote_cast, vote_withdraw
from moderation.merges import ideas_merge
from moderation.services import idea_approve, idea_reject, idea_request_changes
from notifications.models import Channel, Kind, Notification
from notifications.services import notification_mark_read, preferences_set
from tests.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """committed(action, *args, **kwargs): run a service and its after-commit listeners."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture
def idea(committed, author, theme, community_manager):
    return committed(IdeaFactory, author=author, theme=theme, stage=Stage.PUBLISHED, moderator=community_manager)


def kinds_of(user):
    """The kinds of `user`'s notifications, leaving out badges (gamification awards some
    for a first published idea: tested on their own below)."""
    return sorted(Notification.objects.filter(recipient=user).exclude(kind=Kind.BADGE).values_list("kind", flat=True))


# --- Decisions on my idea ---------------------------------------------------------------------

def test_the_author_hears_that_their_idea_is_published_but_the_moderator_does_not(committed, author, correspondent, theme):
    idea = committed(IdeaFactory, author=author, theme=theme, stage=Stage.SUBMITTED)
    committed(idea_approve, idea=idea, by=correspondent)
    assert kinds_of(author) == [Kind.IDEA_APPROVED]
    assert kinds_of(correspondent) == []


def test_a_rejection_is_mailed_at_once_with_the_reason(committed, author, correspondent, theme):
    idea = committed(IdeaFactory, author=author, theme=theme, stage=Stage.SUBMITTED, title="Share the printers")
    mail.outbox.clear()

    committed(idea_reject, idea=idea, by=correspondent, reason="Already done last year.")

    notification = Notification.objects.get(recipient=author)
    assert (notification.kind, notification.channel) == (Kind.IDEA_REJECTED, Channel.EMAIL)
    assert notification.emailed_at is not None
    [message] = mail.outbox
    assert message.to == [author.email]
    assert "Already done last year." in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f"http://127.0.0.1:8000/ideas/{idea.pk}/" in html


def test_a_mail_comes_in_the_recipients_language_whoever_triggers_it(committed, author, theme, correspondent, executive):
    author.language = "fr"
    author.save(update_fields=["language"])
    preferences_set(by=author, choices={Kind.STAGE_CHANGED: Channel.EMAIL})
    idea = committed(IdeaFactory, author=author, theme=theme, stage=Stage.POTENTIAL, moderator=correspondent,
                     executive=executive, title="Partager les imprimantes")
    mail.outbox.clear()

    with translation.override("en"):  # the top manager works in English
        committed(idea_transition, idea=idea, to_stage=Stage.ANALYSIS, by=executive)

    [message] = mail.outbox
    assert "« Partager les imprimantes »" in message.body or "“Partager les imprimantes”" in message.body
    assert "en attente d'analyse" in message.body
    assert 'lang="fr"' in message.alternatives[0][0]


def test_the_same_mail_comes_in_english_to_an_english_speaker(committed, author, correspondent, theme):
    author.language = "en"
    author.save(update_fields=["language"])
    idea = committed(IdeaFactory, author=author, theme=theme, stage=Stage.SUBMITTED, title="Share the printers")
    mail.outbox.clear()

    committed(idea_request_changes, idea=idea, by=correspondent, reason="Please add figures.")

    [message] = mail.outbox
    assert message.subject == "[Multitude] Changes are requested on your idea “Share the printers”."
    assert "Hello Alice Author," in message.body and "Please add figures." in message.body


def test_changes_requested_twice_are_two_notifications(committed, author, correspondent, theme):
    idea = committed(IdeaFactory, author=author, theme=theme, stage=Stage.CHANGES_REQUESTED, moderator=correspondent)
    committed(idea_transition, idea=idea, to_stage=Stage.SUBMITTED, by=author)
    committed(idea_request_changes, idea=idea, by=correspondent, reason="Still no figures.")
    assert kinds_of(author) == [Kind.IDEA_CHANGES_REQUESTED, Kind.IDEA_CHANGES_REQUESTED]


# --- Exactly once -------------------------------------------------------------------------------

def test_a_signal_received_twice_creates_each_notification_once(committed, idea, author, colleague):
    comment = committed(comment_post, idea=idea, by=colleague, body="Nice one")
    before = Notification.objects.count()

    # The same event delivered again (a retry, a second listener path) changes nothing.
    idea_events.comment_posted.send(sender=Comment, comment=comment, idea=idea, by=colleague)
    idea_events.idea_published.send(sender=type(idea), idea=idea, by=colleague, reason="")

    assert Notification.objects.count() == before
    assert Notification.objects.filter(recipient=author, kind=Kind.COMMENT, comment=comment).count() == 1


def test_nobody_is_notified_of_their_own_action(committed, idea, author):
    committed(comment_post, idea=idea, by=author, body="Some more context from me")
    assert kinds_of(author) == [Kind.IDEA_APPROVED]


# --- Comments, replies and followers ---------------------------------------------------------------

def test_followers_hear_of_a_new_comment_and_unfollowers_do_not(committed, idea, author, colleague):
    supporter, quitter = UserFactory(), UserFactory()
    committed(vote_cast, idea=idea, by=supporter)
    committed(vote_cast, idea=idea, by=quitter)
    committed(idea_unfollow, idea=idea, by=quitter)
    Notification.objects.all().delete()

    committed(comment_post, idea=idea, by=colleague, body="What about the night shift?")

    assert kinds_of(author) == [Kind.COMMENT]
    assert kinds_of(supporter) == [Kind.COMMENT]
    assert kinds_of(quitter) == []
    assert kinds_of(colleague) == []


def test_a_reply_tells_the_commenter_it_answers_and_the_others_of_a_comment(committed, idea, author, colleague):
    first = committed(comment_post, idea=idea, by=colleague, body="Night shift?")
    Notification.objects.all().delete()

    committed(comment_post, idea=idea, by=author, body="Yes, them too.", parent=first)

    assert kinds_of(colleague) == [Kind.REPLY]
    assert kinds_of(author) == []


# --- Mentions ----------------------------------------------------------------------------------------

def test_a_mention_links_to_the_profile_and_notifies_the_person_once(committed, idea, colleague):
    mentioned = UserFactory(first_name="Maya", last_name="Mention")
    comment = committed(comment_post, idea=idea, by=colleague, body=f"Ask @[Maya Mention]({mentioned.pk}) about it")

    assert f'<a class="mention" href="/people/{mentioned.pk}/"' in comment.body_html
    assert kinds_of(mentioned) == [Kind.MENTION]
    # She does not follow the idea: mentioned, not subscribed.
    assert not Follow.objects.filter(idea=idea, user=mentioned).exists()

    committed(comment_edit, comment=comment, by=colleague, body=f"Ask @[Maya Mention]({mentioned.pk}) today")
    assert kinds_of(mentioned) == [Kind.MENTION]


def test_a_follower_who_is_mentioned_gets_the_mention_only(committed, idea, author, colleague):
    Notification.objects.all().delete()
    committed(comment_post, idea=idea, by=colleague, body=f"@[Alice Author]({author.pk}) what do you think?")
    assert kinds_of(author) == [Kind.MENTION]


def test_a_mention_added_by_an_edit_notifies(committed, idea, colleague):
    mentioned = UserFactory()
    comment = committed(comment_post, idea=idea, by=colleague, body="Who knows about printers?")
    committed(comment_edit, comment=comment, by=colleague, body=f"Who knows about printers? @[Expert]({mentioned.pk})")
    assert kinds_of(mentioned) == [Kind.MENTION]


def test_mentioning_oneself_or_an_inactive_person_notifies_nobody(committed, idea, colleague):
    gone = UserFactory(is_active=False)
    committed(comment_post, idea=idea, by=colleague, body=f"@[Me]({colleague.pk}) and @[Gone]({gone.pk})")
    assert kinds_of(colleague) == [] and kinds_of(gone) == []


def test_a_mention_of_someone_who_may_not_see_the_idea_is_not_notified(committed, author, colleague, theme, correspondent):
    """An idea under review: the author mentions a colleague in... nothing, since only
    published ideas take comments; the rule is checked all the same when a comment is
    edited after the idea was hidden."""
    from moderation.content import content_hide

    idea = committed(IdeaFactory, author=author, theme=theme, stage=Stage.PUBLISHED, moderator=correspondent)
    comment = committed(comment_post, idea=idea, by=author, body="Draft thoughts")
    manager = UserFactory(roles=["community_manager"])
    committed(content_hide, target=idea, by=manager, reason="Personal data")
    comment.refresh_from_db()
    idea_events.comment_edited.send(
        sender=Comment, comment=_with_mention(comment, colleague), idea=idea, by=author
    )
    assert kinds_of(colleague) == []


def _with_mention(comment, person):
    from core.text import render_markdown

    comment.body_html = render_markdown(f"@[Someone]({person.pk})")
    return comment


# --- Supports, batched --------------------------------------------------------------------------------

def test_supports_are_counted_in_one_notification_and_one_mail(committed, idea, author):
    preferences_set(by=author, choices={Kind.SUPPORTS: Channel.EMAIL})
    mail.outbox.clear()
    supporters = [UserFactory() for _ in range(3)]

    for supporter in supporters:
        committed(vote_cast, idea=idea, by=supporter)

    [notification] = Notification.objects.filter(recipient=author, kind=Kind.SUPPORTS)
    assert notification.count == 3
    assert notification.actor == supporters[-1]
    assert len(mail.outbox) == 1


def test_hearing_of_the_same_support_twice_counts_it_once(committed, idea, author):
    supporter = UserFactory()
    committed(vote_cast, idea=idea, by=supporter)
    vote = Vote.objects.get(idea=idea, user=supporter)

    idea_events.vote_cast.send(sender=Vote, idea=idea, vote=vote, by=supporter, support_count=1)

    [notification] = Notification.objects.filter(recipient=author, kind=Kind.SUPPORTS)
    assert notification.count == 1


def test_a_support_after_the_batch_was_read_starts_a_new_one(committed, idea, author):
    first, second = UserFactory(), UserFactory()
    committed(vote_cast, idea=idea, by=first)
    batch = Notification.objects.get(recipient=author, kind=Kind.SUPPORTS)
    notification_mark_read(notification=batch, by=author)

    committed(vote_cast, idea=idea, by=second)
    # The first support, heard again, is not counted anew either.
    idea_events.vote_cast.send(sender=Vote, idea=idea, vote=Vote.objects.get(user=first), by=first, support_count=2)

    counts = list(Notification.objects.filter(recipient=author, kind=Kind.SUPPORTS).order_by("id").values_list("count", flat=True))
    assert counts == [1, 1]


def test_a_withdrawn_support_leaves_the_count(committed, idea, author):
    first, second = UserFactory(), UserFactory()
    committed(vote_cast, idea=idea, by=first)
    committed(vote_cast, idea=idea, by=second)
    committed(vote_withdraw, idea=idea, by=first)
    third = UserFactory()
    committed(vote_cast, idea=idea, by=third)
    assert Notification.objects.get(recipient=author, kind=Kind.SUPPORTS).count == 2


# --- Pipeline and merges ---------------------------------------------------------------------------------

def test_followers_hear_that_the_idea_moves_on_but_not_the_top_manager_who_moved_it(
    committed, author, theme, correspondent, executive, colleague
):
    idea = committed(IdeaFactory, author=author, theme=theme, stage=Stage.POTENTIAL, moderator=correspondent,
                     executive=executive)
    Follow.objects.create(idea=idea, user=colleague)
    Notification.objects.all().delete()

    committed(idea_transition, idea=idea, to_stage=Stage.ANALYSIS, by=executive)

    assert kinds_of(author) == [Kind.STAGE_CHANGED]
    assert kinds_of(colleague) == [Kind.STAGE_CHANGED]
    assert kinds_of(executive) == []
    assert Notification.objects.get(recipient=colleague).data["stage"] == Stage.ANALYSIS


def test_followers_of_a_merged_idea_hear_where_it_went(committed, author, theme, correspondent, colleague):
    source = committed(IdeaFactory, author=author, theme=theme, stage=Stage.PUBLISHED, moderator=correspondent)
    target = committed(IdeaFactory, theme=theme, stage=Stage.PUBLISHED, moderator=correspondent)
    committed(vote_cast, idea=source, by=colleague)
    Notification.objects.all().delete()

    committed(ideas_merge, source=source, target=target, by=correspondent, note="Same idea")

    assert kinds_of(author) == [Kind.IDEA_MERGED]
    assert kinds_of(colleague) == [Kind.IDEA_MERGED]
    assert Notification.objects.get(recipient=colleague).data["target"] == target.pk


# --- Preferences and digests -------------------------------------------------------------------------------

def test_a_kind_turned_off_creates_nothing(committed, idea, author, colleague):
    preferences_set(by=author, choices={Kind.COMMENT: Channel.OFF})
    committed(comment_post, idea=idea, by=colleague, body="Hello")
    assert kinds_of(author) == [Kind.IDEA_APPROVED]


def test_the_digest_mails_each_pending_notification_once(committed, idea, author, colleague):
    author.language = "en"
    author.save(update_fields=["language"])
    preferences_set(by=author, choices={Kind.COMMENT: Channel.DIGEST})
    committed(comment_post, idea=idea, by=colleague, body="First")
    committed(comment_post, idea=idea, by=colleague, body="Second")
    third = committed(comment_post, idea=idea, by=colleague, body="Third")
    notification_mark_read(notification=Notification.objects.get(comment=third), by=author)
    mail.outbox.clear()

    call_command("send_digests", stdout=open("/dev/null", "w"))

    [message] = mail.outbox
    assert message.to == [author.email]
    assert message.subject == "[Multitude] Your Multitude digest: 2 new items"
    assert message.body.count("Colin Colleague commented on") == 2
    assert message.alternatives[0][1] == "text/html"
    assert not Notification.objects.filter(channel=Channel.DIGEST, digested_at__isnull=True).exists()

    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1


def test_a_digest_notification_is_not_mailed_at_once(committed, idea, author, colleague):
    preferences_set(by=author, choices={Kind.COMMENT: Channel.DIGEST})
    mail.outbox.clear()
    committed(comment_post, idea=idea, by=colleague, body="Hello")
    assert mail.outbox == []
    assert Notification.objects.get(recipient=author, kind=Kind.COMMENT).channel == Channel.DIGEST


def test_preferences_refuse_an_unknown_channel(author):
    with pytest.raises(ValueError):
        preferences_set(by=author, choices={Kind.COMMENT: "pigeon"})


# --- Gamification -------------------------------------------------------------------------------------------

def test_a_badge_earned_is_notified_once_with_its_name_in_both_languages(committed, author):
    from gamification import events as gamification_events
    from gamification.models import Badge, BadgeAward

    badge = Badge.objects.first() or pytest.skip("no badge defined")
    award = BadgeAward(user=author, badge=badge, level="silver")
    for _ in range(2):
        gamification_events.badge_earned.send(sender=BadgeAward, user=author, badge=badge, level="silver", award=award)

    [notification] = Notification.objects.filter(recipient=author, kind=Kind.BADGE, data__level="silver")
    assert notification.data["badge_en"] == badge.name_en and notification.data["badge_fr"] == badge.name_fr


def test_a_message_to_a_segment_reaches_each_recipient_once_but_not_its_sender(author, colleague, community_manager):
    from gamification import events as gamification_events
    from gamification.models import SegmentMessage

    message = SegmentMessage.objects.create(
        sender=community_manager, segment="regular", subject="Thank you", body="Keep the ideas coming."
    )
    recipients = [author.pk, colleague.pk, community_manager.pk]
    for _ in range(2):
        gamification_events.segment_messaged.send(sender=SegmentMessage, message=message, recipient_ids=recipients)

    assert kinds_of(author) == [Kind.MESSAGE] and kinds_of(colleague) == [Kind.MESSAGE]
    assert kinds_of(community_manager) == []
    assert Notification.objects.get(recipient=author).data == {"subject": "Thank you", "body": "Keep the ideas coming."}
    # Messages from the community managers are mailed at once unless one chooses otherwise.
    assert len([m for m in mail.outbox if m.to == [author.email]]) == 1
