"""Who manages the outgoing webhooks: administrators and community managers."""

import rules

from accounts.rules import is_active_member, is_community_manager

rules.add_perm("webhooks.manage_endpoints", is_active_member & is_community_manager)
