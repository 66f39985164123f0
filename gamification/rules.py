import rules

from accounts.rules import can_participate, is_active_member, is_community_manager

rules.add_perm("gamification.view_leaderboard", is_active_member)
rules.add_perm("gamification.view_segments", is_active_member & is_community_manager)
rules.add_perm("gamification.message_segment", can_participate & is_community_manager)
