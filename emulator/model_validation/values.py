"""Values on the wire: one request's `Context` (where its violations go), the member paths messages
name (`tags[0].key`), and scalars read from JSON or from text (Query, XML, headers, URIs) as the
shape's type, each wrong one reported; `INVALID` marks a value already reported as unreadable."""

import base64
import binascii
import email.utils
import json
import re
from datetime import datetime

from .catalogue import Violation

INVALID = object()  # a value already reported as unreadable: not checked further
_INT = re.compile(r"[+-]?\d+")


def _parse_timestamp(text):
    text = text.strip()
    try:
        float(text)
        return True
    except ValueError:
        pass
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        return True
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text) is not None
    except (TypeError, ValueError, IndexError):
        return False


def describe_json(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _blob_length(text):
    """Decoded length of a base64 text, without decoding it."""
    text = text.strip()
    return len(text) * 3 // 4 - text[-2:].count("=") if text else 0


class Context:
    """One request's validation: where violations go."""
    __slots__ = ("service", "operation", "protocol", "violations")

    def __init__(self, service, operation, protocol):
        self.service, self.operation, self.protocol = service, operation, protocol
        self.violations = []

    def add(self, member, rule):
        self.violations.append(Violation(self.service, self.operation, member, rule, self.protocol))


def member_path(path, name):
    return f"{path}.{name}" if path else name


def item_path(path, i):
    return f"{path}[{i}]"


def entry_path(path, key):
    return f"{path}[{json.dumps(key)[:66]}]"


def json_scalar(ctx, kind, value, path):
    if kind == "string":
        if isinstance(value, str):
            return value
    elif kind in ("integer", "long"):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
    elif kind in ("float", "double"):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        if value in ("NaN", "Infinity", "-Infinity"):
            return float(value)
    elif kind == "boolean":
        if isinstance(value, bool):
            return value
    elif kind == "timestamp":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and _parse_timestamp(value):
            return value
    elif kind == "blob":
        if isinstance(value, str):
            return _blob_length(value)
    else:
        return value
    ctx.add(path, f"expected {_article(kind)}, got {describe_json(value)}")
    return INVALID


def text_scalar(ctx, kind, text, path):
    """A scalar written as text (Query, XML, headers, query strings, URI labels)."""
    if kind == "string":
        return text
    if kind in ("integer", "long"):
        if _INT.fullmatch(text.strip()):
            return int(text)
    elif kind in ("float", "double"):
        try:
            return float(text)
        except ValueError:
            pass
    elif kind == "boolean":
        if text.strip().lower() in ("true", "false"):
            return text.strip().lower() == "true"
    elif kind == "timestamp":
        if _parse_timestamp(text):
            return text
    elif kind == "blob":
        try:
            return len(base64.b64decode(text, validate=True))
        except (binascii.Error, ValueError):
            pass
    else:
        return text
    ctx.add(path, f"expected {_article(kind)}, got text that is not one")
    return INVALID


def _article(kind):
    names = {"integer": "an integer", "long": "an integer (long)", "float": "a number", "double": "a number",
             "boolean": "a boolean", "timestamp": "a timestamp", "blob": "base64 (a blob)", "string": "a string"}
    return names.get(kind, f"a {kind}")
