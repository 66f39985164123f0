"""The one error format, for the refusals that the other tests cannot provoke on demand."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from rest_framework import exceptions

from core.api.errors import exception_handler
from core.errors import Conflict, TransitionRefused


@pytest.mark.parametrize(("error", "status", "body"), [
    (IntegrityError("duplicate key"), 409, {"code": "conflict", "fields": {}}),
    (TransitionRefused("Wrong stage."), 409, {"code": "wrong_stage", "message": "Wrong stage.", "fields": {}}),
    (Conflict("Busy."), 409, {"code": "conflict", "message": "Busy.", "fields": {}}),
    (ValidationError("Bad."), 400, {"code": "invalid", "fields": {"non_field_errors": ["Bad."]}}),
    (ValidationError({"title": "Too short.", "__all__": "Bad."}), 400,
     {"code": "invalid", "fields": {"title": ["Too short."], "non_field_errors": ["Bad."]}}),
    (exceptions.ValidationError({"owner": {"email": ["Unknown."]}}), 400, {"code": "invalid", "fields": {"owner.email": ["Unknown."]}}),
    (exceptions.MethodNotAllowed("PATCH"), 405, {"code": "method_not_allowed", "fields": {}}),
])
def test_each_refusal_maps_onto_code_message_fields(error, status, body):
    response = exception_handler(error, {})
    assert response.status_code == status
    assert set(response.data) == {"code", "message", "fields"}
    assert response.data["message"]
    assert {key: response.data[key] for key in body} == body


def test_a_method_the_endpoint_lacks_is_405_in_the_error_format(api_for, db):
    from tests.factories import UserFactory

    response = api_for(UserFactory()).delete("/api/v1/themes/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
