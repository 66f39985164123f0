"""API of the moderation app: the submission queue, decisions of functional
correspondents, the pipeline steps of top managers, and expert evaluation. Reads through
moderation.selectors, writes through moderation.services / moderation.pipeline."""

import django_filters
import rules
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from accounts.api import PersonBriefSerializer
from accounts.models import Entity, User
from core.api.permissions import rule
from core.api.schema import error
from ideas.api import (
    IdeaDetailSerializer, IdeaListSerializer, SlugChoiceFilter, ThemeBriefSerializer, idea_etag, visible_idea,
    with_viewer_state,
)
from ideas.models import Idea, Theme
from ideas.selectors import idea_detail_queryset

from .evaluations import evaluation_submit, evaluation_summary, evaluations_of, evaluators_assign
from .models import SCORE_MAX, SCORE_MIN, Evaluation, Score
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
                   examples=[OpenApiExample("Approve", request_only=True, value={"decision": "approve", "reason": ""}),
                             OpenApiExample("Request changes", request_only=True, value={
                                 "decision": "request_changes", "reason": "Say which floors would share a printer."})],
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
                   examples=[OpenApiExample("Has potential", request_only=True, value={
                       "to_stage": "potential", "reason": "Cheap, quick to try, and asked for on three sites."})],
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


# --- Expert evaluation ----------------------------------------------------------------------

class EvaluatedIdeaSerializer(serializers.ModelSerializer):
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    theme = ThemeBriefSerializer(read_only=True)

    class Meta:
        model = Idea
        fields = ["id", "title", "stage", "stage_label", "theme"]


class ScoreSerializer(serializers.ModelSerializer):
    criterion = serializers.SlugRelatedField(slug_field="code", read_only=True)
    criterion_name = serializers.CharField(source="criterion.name", read_only=True)

    class Meta:
        model = Score
        fields = ["criterion", "criterion_name", "value"]


class EvaluationSerializer(serializers.ModelSerializer):
    idea = EvaluatedIdeaSerializer(read_only=True)
    requested_by = PersonBriefSerializer(read_only=True)
    scores = ScoreSerializer(many=True, read_only=True, help_text="Empty until submitted.")

    class Meta:
        model = Evaluation
        fields = ["id", "idea", "requested_by", "requested_at", "submitted_at", "comment", "scores"]


class EvaluationFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=[("pending", "pending"), ("submitted", "submitted")], method="filter_status",
        label="pending (to do) or submitted.",
    )

    class Meta:
        model = Evaluation
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.filter(submitted_at__isnull=value == "pending")


class EvaluationListView(ListAPIView):
    """Your evaluations as an expert, oldest request first: those to do and those submitted."""

    serializer_class = EvaluationSerializer
    filterset_class = EvaluationFilterSet

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no person
            return Evaluation.objects.none()
        return evaluations_of(evaluator=self.request.user).order_by("requested_at", "id")

    @extend_schema(operation_id="evaluations_list", tags=["evaluations"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema_field({
    "type": "object", "minProperties": 1,
    "additionalProperties": {"type": "integer", "minimum": SCORE_MIN, "maximum": SCORE_MAX},
})
class ScoresField(serializers.DictField):
    """Criterion code → score. The criteria are data (the admin's), so the schema names their
    shape; the service refuses a missing or unknown one (400 naming it)."""


class EvaluationSubmitSerializer(serializers.Serializer):
    scores = ScoresField(
        child=serializers.IntegerField(min_value=SCORE_MIN, max_value=SCORE_MAX), allow_empty=False,
        help_text="Criterion code → score from 1 to 5, for every active criterion and no other (their codes: "
                  "`criteria` of `GET /api/v1/ideas/{id}/evaluations/`, or the admin).",
    )
    comment = serializers.CharField(max_length=5000, help_text="Why these scores (required).")


class EvaluationSubmitView(GenericAPIView):
    """Submit your scores and comment. Final: a submitted evaluation cannot be changed."""

    serializer_class = EvaluationSubmitSerializer

    @extend_schema(operation_id="evaluations_submit", tags=["evaluations"], request=EvaluationSubmitSerializer,
                   examples=[OpenApiExample("Scores and why", request_only=True, value={
                       "scores": {"feasibility": 4, "impact": 5, "cost": 3},
                       "comment": "Cheap to try on one floor first; the savings are measured by the printer fleet."})],
                   responses={200: EvaluationSerializer,
                              409: error("The evaluation is already submitted.")})
    def post(self, request, pk):
        evaluation = get_object_or_404(evaluations_of(evaluator=request.user), pk=pk)
        payload = EvaluationSubmitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        evaluation_submit(evaluation=evaluation, by=request.user, scores=payload.validated_data["scores"],
                          comment=payload.validated_data["comment"])
        fresh = evaluations_of(evaluator=request.user).get(pk=pk)
        return Response(EvaluationSerializer(fresh, context=self.get_serializer_context()).data)


class CriterionSummarySerializer(serializers.Serializer):
    criterion = serializers.CharField(source="criterion.code")
    name = serializers.CharField(source="criterion.name")
    count = serializers.IntegerField()
    mean = serializers.FloatField()
    low = serializers.IntegerField()
    high = serializers.IntegerField()
    stdev = serializers.FloatField(help_text="Population standard deviation.")


class ExpertEvaluationSerializer(serializers.ModelSerializer):
    evaluator = PersonBriefSerializer(read_only=True)
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Evaluation
        fields = ["id", "evaluator", "requested_at", "submitted_at", "comment", "scores"]


class EvaluationSummarySerializer(serializers.Serializer):
    submitted = serializers.IntegerField()
    pending = serializers.IntegerField()
    overall_mean = serializers.FloatField(allow_null=True)
    criteria = CriterionSummarySerializer(many=True)
    evaluations = ExpertEvaluationSerializer(many=True)


class AssignEvaluatorsSerializer(serializers.Serializer):
    evaluators = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), many=True, help_text="The experts' ids (never the idea's author or co-authors).",
    )


class IdeaEvaluationsView(GenericAPIView):
    """An idea's expert evaluation: each expert's scores and the mean, range and spread per
    criterion, for community managers and top managers (an expert only once they have
    submitted their own). POST: a community manager asks experts."""

    serializer_class = AssignEvaluatorsSerializer

    def _summary(self, request, idea):
        # As on the page: a hidden idea only for those who may read it (author, moderators).
        if idea.hidden_at is not None and not rules.has_perm("moderation.see_hidden_idea", request.user, idea):
            raise PermissionDenied(_("This idea is hidden by moderation."))
        summary = evaluation_summary(idea=idea, viewer=request.user)
        if summary is None:
            raise PermissionDenied(_("Only community managers and top managers read the experts' scores."))
        return Response(EvaluationSummarySerializer(summary, context=self.get_serializer_context()).data)

    @extend_schema(operation_id="ideas_evaluations_retrieve", tags=["evaluations"],
                   responses={200: EvaluationSummarySerializer})
    def get(self, request, pk):
        return self._summary(request, visible_idea(request, pk))

    @extend_schema(operation_id="ideas_evaluations_create", tags=["evaluations"], request=AssignEvaluatorsSerializer,
                   examples=[OpenApiExample("Two experts", request_only=True, value={"evaluators": [2, 3]})],
                   responses={200: EvaluationSummarySerializer})
    def post(self, request, pk):
        idea = visible_idea(request, pk)
        payload = AssignEvaluatorsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        evaluators_assign(idea=idea, evaluators=payload.validated_data["evaluators"], by=request.user)
        return self._summary(request, idea)
