"""API of the gamification app: the caller's standing (points, rank, badges) as a section
of `GET /api/v1/me/`, read with gamification.selectors.standing_of."""

from rest_framework import serializers

from core.api.me import register_me_section

from .models import Badge
from .selectors import standing_of


class EarnedBadgeSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(help_text="In the request's language.")
    level = serializers.ChoiceField(choices=Badge.Level.choices)
    awarded_at = serializers.DateTimeField(help_text="When this level was reached.")


class StandingSerializer(serializers.Serializer):
    points = serializers.IntegerField(help_text="All-time points.")
    rank = serializers.IntegerField(allow_null=True, help_text="Rank on the all-time leaderboard; null without points.")
    badges = EarnedBadgeSerializer(many=True, help_text="Badges held, at their highest level.")


register_me_section("standing", StandingSerializer(help_text="Points, rank and badges."), standing_of)
