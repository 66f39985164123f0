"""Schema generation: every operation documents the shared error format for the refusals
it can give, so API clients see one `Error` component everywhere."""

from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, for programs: invalid, not_authenticated, authentication_failed, "
                                           "permission_denied, not_found, conflict, wrong_stage, precondition_failed, "
                                           "precondition_required, throttled…")
    message = serializers.CharField(help_text="Translated, for people.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Per-field messages (400 only; empty otherwise). Errors about no field in particular are under "
                  "`non_field_errors`.",
    )

    class Meta:
        ref_name = "Error"


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        wanted = {}
        public = any(isinstance(p, AllowAny) for p in self.view.get_permissions())
        if not public:
            wanted["401"] = "No or bad credentials."
            wanted["403"] = "Signed in, but this action is not allowed to you."
        if "{" in self.path:
            wanted["404"] = "Not found, or not visible to you."
        if self.method in ("POST", "PUT", "PATCH") or self._is_list_view() or self.get_filter_backends():
            wanted["400"] = "Invalid values; see `fields`."
        wanted["429"] = "Too many requests; see the Retry-After header."
        for code, description in wanted.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(error(description), code, direction=direction)
        return dict(sorted(responses.items()))


# Response components that never carry more than their listed fields: a body with more is
# another component (an idea's tombstone versus the idea itself, in a oneOf).
CLOSED_COMPONENTS = ("IdeaTombstone",)


def close_components(result, generator, request, public):
    """drf-spectacular postprocessing hook: additionalProperties false on CLOSED_COMPONENTS,
    so that a full idea validates against exactly one branch of IdeaDetailOrTombstone."""
    schemas = result.get("components", {}).get("schemas", {})
    for name in CLOSED_COMPONENTS:
        if name in schemas:
            schemas[name]["additionalProperties"] = False
    return result
