"""API of the ideas app: ideas (browse, search, write, submit), their comments, supports
and follows, and the themes. Every read goes through ideas.selectors / ideas.search and
every write through ideas.services, with the same permission names as the portal."""

import django_filters
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.forms import ModelChoiceField
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample, OpenApiParameter, PolymorphicProxySerializer, extend_schema, extend_schema_field,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.reverse import reverse

from accounts.api import EntityBriefSerializer, PersonBriefSerializer, PersonSerializer
from accounts.models import Entity, User
from core.api import fields
from core.api.concurrency import etag_for, require_if_match
from core.api.filters import BooleanFilter
from core.api.schema import error
from core.permissions import can, require
from core.reasons import reason_display

from . import services
from .authorship import author_visible, is_hidden_author
from .models import Challenge, Comment, Follow, Idea, Stage, StageChange, Theme, Vote
from .search import MAX_QUERY_LENGTH, search_ideas
from .selectors import Sort, filter_ideas, idea_detail_queryset, idea_list, ideas_of_author
from .services.comments import COMMENT_MAX_LENGTH
from .services.ideas import BODY_MAX_LENGTH, TITLE_MIN_LENGTH

# --- Reading helpers shared with the other apps' APIs ---------------------------------------


def with_viewer_state(queryset: QuerySet, viewer) -> QuerySet:
    """Whether the viewer supports and follows each idea, in the same query."""
    if "viewer_supports" not in queryset.query.annotations:
        queryset = queryset.annotate(viewer_supports=Exists(Vote.objects.filter(idea=OuterRef("pk"), user=viewer)))
    return queryset.annotate(viewer_follows=Exists(Follow.objects.filter(idea=OuterRef("pk"), user=viewer)))


def visible_idea(request, pk, queryset: QuerySet | None = None) -> Idea:
    """The idea, if the caller may see it; 404 otherwise, as on the portal: unpublished
    ideas of others do not exist as far as they can tell."""
    queryset = queryset if queryset is not None else Idea.objects.select_related("author", "author_entity", "theme")
    idea = get_object_or_404(queryset, pk=pk)
    if not can(request.user, "ideas.view_idea", idea):
        raise Http404
    return idea


def sees_content(user, idea: Idea) -> bool:
    """A hidden idea shows only a notice to colleagues; its author and moderators see it."""
    return idea.hidden_at is None or can(user, "moderation.see_hidden_idea", idea)


def idea_etag(idea: Idea) -> str:
    return etag_for("idea", idea.pk, idea.updated_at.isoformat(), idea.hidden_at.isoformat() if idea.hidden_at else "")


# --- Serializers ------------------------------------------------------------------------


class ThemeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language (Accept-Language).")
    description = serializers.CharField(read_only=True)

    class Meta:
        model = Theme
        fields = ["id", "slug", "name", "description", "name_en", "name_fr"]


class ThemeBriefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Theme
        fields = ["id", "slug", "name"]


class IdeaListSerializer(serializers.ModelSerializer):
    theme = ThemeBriefSerializer(read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    author = PersonSerializer(read_only=True, allow_null=True,
                              help_text="Null for colleagues when the author posted without their name.")
    author_entity = EntityBriefSerializer(read_only=True, allow_null=True,
                                          help_text="The author's business unit when they posted.")
    author_name_hidden = serializers.BooleanField(
        read_only=True, help_text="Posted without the author's name: `author` and `author_entity` are null for "
        "colleagues (the author, the theme's correspondents and community managers still get them).")
    challenge = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, help_text="The challenge it answers.")
    viewer_supports = serializers.BooleanField(read_only=True)
    viewer_follows = serializers.BooleanField(read_only=True)

    class Meta:
        model = Idea
        fields = [
            "id", "title", "theme", "stage", "stage_label", "author", "author_entity", "author_name_hidden",
            "challenge", "created_at", "updated_at", "published_at", "support_count", "comment_count",
            "viewer_supports", "viewer_follows",
        ]
        read_only_fields = fields

    def to_representation(self, idea):
        data = super().to_representation(idea)
        request = self.context.get("request")
        if not author_visible(idea, getattr(request, "user", None)):
            data.update(author=None, author_entity=None)
        return data


class ReasonField(serializers.CharField):
    """A moderation reason, ready-made ones in the reader's language (core/reasons.py)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return reason_display(value)


class StageChangeSerializer(serializers.ModelSerializer):
    reason = ReasonField()
    actor = PersonBriefSerializer(read_only=True, allow_null=True,
                                  help_text="Null for colleagues when it was the author of an idea posted without their name.")
    owner = PersonBriefSerializer(read_only=True, allow_null=True, help_text="Who carries the idea from this step on.")

    class Meta:
        model = StageChange
        fields = ["from_stage", "to_stage", "actor", "owner", "reason", "created_at"]
        read_only_fields = fields


class ViewerCanSerializer(serializers.Serializer):
    edit = serializers.BooleanField()
    submit = serializers.BooleanField()
    delete = serializers.BooleanField()
    support = serializers.BooleanField()
    withdraw_support = serializers.BooleanField()
    comment = serializers.BooleanField()
    follow = serializers.BooleanField()


class IdeaDetailSerializer(IdeaListSerializer):
    owner = PersonBriefSerializer(read_only=True, allow_null=True)
    hidden = serializers.BooleanField(source="is_hidden", read_only=True)
    history = StageChangeSerializer(source="stage_changes", many=True, read_only=True)
    hidden_reason = ReasonField()
    viewer_can = serializers.SerializerMethodField()

    class Meta(IdeaListSerializer.Meta):
        fields = IdeaListSerializer.Meta.fields + [
            "body", "body_html", "submitted_at", "stage_changed_at", "owner", "merged_into", "hidden",
            "hidden_reason", "benefit_savings_eur", "benefit_quality", "history", "viewer_can",
        ]
        read_only_fields = fields

    def to_representation(self, idea):
        data = super().to_representation(idea)
        viewer = self.context["request"].user
        if not author_visible(idea, viewer):
            # The author's own steps (submitting, editing) would name them.
            for change, row in zip(idea.stage_changes.all(), data.get("history", [])):
                if change.actor_id == idea.author_id:
                    row["actor"] = None
                if change.owner_id == idea.author_id:
                    row["owner"] = None
            if idea.owner_id == idea.author_id:
                data["owner"] = None
        return data

    def get_viewer_can(self, idea) -> ViewerCanSerializer:
        user = self.context["request"].user
        return {
            "edit": can(user, "ideas.change_idea", idea),
            "submit": can(user, "ideas.submit_idea", idea),
            "delete": can(user, "ideas.delete_idea", idea),
            "support": can(user, "ideas.support_idea", idea),
            "withdraw_support": can(user, "ideas.withdraw_support", idea),
            "comment": can(user, "ideas.comment_idea", idea),
            "follow": can(user, "ideas.follow_idea", idea),
        }


class IdeaTombstoneSerializer(serializers.ModelSerializer):
    """What colleagues get of an idea hidden by moderation: a notice and the reason."""

    title = serializers.SerializerMethodField()
    hidden = serializers.BooleanField(source="is_hidden", read_only=True)
    hidden_reason = ReasonField()
    theme = ThemeBriefSerializer(read_only=True)

    class Meta:
        model = Idea
        fields = ["id", "title", "hidden", "hidden_reason", "stage", "theme"]
        read_only_fields = fields

    def get_title(self, idea) -> str:
        return _("Idea hidden by moderation")


IDEA_OR_TOMBSTONE = PolymorphicProxySerializer(
    component_name="IdeaDetailOrTombstone",
    serializers=[IdeaDetailSerializer, IdeaTombstoneSerializer],
    resource_type_field_name=None,
)


class IdeaWriteSerializer(serializers.Serializer):
    title = fields.CharField(trim_whitespace=False, min_length=TITLE_MIN_LENGTH,
                                  max_length=Idea._meta.get_field("title").max_length,
                                  help_text="Runs of spaces count as one.")
    body = fields.CharField(trim_whitespace=False, max_length=BODY_MAX_LENGTH,
                                 help_text="Markdown; not blank.")
    theme = serializers.SlugRelatedField(slug_field="slug", queryset=Theme.objects.all(), help_text="A theme's slug.")
    challenge = serializers.PrimaryKeyRelatedField(
        queryset=Challenge.objects.all(), required=False, allow_null=True,
        help_text="The id of an open challenge the idea answers (left out: unchanged; null: none).")
    author_name_hidden = fields.BooleanField(
        required=False, help_text="Hide the author's name from colleagues (left out: unchanged, or false for a new idea).")


class IdeaCreateSerializer(IdeaWriteSerializer):
    submit = fields.BooleanField(default=False, help_text="Submit for validation at once instead of saving a draft.")


class SupportSerializer(serializers.Serializer):
    support_count = serializers.IntegerField()
    viewer_supports = serializers.BooleanField()


class FollowSerializer(serializers.Serializer):
    following = serializers.BooleanField()


class CommentReplySerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True, allow_null=True)
    deleted = serializers.BooleanField(source="is_deleted", read_only=True)
    hidden = serializers.BooleanField(source="is_hidden", read_only=True)
    hidden_reason = ReasonField()
    marked_helpful = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "parent", "author", "body", "body_html", "created_at", "edited_at", "deleted", "hidden",
                  "hidden_reason", "marked_helpful"]
        read_only_fields = fields

    def get_marked_helpful(self, comment) -> bool:
        return comment.marked_helpful_at is not None

    def to_representation(self, comment):
        data = super().to_representation(comment)
        if comment.is_deleted:
            data.update(author=None, body=None, body_html=None, hidden_reason="")
        elif comment.is_hidden and not can(self.context["request"].user, "moderation.see_hidden_comment", comment):
            data.update(author=None, body=None, body_html=None)
        elif is_hidden_author(comment.author_id, comment.idea, self.context["request"].user):
            # The author answering on an idea posted without their name.
            data.update(author=None)
            data["by_idea_author"] = True
        return data


class CommentSerializer(CommentReplySerializer):
    replies = CommentReplySerializer(many=True, read_only=True)

    class Meta(CommentReplySerializer.Meta):
        fields = CommentReplySerializer.Meta.fields + ["replies"]
        read_only_fields = fields


class CommentPostSerializer(serializers.Serializer):
    body = fields.CharField(trim_whitespace=False, max_length=COMMENT_MAX_LENGTH, help_text="Markdown; not blank.")
    parent = serializers.IntegerField(required=False, allow_null=True, help_text="The comment this one answers.")


class CommentEditSerializer(serializers.Serializer):
    body = fields.CharField(trim_whitespace=False, max_length=COMMENT_MAX_LENGTH, help_text="Markdown; not blank.")


# --- Ideas ------------------------------------------------------------------------------


class SlugChoiceField(ModelChoiceField):
    """A related object by its slug or code: a NUL is refused before it reaches a query."""

    def to_python(self, value):
        if isinstance(value, str) and "\x00" in value:
            raise DjangoValidationError(ProhibitNullCharactersValidator.message, code="null_characters_not_allowed")
        return super().to_python(value)


@extend_schema_field(OpenApiTypes.STR)
class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    """A related object named by its slug or code rather than its id."""

    field_class = SlugChoiceField


class IdeaFilterSet(django_filters.FilterSet):
    """The portal's filters. Parsed here, applied by ideas.selectors."""

    q = django_filters.CharFilter(label="Full-text search in titles and descriptions.", max_length=MAX_QUERY_LENGTH)
    theme = SlugChoiceFilter(queryset=Theme.objects.all(), to_field_name="slug", label="A theme's slug.")
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label="Only ideas at this stage.")
    entity = SlugChoiceFilter(
        queryset=Entity.objects.all(), to_field_name="code", label="A business unit's code: ideas of it and its sub-units."
    )
    author = django_filters.ModelChoiceFilter(queryset=User.objects.filter(is_active=True), label="An author's id.")
    challenge = django_filters.ModelChoiceFilter(queryset=Challenge.objects.all(), label="Ideas answering this challenge (its id).")
    mine = BooleanFilter(
        label="Your own ideas at every stage (drafts included), last changed first; `sort` does not apply."
    )
    sort = django_filters.ChoiceFilter(
        choices=Sort.CHOICES, label="newest (default), supported, discussed, trending, relevance (default with q)."
    )

    class Meta:
        model = Idea
        fields = []

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        viewer = self.request.user
        search = data.get("q") or ""
        filters = {"theme": data.get("theme"), "stage": data.get("stage") or None, "entity": data.get("entity"),
                   "challenge": data.get("challenge")}
        if data.get("mine"):
            ideas = filter_ideas(ideas_of_author(author=viewer), **filters)
            ideas = search_ideas(ideas, search).select_related("author", "author__entity", "author_entity")
        else:
            sort = data.get("sort") or (Sort.RELEVANCE if search.strip() else Sort.NEWEST)
            ideas = idea_list(viewer=viewer, author=data.get("author"), search=search, sort=sort, **filters)
            ideas = ideas.select_related("author__entity")
        return with_viewer_state(ideas, viewer)


IDEA_ERRORS = {409: error("The idea's stage does not allow this.")}
IDEA_EXAMPLE = OpenApiExample("A draft", request_only=True, value={
    "title": "Share the printers between floors", "body": "Fewer devices, **less paper**.", "theme": "cost-savings"})
COMMENT_EXAMPLE = OpenApiExample("A comment", request_only=True, value={"body": "We tried it on the 3rd floor: it works."})


class IdeaViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Ideas. Lists show what every employee may browse (published and beyond, never hidden
    ones); `mine=true` lists your own at every stage."""

    queryset = Idea.objects.none()
    filterset_class = IdeaFilterSet
    serializer_class = IdeaListSerializer
    # Anything but digits names no idea: 404 from the URL resolver, never a ValueError in a query.
    lookup_value_regex = "[0-9]+"

    def get_serializer_class(self):
        return {
            "create": IdeaCreateSerializer, "update": IdeaWriteSerializer, "partial_update": IdeaWriteSerializer,
            "retrieve": IdeaDetailSerializer, "submit": IdeaDetailSerializer,
        }.get(self.action, IdeaListSerializer)

    def _detail(self, pk) -> Idea:
        return visible_idea(self.request, pk, with_viewer_state(idea_detail_queryset(viewer=self.request.user), self.request.user))

    def _respond(self, idea: Idea, *, status_code=status.HTTP_200_OK, headers=None) -> Response:
        if sees_content(self.request.user, idea):
            data = IdeaDetailSerializer(idea, context=self.get_serializer_context()).data
        else:
            data = IdeaTombstoneSerializer(idea, context=self.get_serializer_context()).data
        return Response(data, status=status_code, headers={"ETag": idea_etag(idea), **(headers or {})})

    @extend_schema(responses={200: IDEA_OR_TOMBSTONE},
                   description="An idea with its history. A hidden idea gives colleagues only a notice (tombstone). "
                               "The ETag header names its version; send it back in If-Match to edit.")
    def retrieve(self, request, pk=None):
        return self._respond(self._detail(pk))

    @extend_schema(request=IdeaCreateSerializer, responses={201: IdeaDetailSerializer}, examples=[IDEA_EXAMPLE],
                   description="Write an idea: saved as a draft, or submitted at once with `submit: true`.")
    def create(self, request):
        payload = IdeaCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        idea = services.idea_create(by=request.user, **payload.validated_data)
        return self._respond(self._detail(idea.pk), status_code=status.HTTP_201_CREATED,
                             headers={"Location": reverse("api:ideas-detail", args=[idea.pk], request=request)})

    def _edit(self, request, pk, *, partial: bool):
        idea = visible_idea(request, pk)
        payload = IdeaWriteSerializer(data=request.data, partial=partial)
        payload.is_valid(raise_exception=True)
        values = {"title": idea.title, "body": idea.body, "theme": idea.theme, **payload.validated_data}
        with transaction.atomic():
            # Compare the version under lock: a concurrent edit either came before (412) or waits.
            locked = (
                Idea.objects.select_for_update(of=("self",)).select_related("theme", "author", "author_entity").get(pk=idea.pk)
            )
            require(request.user, "ideas.change_idea", locked, _("This idea can no longer be edited."))
            require_if_match(request, idea_etag(locked))
            services.idea_update(idea=locked, by=request.user, **values)
        return self._respond(self._detail(idea.pk))

    @extend_schema(
        request=IdeaWriteSerializer, responses={200: IdeaDetailSerializer, **IDEA_ERRORS,
                                                412: error("If-Match does not name the current version."),
                                                428: error("If-Match is missing.")},
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True,
                                     description="The ETag of the version you edit.")],
        examples=[IDEA_EXAMPLE],
        description="Replace the title, description and theme of a draft or of an idea whose author was asked for "
                    "changes.",
    )
    def update(self, request, pk=None):
        return self._edit(request, pk, partial=False)

    @extend_schema(
        request=IdeaWriteSerializer, responses={200: IdeaDetailSerializer, **IDEA_ERRORS,
                                                412: error("If-Match does not name the current version."),
                                                428: error("If-Match is missing.")},
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True,
                                     description="The ETag of the version you edit.")],
        examples=[OpenApiExample("A new title", request_only=True, value={"title": "Share the printers of each floor"})],
        description="Change some of the title, description and theme of a draft (or an idea sent back for changes).",
    )
    def partial_update(self, request, pk=None):
        return self._edit(request, pk, partial=True)

    @extend_schema(responses={204: None}, description="Delete a draft that was never submitted.")
    def destroy(self, request, pk=None):
        services.idea_delete(idea=visible_idea(request, pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={200: IdeaDetailSerializer, **IDEA_ERRORS},
                   description="Send a draft (or an idea sent back for changes) to the functional correspondents.")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        services.idea_submit(idea=visible_idea(request, pk), by=request.user)
        return self._respond(self._detail(pk))


# --- Supports and follows -------------------------------------------------------------------


class SupportView(GenericAPIView):
    """Your support for an idea. PUT and DELETE are idempotent and answer the new count."""

    serializer_class = SupportSerializer

    def _answer(self, idea, supports: bool):
        return Response({"support_count": idea.support_count, "viewer_supports": supports})

    @extend_schema(operation_id="ideas_support_put", request=None, responses={200: SupportSerializer, **IDEA_ERRORS})
    def put(self, request, pk):
        idea = visible_idea(request, pk)
        services.vote_cast(idea=idea, by=request.user)
        return self._answer(idea, True)

    @extend_schema(operation_id="ideas_support_delete", request=None, responses={200: SupportSerializer, **IDEA_ERRORS})
    def delete(self, request, pk):
        idea = visible_idea(request, pk)
        services.vote_withdraw(idea=idea, by=request.user)
        return self._answer(idea, False)


class FollowView(GenericAPIView):
    """Following an idea (hearing of its comments and stage changes). Idempotent."""

    serializer_class = FollowSerializer

    @extend_schema(operation_id="ideas_follow_put", request=None, responses={200: FollowSerializer})
    def put(self, request, pk):
        services.idea_follow(idea=visible_idea(request, pk), by=request.user)
        return Response({"following": True})

    @extend_schema(operation_id="ideas_follow_delete", request=None, responses={200: FollowSerializer})
    def delete(self, request, pk):
        services.idea_unfollow(idea=visible_idea(request, pk), by=request.user)
        return Response({"following": False})


# --- Comments -------------------------------------------------------------------------------


def comment_threads(idea: Idea) -> QuerySet:
    """The idea's top-level comments, oldest first, each with its replies (two queries a page)."""
    replies = Comment.objects.select_related("author", "author__entity").order_by("created_at", "id")
    return (
        Comment.objects.filter(idea=idea, parent__isnull=True)
        .select_related("author", "author__entity")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "id")
    )


class _CommentsOfIdea(GenericAPIView):
    def idea(self) -> Idea:
        idea = visible_idea(self.request, self.kwargs["pk"])
        if not sees_content(self.request.user, idea):
            raise Http404
        return idea

    @staticmethod
    def attach(comments, idea):
        # The rules read comment.idea: give them the idea already loaded.
        for comment in comments:
            comment.idea = idea
            for reply in comment.replies.all():
                reply.idea = idea
        return comments


class CommentListView(_CommentsOfIdea):
    """The discussion of an idea: threads (top-level comments, oldest first) with their replies."""

    serializer_class = CommentSerializer
    queryset = Comment.objects.none()

    @extend_schema(operation_id="ideas_comments_list", responses={200: CommentSerializer(many=True)})
    def get(self, request, pk):
        idea = self.idea()
        page = self.attach(self.paginate_queryset(comment_threads(idea)), idea)
        return self.get_paginated_response(CommentSerializer(page, many=True, context=self.get_serializer_context()).data)

    @extend_schema(operation_id="ideas_comments_create", request=CommentPostSerializer,
                   responses={201: CommentSerializer, **IDEA_ERRORS}, examples=[COMMENT_EXAMPLE],
                   description="Comment, or reply with `parent` (a reply to a reply joins its thread).")
    def post(self, request, pk):
        idea = self.idea()
        payload = CommentPostSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        parent = None
        if payload.validated_data.get("parent"):
            parent = Comment.objects.filter(idea=idea, pk=payload.validated_data["parent"]).first()
            if parent is None:
                raise serializers.ValidationError({"parent": [_("You can only reply to a comment on the same idea.")]})
        comment = services.comment_post(idea=idea, by=request.user, body=payload.validated_data["body"], parent=parent)
        comment = Comment.objects.select_related("author", "author__entity").get(pk=comment.pk)
        comment.idea = idea
        # A new comment has no replies yet: the same shape as in the thread, without a query for them.
        data = CommentReplySerializer(comment, context=self.get_serializer_context()).data
        return Response({**data, "replies": []}, status=status.HTTP_201_CREATED)


class CommentDetailView(_CommentsOfIdea):
    """One comment: read it, edit it (its author, for a short while), delete it."""

    serializer_class = CommentReplySerializer

    def comment(self) -> Comment:
        idea = self.idea()
        try:
            comment = Comment.objects.select_related("author", "author__entity").get(pk=self.kwargs["comment_pk"], idea=idea)
        except ObjectDoesNotExist:
            raise Http404
        comment.idea = idea
        return comment

    @extend_schema(operation_id="ideas_comments_retrieve")
    def get(self, request, pk, comment_pk):
        return Response(self.get_serializer(self.comment()).data)

    @extend_schema(operation_id="ideas_comments_partial_update", request=CommentEditSerializer, examples=[COMMENT_EXAMPLE],
                   responses={200: CommentReplySerializer})
    def patch(self, request, pk, comment_pk):
        comment = self.comment()
        payload = CommentEditSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.comment_edit(comment=comment, by=request.user, body=payload.validated_data["body"])
        return Response(self.get_serializer(comment).data)

    @extend_schema(operation_id="ideas_comments_destroy", responses={204: None})
    def delete(self, request, pk, comment_pk):
        services.comment_delete(comment=self.comment(), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Themes -----------------------------------------------------------------------------


class ThemeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The active themes ideas belong to, in their display order."""

    queryset = Theme.objects.filter(is_active=True).order_by("position", "slug")
    serializer_class = ThemeSerializer
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    pagination_class = None
    filter_backends = []
