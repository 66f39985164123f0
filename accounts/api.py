"""API of the accounts app: the person calling (`me`) and the business units tree, plus
the person/unit serializers the other apps' APIs share."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.me import MeSection, me_sections
from core.permissions import can

from .models import Entity, User
from .roles import roles_of
from .rules import can_participate


class EntityBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Entity
        fields = ["id", "code", "name"]


class PersonBriefSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "display_name"]


class PersonSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)
    entity = EntityBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = ["id", "display_name", "entity"]


class EntityTreeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Entity
        fields = ["id", "code", "name", "kind", "children"]


# A unit's sub-units, each with theirs: the serializer refers to itself.
EntityTreeSerializer._declared_fields["children"] = EntityTreeSerializer(many=True, read_only=True, source="tree_children")


class MeBaseSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)
    entity = EntityBriefSerializer(read_only=True, allow_null=True)
    manager = PersonSerializer(read_only=True, allow_null=True)
    roles = serializers.SerializerMethodField(help_text="Platform roles: community_manager, executive, administrator.")
    can_participate = serializers.SerializerMethodField(help_text="False while suspended: the account reads but cannot write.")
    can_moderate = serializers.SerializerMethodField(help_text="Has a moderation queue (correspondent or community manager).")
    can_view_pipeline = serializers.SerializerMethodField(help_text="May follow the pipeline after publication.")

    class Meta:
        model = User
        fields = [
            "id", "email", "display_name", "first_name", "last_name", "job_title", "language", "entity", "manager",
            "suspended_until", "roles", "can_participate", "can_moderate", "can_view_pipeline",
        ]

    def get_roles(self, user) -> list[str]:
        return sorted(roles_of(user))

    def get_can_participate(self, user) -> bool:
        return bool(can_participate(user))

    def get_can_moderate(self, user) -> bool:
        return can(user, "moderation.view_queue")

    def get_can_view_pipeline(self, user) -> bool:
        return can(user, "moderation.view_pipeline")


class _SectionField(serializers.Field):
    section: MeSection

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, user):
        return self.section.field.to_representation(self.section.getter(user))


_me_serializers: dict[tuple, type] = {}


def me_serializer_class() -> type:
    """MeBaseSerializer plus one documented field per section other apps registered."""
    sections = me_sections()
    key = tuple(section.name for section in sections)
    if key not in _me_serializers:
        attrs = {}
        for section in sections:
            field_class = extend_schema_field(section.field)(
                type(f"{section.name.title()}SectionField", (_SectionField,), {"section": section})
            )
            attrs[section.name] = field_class(help_text=getattr(section.field, "help_text", None))
        meta = type("Meta", (MeBaseSerializer.Meta,), {"fields": MeBaseSerializer.Meta.fields + list(key)})
        _me_serializers[key] = type("MeSerializer", (MeBaseSerializer,), {**attrs, "Meta": meta})
    return _me_serializers[key]


class MeView(GenericAPIView):
    """The person calling: profile, business unit, roles, and what other apps know of them."""

    def get_serializer_class(self):
        return me_serializer_class()

    pagination_class = None
    filter_backends = []

    @extend_schema(operation_id="me_retrieve", tags=["me"])
    def get(self, request):
        user = User.objects.select_related("entity", "manager", "manager__entity").get(pk=request.user.pk)
        # Keep what the request already knows (roles, scopes) to ask the database once.
        user.__dict__.update({k: v for k, v in request.user.__dict__.items() if k.startswith("_multitude_")})
        return Response(self.get_serializer(user).data)


class EntityTreeView(APIView):
    """Every business unit, as a tree (group → division → department), in one query."""

    serializer_class = EntityTreeSerializer

    @extend_schema(operation_id="entities_list", tags=["entities"], responses=EntityTreeSerializer(many=True))
    def get(self, request):
        entities = list(Entity.objects.order_by("path"))
        by_id = {entity.pk: entity for entity in entities}
        roots = []
        for entity in entities:
            entity.tree_children = []
        for entity in entities:
            parent = by_id.get(entity.parent_id)
            (parent.tree_children if parent else roots).append(entity)
        return Response(EntityTreeSerializer(roots, many=True).data)


class MyDataExportView(APIView):
    """Everything the platform holds about the person calling, as on the profile's "My data"
    page: the same document, in the structure the README documents (version 1)."""

    pagination_class = None
    filter_backends = []

    @extend_schema(
        operation_id="me_export", tags=["me"],
        responses={200: OpenApiResponse(response=OpenApiTypes.OBJECT, description=(
            "Keys: format, version, exported_at, profile, roles, sign_in, api_tokens (metadata, never secrets), "
            "ideas (drafts included), coauthored_ideas, comments, supports, follows, flags, sanctions, "
            "correspondent_for, points, badges, segments, notifications, notification_preferences."))},
    )
    def get(self, request):
        from .personal_data import personal_data_export

        response = Response(personal_data_export(user=request.user))
        response["Cache-Control"] = "no-store"
        return response
