"""JSON input (the JSON protocol's body, rest-json's body or payload) read as its shape: unknown
members and wrong types reported, `null` taken as absent."""

from .shapes import wire_names
from .values import INVALID, describe_json, entry_path, item_path, json_scalar, member_path


def from_json(ctx, shape, value, path):
    """A JSON value as the shape's Python value (member names as keys), reporting
    unknown members and wrong types."""
    kind = shape.type_name
    if kind == "structure":
        if shape.is_document_type:
            return value
        if not isinstance(value, dict):
            ctx.add(path or "body", f"expected an object, got {describe_json(value)}")
            return INVALID
        wire = wire_names(shape, "json")
        out = {}
        for key, item in value.items():
            name = wire.get(key)
            if name is None:
                ctx.add(member_path(path, key), f"not a member of {shape.name}")
                continue
            if item is None:
                continue  # null is absent
            out[name] = from_json(ctx, shape.members[name], item, member_path(path, key))
        return out
    if kind == "list":
        if not isinstance(value, list):
            ctx.add(path, f"expected a list, got {describe_json(value)}")
            return INVALID
        return [from_json(ctx, shape.member, item, item_path(path, i))
                if item is not None else INVALID for i, item in enumerate(value)]
    if kind == "map":
        if not isinstance(value, dict):
            ctx.add(path, f"expected an object (a map), got {describe_json(value)}")
            return INVALID
        return {k: from_json(ctx, shape.value, v, entry_path(path, k))
                for k, v in value.items() if v is not None}
    return json_scalar(ctx, kind, value, path)
