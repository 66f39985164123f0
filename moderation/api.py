"""API of the moderation app: the submission queue, decisions of functional
correspondents, and the pipeline steps of top managers. Reads through
moderation.selectors, writes through moderation.services / moderation.pipeline."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from accounts.models import Entity, User
from core.api.permissions import rule
from core.api.schema import error
from ideas.api import IdeaDetailSerializer, SlugChoiceFilter, IdeaListSerializer, idea_etag, visible_idea, with_viewer_state
from ideas.models import Idea, Theme
from ideas.selectors import idea_detail_queryset

from .pipeline import PIPELINE_TARGETS, idea_pipeline_step
from .selectors import QueueSort, submission_queue
from .services import DECISIONS

CONFLICT = {409: error("The idea is no longer at a stage that allows this (someone decided first?).")}


class QueueFilterSet(django_filters.FilterSet):
    theme = SlugChoiceFilter(queryset=Theme.objects.all(), to_field_name="slug", label="A theme's slug.")
    entity = SlugChoiceFilter(
        queryset=Entity.objects.all(), to_field_name="code", label="A business unit's code: it and its sub-units."
    )
    sort = django_filters.ChoiceFilter(
        choices=[(QueueSort.OLDEST, "oldest"), (QueueSort.NEWEST, "newest")], label="oldest (default) or newest first."
    )

    class Meta:
        model = Idea
        fields = []

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        ideas = submission_queue(
            viewer=self.request.user, theme=data.get("theme"), entity=data.get("entity"),
            sort=data.get("sort") or QueueSort.OLDEST,
        )
        return with_viewer_state(ideas, self.request.user)


class QueueView(ListAPIView):
    """Submitted ideas waiting for your validation, in your scope (themes and business units
    you are correspondent for, or all for community managers), never your own nor your team's."""

    permission_classes = [rule("moderation.view_queue")]
    serializer_class = IdeaListSerializer
    filterset_class = QueueFilterSet
    queryset = Idea.objects.none()

    @extend_schema(operation_id="moderation_queue_list", tags=["moderation"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=sorted(DECISIONS))
    reason = serializers.CharField(allow_blank=True, required=False, default="", max_length=2000,
                                   help_text="Shown to the author; required to request changes or reject.")


def _idea_answer(view, pk):
    idea = visible_idea(view.request, pk, with_viewer_state(idea_detail_queryset(viewer=view.request.user), view.request.user))
    data = IdeaDetailSerializer(idea, context=view.get_serializer_context()).data
    return Response(data, headers={"ETag": idea_etag(idea)})


class DecisionView(GenericAPIView):
    """A functional correspondent's decision on a submitted idea: approve (publish it),
    request changes, or reject, with the reason the author reads."""

    serializer_class = DecisionSerializer

    @extend_schema(operation_id="moderation_decision_create", tags=["moderation"], request=DecisionSerializer,
                   responses={200: IdeaDetailSerializer, **CONFLICT})
    def post(self, request, pk):
        idea = visible_idea(request, pk)
        payload = DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        DECISIONS[payload.validated_data["decision"]](idea=idea, by=request.user, reason=payload.validated_data["reason"])
        return _idea_answer(self, pk)


class TransitionSerializer(serializers.Serializer):
    to_stage = serializers.ChoiceField(choices=[(stage.value, stage.label) for stage in PIPELINE_TARGETS])
    reason = serializers.CharField(max_length=5000, allow_blank=True,
                                   help_text="The decision note, shown on the idea's timeline (required).")
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True,
        help_text="Who carries the idea from now on; required from project on unless the idea has one.",
    )
    savings_eur = serializers.IntegerField(required=False, allow_null=True, min_value=0,
                                           help_text="Deployed only: measured annual savings in euros.")
    quality = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000,
                                    help_text="Deployed only: a quality indicator.")


class TransitionView(GenericAPIView):
    """A step in the pipeline after publication: has potential (moderators), then analysis,
    project, pilot, deployed or not retained (top managers)."""

    serializer_class = TransitionSerializer

    @extend_schema(operation_id="ideas_transition_create", tags=["ideas"], request=TransitionSerializer,
                   responses={200: IdeaDetailSerializer, **CONFLICT})
    def post(self, request, pk):
        idea = visible_idea(request, pk)
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        idea_pipeline_step(
            idea=idea, to_stage=data["to_stage"], by=request.user, note=data["reason"], owner=data.get("owner"),
            savings_eur=data.get("savings_eur"), quality=data.get("quality", ""),
        )
        return _idea_answer(self, pk)
