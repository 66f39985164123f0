"""The domain events of gamification, sent after commit (see core.events).

Listeners live in other apps (notifications); nothing here imports them.
"""

from django.dispatch import Signal

# user: User, badge: Badge, level: str ("bronze" | "silver" | "gold"), award: BadgeAward —
# sent with sender=BadgeAward, once per person, badge and level
badge_earned = Signal()
# message: SegmentMessage, recipient_ids: list[int] — a community manager wrote to the
# members of a segment (optionally of one business unit and its sub-units); sent with
# sender=SegmentMessage. Delivering it (in-app, e-mail) is the listener's job.
segment_messaged = Signal()
