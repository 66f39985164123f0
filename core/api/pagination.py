"""Keyset cursor pagination over whatever order the selector chose.

The cursor holds the values of every ordering field of the last row seen (the order always
ends with the id, so it is total), and the next page asks for the rows strictly after that
tuple. Pages are stable while rows are added or change, cost the same deep in the list as
on the first page, and need no COUNT query. A cursor is tied to its order: reusing it with
another `sort` is refused with a 400.
"""

import base64
import binascii
import datetime
import decimal
import hashlib
import json
from collections import OrderedDict

from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import remove_query_param, replace_query_param


def _ordering_of(queryset: QuerySet) -> list[str]:
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    for field in ordering:
        if not isinstance(field, str) or field.lstrip("-") == "?":
            raise TypeError(f"Keyset pagination needs field names in order_by, got {field!r}")
    if ordering[-1].lstrip("-") not in ("id", "pk"):
        raise TypeError("Keyset pagination needs an order that ends with the id.")
    return ordering


def _encode_value(value):
    if isinstance(value, datetime.datetime):
        return {"t": value.isoformat()}
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def _decode_value(value):
    if isinstance(value, dict) and "t" in value:
        parsed = parse_datetime(value["t"])
        if parsed is None:
            raise ValueError("bad datetime")
        return parsed
    if value is not None and not isinstance(value, (int, float, str, bool)):
        raise ValueError("bad value")
    return value


class KeysetCursorPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request) -> int:
        default = api_settings.PAGE_SIZE or 20
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return default
        try:
            size = int(raw)
        except ValueError:
            raise ValidationError({self.page_size_query_param: [_("A whole number is required.")]})
        if not 1 <= size <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [
                _("Choose a page size between 1 and %(max)d.") % {"max": self.max_page_size}
            ]})
        return size

    # --- cursor encoding -----------------------------------------------------------------

    def _signature(self, ordering) -> str:
        return hashlib.sha256(",".join(ordering).encode()).hexdigest()[:8]

    def _encode(self, ordering, values, reverse: bool) -> str:
        payload = {"o": self._signature(ordering), "v": [_encode_value(v) for v in values], "r": int(reverse)}
        return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode().rstrip("=")

    def _decode(self, raw: str, ordering):
        try:
            padded = raw + "=" * (-len(raw) % 4)
            payload = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
            values = [_decode_value(v) for v in payload["v"]]
            reverse = bool(payload.get("r"))
            valid = payload["o"] == self._signature(ordering) and len(values) == len(ordering)
        except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError, AttributeError):
            valid = False
        if not valid:
            raise ValidationError({self.cursor_query_param: [_("This cursor is not valid for this list.")]})
        return values, reverse

    # --- filtering -------------------------------------------------------------------------

    @staticmethod
    def _after(ordering, values, *, backwards: bool) -> Q:
        """Rows strictly after `values` in `ordering` (before them when backwards)."""
        condition = Q()
        for index, field in enumerate(ordering):
            name = field.lstrip("-")
            descending = field.startswith("-") != backwards
            step = Q(**{f"{name}__{'lt' if descending else 'gt'}": values[index]})
            for previous, value in zip(ordering[:index], values[:index]):
                step &= Q(**{previous.lstrip("-"): value})
            condition |= step
        return condition

    @staticmethod
    def _reversed(ordering):
        return [field[1:] if field.startswith("-") else f"-{field}" for field in ordering]

    @staticmethod
    def _values_of(row, ordering):
        return [getattr(row, "pk" if field.lstrip("-") == "pk" else field.lstrip("-")) for field in ordering]

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.ordering = _ordering_of(queryset)
        raw = request.query_params.get(self.cursor_query_param)
        backwards = False
        if raw:
            values, backwards = self._decode(raw, self.ordering)
            queryset = queryset.filter(self._after(self.ordering, values, backwards=backwards))
        if backwards:
            queryset = queryset.order_by(*self._reversed(self.ordering))
        rows = list(queryset[: self.page_size + 1])
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if backwards:
            rows.reverse()
        self.has_next = more if not backwards else True
        self.has_previous = bool(raw) and (more if backwards else True)
        self.rows = rows
        return rows

    def _link(self, row, *, reverse: bool):
        url = self.request.build_absolute_uri()
        if row is None:
            return None
        cursor = self._encode(self.ordering, self._values_of(row, self.ordering), reverse)
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_next_link(self):
        if not self.has_next or not self.rows:
            return None
        return self._link(self.rows[-1], reverse=False)

    def get_previous_link(self):
        if not self.has_previous:
            return None
        if not self.rows:
            return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)
        return self._link(self.rows[0], reverse=True)

    def get_paginated_response(self, data):
        return Response(OrderedDict([("next", self.get_next_link()), ("previous", self.get_previous_link()), ("results", data)]))

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri", "description": "The next page, or null."},
                "previous": {"type": "string", "nullable": True, "format": "uri", "description": "The previous page, or null."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": self.cursor_query_param, "required": False, "in": "query",
             "description": "Opaque cursor from a previous page's `next` or `previous` link.", "schema": {"type": "string"}},
            {"name": self.page_size_query_param, "required": False, "in": "query",
             "description": f"Rows per page, 1 to {self.max_page_size}.",
             "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size}},
        ]
