"""The API's JSON bodies, read defensively before any serializer sees them:

- a body over settings.DATA_UPLOAD_MAX_MEMORY_SIZE is refused (413) without being read whole;
- nesting deeper than settings.API_MAX_JSON_DEPTH is refused (400), and so is nesting too
  deep for Python's own decoder (which would otherwise end in a RecursionError, a 500);
- a NUL character in any string, key or value, is a 400 naming the field: PostgreSQL cannot
  store it nor compare with it, so it must never reach a query (on SQLite alike).
"""

import codecs

from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, parsers, status
from rest_framework.utils import json

NON_FIELD = "non_field_errors"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"
    default_detail = gettext_lazy("The request body is too large.")


def _name(path: tuple) -> str:
    return ".".join(str(part).replace("\x00", "\\0") for part in path) or NON_FIELD


def refusals(data, max_depth: int) -> tuple[bool, dict[str, list[str]]]:
    """(too deep, {field path: [message]}) for a parsed JSON value, walked without recursion."""
    nul = str(ProhibitNullCharactersValidator.message)
    fields: dict[str, list[str]] = {}
    stack = [(data, (), 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, (dict, list)) and depth > max_depth:
            return True, {}
        if isinstance(value, dict):
            for key, inner in value.items():
                if "\x00" in key:
                    fields.setdefault(_name(path + (key,)), [nul])
                stack.append((inner, path + (key,), depth + 1))
        elif isinstance(value, list):
            stack.extend((inner, path + (index,), depth + 1) for index, inner in enumerate(value))
        elif isinstance(value, str) and "\x00" in value:
            fields.setdefault(_name(path), [nul])
    return False, fields


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        max_depth = settings.API_MAX_JSON_DEPTH
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if limit is not None else stream.read()
        if limit is not None and len(raw) > limit:
            raise RequestTooLarge()
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = codecs.decode(raw, encoding)
        except (LookupError, UnicodeDecodeError) as error:
            raise exceptions.ParseError(_("The body is not valid %(encoding)s: %(error)s") % {
                "encoding": encoding, "error": error})
        try:
            data = json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except ValueError as error:
            raise exceptions.ParseError(_("The body is not valid JSON: %(error)s") % {"error": error})
        except RecursionError:
            raise exceptions.ParseError(_("The JSON is nested more than %(depth)d levels deep.") % {"depth": max_depth})
        too_deep, fields = refusals(data, max_depth)
        if too_deep:
            raise exceptions.ParseError(_("The JSON is nested more than %(depth)d levels deep.") % {"depth": max_depth})
        if fields:
            raise exceptions.ValidationError(fields)
        return data
