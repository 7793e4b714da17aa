"""Query and EC2 input read as its shape: the parameters as a tree (`Tags.member.1.Key`), lists as
`Name.member.N` (flattened `Name.N`; EC2 always `Name.N`), maps as `Name.entry.N.key/value`."""

from .shapes import serialized_name, wire_names
from .values import INVALID, entry_path, item_path, member_path, text_scalar


class Node:
    """A Query parameter tree: `Tags.member.1.Key=v` is children Tags > member > 1 > Key."""
    __slots__ = ("value", "children")

    def __init__(self):
        self.value, self.children = None, {}

    def put(self, segments, value):
        node = self
        for segment in segments:
            node = node.children.setdefault(segment, Node())
        node.value = value


def from_query(ctx, shape, node, path, protocol, top=False):
    kind = shape.type_name
    if kind == "structure":
        if node.value is not None and not node.children:
            ctx.add(path, "expected a structure, got a value")
            return INVALID
        wire = wire_names(shape, protocol)
        out = {}
        for segment, child in node.children.items():
            name = wire.get(segment)
            if name is None:
                ctx.add(member_path(path, segment), f"not a member of {shape.name}")
                continue
            out[name] = from_query(ctx, shape.members[name], child, member_path(path, name), protocol)
        return out
    if kind == "list":
        if not node.children:
            if node.value == "":
                return []  # the query protocol's empty list
            ctx.add(path, "expected a list (Name.member.N), got a value"
                    if protocol == "query" else "expected a list (Name.N), got a value")
            return INVALID
        items = node
        if protocol == "query" and not shape.serialization.get("flattened"):
            item_name = shape.member.serialization.get("name", "member")
            for segment in node.children:
                if segment != item_name:
                    ctx.add(member_path(path, segment), f"list items are {path or 'Name'}.{item_name}.N")
            items = node.children.get(item_name)
            if items is None:
                return INVALID
        return [from_query(ctx, shape.member, child, item_path(path, i - 1), protocol)
                for i, child in _numbered(ctx, items, path)]
    if kind == "map":
        entries = node
        if not shape.serialization.get("flattened"):
            for segment in node.children:
                if segment != "entry":
                    ctx.add(member_path(path, segment), f"map entries are {path or 'Name'}.entry.N.key/value")
            entries = node.children.get("entry")
            if entries is None:
                return {} if node.value == "" else INVALID
        key_name = serialized_name(shape.key, "key", protocol)
        value_name = serialized_name(shape.value, "value", protocol)
        out = {}
        for i, entry in _numbered(ctx, entries, path):
            extra = set(entry.children) - {key_name, value_name}
            for segment in sorted(extra):
                ctx.add(member_path(item_path(path, i - 1), segment), f"map entries have only {key_name} and {value_name}")
            key_node = entry.children.get(key_name)
            if key_node is None or key_node.value is None:
                ctx.add(item_path(path, i - 1), f"map entry without a {key_name}")
                continue
            value_node = entry.children.get(value_name)
            key = key_node.value
            out[key] = INVALID if value_node is None else from_query(
                ctx, shape.value, value_node, entry_path(path, key), protocol)
        return out
    if node.children:
        ctx.add(path, f"expected a {kind}, got nested members ({', '.join(sorted(node.children))})")
        return INVALID
    return text_scalar(ctx, kind, node.value or "", path)


def _numbered(ctx, node, path):
    numbered = []
    for segment, child in node.children.items():
        if not segment.isdigit() or int(segment) < 1:
            ctx.add(member_path(path, segment), "list and map indexes are numbers from 1")
            continue
        numbered.append((int(segment), child))
    numbered.sort(key=lambda pair: pair[0])
    return numbered
