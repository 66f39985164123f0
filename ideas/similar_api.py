"""The similar-ideas suggestions in the API: the same answer as the idea form's box."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from core.api.schema import error

from .similar import MAX_BODY, MAX_TITLE, similar_ideas
from .similar_views import suggestion


class SimilarIdeaSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(help_text="The idea's page on the portal.")
    stage = serializers.CharField()
    stage_label = serializers.CharField()
    supports = serializers.IntegerField()
    supports_label = serializers.CharField()
    theme = serializers.CharField()


class SimilarIdeasSerializer(serializers.Serializer):
    results = SimilarIdeaSerializer(many=True)


class SimilarIdeasView(GenericAPIView):
    """Up to five published ideas resembling a title (and description) being written, best
    first: never drafts, ideas awaiting validation, hidden or merged ones."""

    serializer_class = SimilarIdeasSerializer
    pagination_class = None

    @extend_schema(
        operation_id="ideas_similar_list", tags=["ideas"],
        # The text travels in the address: a very long description can make the request line
        # longer than the servers in front accept (gunicorn 4 KiB, nginx 8 KiB), refused
        # before the application sees it. Clients send the first MAX_BODY characters.
        responses={200: SimilarIdeasSerializer, 400: error("`exclude` is not an idea's id."),
                   414: OpenApiResponse(description="The address is too long for the server in front (a very "
                                                    "long title or description): send the first "
                                                    f"{MAX_BODY} characters.")},
        parameters=[
            OpenApiParameter("title", str, description=f"The title being written (up to {MAX_TITLE} characters)."),
            OpenApiParameter("body", str, description=f"The description (its first {MAX_BODY} characters count)."),
            OpenApiParameter("exclude", int, description="An idea to leave out: the one being edited."),
        ],
    )
    def get(self, request):
        exclude = request.query_params.get("exclude") or ""
        # "²" is a digit to Python, but no number.
        if exclude and not (exclude.isascii() and exclude.isdigit()):
            raise serializers.ValidationError({"exclude": [_("Give an idea's id.")]})
        ideas = similar_ideas(
            request.query_params.get("title") or "", request.query_params.get("body") or "", viewer=request.user,
            exclude=int(exclude) if exclude else None,
        )
        return Response({"results": [suggestion(idea) for idea in ideas]})
