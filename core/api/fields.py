"""Serializer fields that accept only what their schema says."""

from rest_framework import serializers


class BooleanField(serializers.BooleanField):
    """JSON true or false only: DRF's own also takes 0, 1, "yes", "on"... which the schema,
    saying boolean, does not allow (and 0 == False in Python, so a set of values cannot tell)."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)


class CharField(serializers.CharField):
    """A JSON string only: DRF's own turns a number into its text ("body": 0 → "0"), which
    the schema, saying string, does not allow."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)
