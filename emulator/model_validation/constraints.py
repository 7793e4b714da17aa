"""The model's constraints on a decoded input: required members, unions (exactly one member set),
`min`/`max` (string length, list and map counts, blob size, number range), `enum` and `pattern`.
Values are echoed in messages only for enum and pattern violations, never for a member the model
marks `sensitive` (or inside one) nor one named like a secret."""

import json
import re

from .values import INVALID, entry_path, item_path, member_path

_SECRET_NAME = re.compile(r"secret|password|passwd|token|credential|privatekey", re.I)


def check(ctx, shape, value, path, sensitive, compile_pattern):
    """The model's constraints on a decoded value (member names as keys); `compile_pattern(pattern)`
    is the model pattern as a compiled regex, or None when it cannot be checked."""
    if value is INVALID:
        return
    kind = shape.type_name
    meta = shape.metadata
    sensitive = sensitive or meta.get("sensitive", False)
    if kind == "structure":
        if shape.is_document_type or not isinstance(value, dict):
            return
        for name in shape.required_members:
            if value.get(name) is None:
                ctx.add(member_path(path, name), "required member is missing")
        if meta.get("union"):
            present = [k for k, v in value.items() if v is not None]
            if len(present) != 1:
                ctx.add(path or "body", f"{shape.name} is a union: {len(present)} members set"
                                        f"{' (' + ', '.join(present) + ')' if present else ''}, "
                                        "AWS takes exactly one")
        members = shape.members
        for name, item in value.items():
            check(ctx, members[name], item, member_path(path, name), sensitive or bool(
                _SECRET_NAME.search(name)), compile_pattern)
        return
    if kind == "list":
        if not isinstance(value, list):
            return
        _count(ctx, meta, len(value), path, "item")
        for i, item in enumerate(value):
            check(ctx, shape.member, item, item_path(path, i), sensitive, compile_pattern)
        return
    if kind == "map":
        if not isinstance(value, dict):
            return
        _count(ctx, meta, len(value), path, "entry")
        for key, item in value.items():
            check(ctx, shape.key, key, f"{path} (key {json.dumps(key)[:66]})", sensitive, compile_pattern)
            check(ctx, shape.value, item, entry_path(path, key), sensitive, compile_pattern)
        return
    if kind == "string":
        if not isinstance(value, str):
            return
        _length(ctx, meta, len(value), path)
        enum = meta.get("enum")
        if enum and value not in enum:
            shown = ", ".join(enum[:12]) + (f", ... ({len(enum)} values)" if len(enum) > 12 else "")
            ctx.add(path, f"{_shown(value, sensitive)} is not one of the model's enum values ({shown})")
        pattern = meta.get("pattern")
        if pattern:
            compiled = compile_pattern(pattern)
            if compiled is not None and compiled.fullmatch(value) is None:
                ctx.add(path, f"{_shown(value, sensitive)} does not match the model's pattern {pattern}")
        return
    if kind == "blob":
        if isinstance(value, int):
            _length(ctx, meta, value, path, unit="bytes ")
        return
    if kind in ("integer", "long", "float", "double"):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if "min" in meta and value < meta["min"]:
                ctx.add(path, f"value {value} is under the model's min {meta['min']}")
            if "max" in meta and value > meta["max"]:
                ctx.add(path, f"value {value} is over the model's max {meta['max']}")


def _shown(value, sensitive):
    if sensitive:
        return "the value (sensitive, not shown)"
    return json.dumps(value if len(value) <= 64 else value[:64] + "...")


def _length(ctx, meta, length, path, unit=""):
    if "min" in meta and length < meta["min"]:
        ctx.add(path, f"length {length} {unit}is under the model's min {meta['min']}")
    if "max" in meta and length > meta["max"]:
        ctx.add(path, f"length {length} {unit}is over the model's max {meta['max']}")


def _count(ctx, meta, count, path, noun):
    plural = f"{count} {noun if count == 1 else ('entries' if noun == 'entry' else noun + 's')}"
    if "min" in meta and count < meta["min"]:
        ctx.add(path, f"{plural} are under the model's min {meta['min']}")
    if "max" in meta and count > meta["max"]:
        ctx.add(path, f"{plural} are over the model's max {meta['max']}")
