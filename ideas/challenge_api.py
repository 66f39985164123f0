"""API of challenges: the list (open first) and one challenge with its leaders, read by
every employee; the sponsor's shortlist and winners once it is closed. Reads go through
ideas.challenge_selectors, writes through ideas.services, with the portal's permissions."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api import EntityBriefSerializer, PersonBriefSerializer
from core.api.schema import error
from core.permissions import can, require

from . import services
from .api import ThemeBriefSerializer
from .authorship import author_visible
from .challenge_selectors import (
    challenge_contributors,
    challenge_detail_queryset,
    challenge_list,
    challenge_shortlist,
    challenge_top_ideas,
    challenge_winners,
)
from .models import Challenge, ChallengeStatus


class ChallengeListSerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=ChallengeStatus.choices, read_only=True,
                                     help_text="Derived from the dates; evaluated once the winners are announced.")
    sponsor = PersonBriefSerializer(read_only=True)
    themes = ThemeBriefSerializer(many=True, read_only=True)
    target_entities = EntityBriefSerializer(many=True, read_only=True, help_text="Empty: addressed to everyone.")
    answer_count = serializers.IntegerField(read_only=True, help_text="Published answers.")

    class Meta:
        model = Challenge
        fields = ["id", "title", "question", "status", "sponsor", "themes", "target_entities", "opens_at", "closes_at",
                  "evaluated_at", "answer_count"]
        read_only_fields = fields


class ChallengeIdeaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    support_count = serializers.IntegerField()
    author = PersonBriefSerializer(allow_null=True, help_text="Null when the author posted without their name.")

    def to_representation(self, idea):
        data = super().to_representation(idea)
        if not author_visible(idea, self.context["request"].user):
            data["author"] = None
        return data


class ContributorSerializer(serializers.Serializer):
    person = PersonBriefSerializer()
    contributions = serializers.IntegerField()


class ViewerCanChallengeSerializer(serializers.Serializer):
    answer = serializers.BooleanField()
    edit = serializers.BooleanField()
    evaluate = serializers.BooleanField()


class ChallengeDetailSerializer(ChallengeListSerializer):
    top_ideas = serializers.SerializerMethodField()
    contributors = serializers.SerializerMethodField()
    shortlist = serializers.SerializerMethodField()
    winners = serializers.SerializerMethodField()
    viewer_can = serializers.SerializerMethodField()

    class Meta(ChallengeListSerializer.Meta):
        fields = ChallengeListSerializer.Meta.fields + [
            "context", "context_html", "results_note", "results_note_html", "top_ideas", "contributors", "shortlist",
            "winners", "viewer_can",
        ]
        read_only_fields = fields

    def _ideas(self, ideas):
        return ChallengeIdeaSerializer(ideas, many=True, context=self.context).data

    def get_top_ideas(self, challenge) -> ChallengeIdeaSerializer(many=True):
        return self._ideas(challenge_top_ideas(challenge))

    def get_contributors(self, challenge) -> ContributorSerializer(many=True):
        return ContributorSerializer(
            [{"person": person, "contributions": n} for person, n in challenge_contributors(challenge)], many=True
        ).data

    def get_shortlist(self, challenge) -> ChallengeIdeaSerializer(many=True):
        # The shortlist is the sponsor's work in progress until the winners are announced.
        if challenge.evaluated_at is None and not can(self.context["request"].user, "ideas.evaluate_challenge", challenge):
            return []
        return self._ideas(challenge_shortlist(challenge))

    def get_winners(self, challenge) -> ChallengeIdeaSerializer(many=True):
        return self._ideas(challenge_winners(challenge)) if challenge.evaluated_at else []

    def get_viewer_can(self, challenge) -> ViewerCanChallengeSerializer:
        user = self.context["request"].user
        return {
            "answer": can(user, "ideas.answer_challenge", challenge),
            "edit": can(user, "ideas.change_challenge", challenge),
            "evaluate": can(user, "ideas.evaluate_challenge", challenge),
        }


class ChallengeJudgementSerializer(serializers.Serializer):
    ideas = serializers.ListField(child=serializers.IntegerField(), allow_empty=True,
                                  help_text="Ids of published ideas answering the challenge.")


class ChallengeWinnersSerializer(ChallengeJudgementSerializer):
    note = serializers.CharField(help_text="Markdown: the sponsor's word to the participants.")


class ChallengeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Challenges: precise questions from sponsors, open for a limited time."""

    serializer_class = ChallengeListSerializer
    queryset = Challenge.objects.none()
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        if self.action == "list":
            status = self.request.query_params.get("status") or None
            if status is not None and status not in ChallengeStatus.values:
                raise serializers.ValidationError({"status": [_("Choose one of: %(choices)s.") % {
                    "choices": ", ".join(ChallengeStatus.values)}]})
            return challenge_list(status=status)
        return challenge_detail_queryset()

    def get_serializer_class(self):
        return ChallengeListSerializer if self.action == "list" else ChallengeDetailSerializer

    def _challenge(self, pk) -> Challenge:
        challenge = get_object_or_404(challenge_detail_queryset(), pk=pk)
        require(self.request.user, "ideas.view_challenge", challenge)
        return challenge

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=ChallengeStatus.values,
                                                description="Only challenges with this status.")],
                   description="Open challenges first (closing soonest), then upcoming, closed and evaluated.")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(description="A challenge with its leaders (most supported ideas, most active contributors), "
                               "and once evaluated its winners and the sponsor's note. Its ideas: "
                               "`/api/v1/ideas/?challenge=<id>`.")
    def retrieve(self, request, pk=None):
        return Response(ChallengeDetailSerializer(self._challenge(pk), context=self.get_serializer_context()).data)

    @extend_schema(request=ChallengeJudgementSerializer,
                   examples=[OpenApiExample("Three ideas", request_only=True, value={"ideas": [12, 15, 21]})],
                   responses={200: ChallengeDetailSerializer, 409: error("The winners are already announced.")},
                   description="The sponsor's shortlist once the challenge is closed (replaces the previous one).")
    @action(detail=True, methods=["post"])
    def shortlist(self, request, pk=None):
        challenge = self._challenge(pk)
        payload = ChallengeJudgementSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.challenge_shortlist(challenge=challenge, by=request.user, idea_ids=payload.validated_data["ideas"])
        return Response(ChallengeDetailSerializer(self._challenge(pk), context=self.get_serializer_context()).data)

    @extend_schema(request=ChallengeWinnersSerializer,
                   examples=[OpenApiExample("Two winners", request_only=True, value={
                       "ideas": [12, 15], "note": "Thank you all: both will be piloted in March."})],
                   responses={200: ChallengeDetailSerializer, 409: error("The winners are already announced.")},
                   description="The sponsor announces the winners with a note; the challenge is then evaluated.")
    @action(detail=True, methods=["post"])
    def winners(self, request, pk=None):
        challenge = self._challenge(pk)
        payload = ChallengeWinnersSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.challenge_announce_winners(challenge=challenge, by=request.user, idea_ids=payload.validated_data["ideas"],
                                            note=payload.validated_data["note"])
        return Response(ChallengeDetailSerializer(self._challenge(pk), context=self.get_serializer_context()).data)
