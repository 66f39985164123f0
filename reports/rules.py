"""Who reads the executive reports: executives, community managers and administrators,
while not suspended (a suspension withdraws the role's reading rights with the rest)."""

import rules

from accounts.rules import can_participate, is_administrator, is_community_manager, is_executive

rules.add_perm("reports.view_reports", can_participate & (is_executive | is_community_manager | is_administrator))
