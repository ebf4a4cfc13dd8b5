"""The API's JSON parser: DRF's, plus a bound on nesting. ``json.loads`` recurses once per level; a body
of a few thousand ``[`` raised ``RecursionError`` (a 500) and a few hundred levels would still reach the
serializers. Bad JSON is a 400 naming the body (``field: "$"``), as every other input error, saying where
(line and column) in the request's language — never Python's own English message."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.parsers import JSONParser

from sumai.domain.errors import InputError

MAX_DEPTH = 32  # the deepest body of the API (units, vacancy, rules) nests 4 levels


def depth_of(value: Any) -> int:
    """How deeply ``value`` nests lists and objects, without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            items = list(item.values())
        elif isinstance(item, list):
            items = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in items)
    return deepest


class SafeJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding) if stream is not None else ""
            data = json.loads(text, parse_constant=_no_constant)
        except RecursionError:
            raise InputError("$", _("The JSON body nests too deeply.")) from None
        except UnicodeDecodeError:
            raise InputError("$", _("The body is not text in %(charset)s.") % {"charset": encoding}) from None
        except json.JSONDecodeError as exc:
            # where, not Python's own words ("Expecting value: line 1 column 1 (char 0)", English only)
            raise InputError(
                "$",
                _("The body is not valid JSON (line %(line)d, column %(column)d).")
                % {"line": exc.lineno, "column": exc.colno},
            ) from None
        except ValueError:  # NaN, Infinity (_no_constant)
            raise InputError(
                "$", _("The body is not valid JSON: NaN and Infinity are not JSON numbers.")
            ) from None
        if depth_of(data) > MAX_DEPTH:
            raise InputError("$", _("The JSON body nests too deeply."))
        return data


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
