"""REST input (rest-json, rest-xml) read as its shape: members from their `location` (URI labels,
query string, headers, a headers prefix) and the rest from the body (JSON, XML, or the payload
member). Blob and string payloads (S3 PutObject) are not read."""

import json
from urllib.parse import unquote
from xml.etree import ElementTree

from .json_input import from_json
from .shapes import body_view, local, wire_names
from .values import INVALID, entry_path, item_path, member_path, text_scalar


def from_rest(ctx, model, route, labels, query, headers, body):
    """The input of a REST request matched to `route`, as its shape (member names as keys), or None
    when the operation takes none (a query parameter is then reported)."""
    shape = route.op.input_shape
    literal_keys = {k for k, _ in route.literals} | {"x-id"}
    if shape is None:
        for key in query:
            if key not in literal_keys and not key.lower().startswith("x-amz-"):
                ctx.add(f"?{key}", f"not a query parameter of {route.op.name}")
        return None
    value = {}
    consumed = set(literal_keys)
    query_map = None
    payload = shape.serialization.get("payload")
    body_members = []
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        wire = member.serialization.get("name", name)
        if location == "uri":
            raw = labels.get(wire)
            if raw is not None:
                value[name] = text_scalar(ctx, member.type_name, unquote(raw), name)
        elif location == "querystring":
            if member.type_name == "map":
                query_map = (name, member)
                continue
            consumed.add(wire)
            if wire in query:
                if member.type_name == "list":
                    value[name] = [text_scalar(ctx, member.member.type_name, v, item_path(name, i))
                                   for i, v in enumerate(query[wire])]
                else:
                    value[name] = text_scalar(ctx, member.type_name, query[wire][-1], name)
        elif location == "header":
            raw = headers.get(wire.lower())
            if raw is not None:
                if member.type_name == "list":
                    value[name] = [text_scalar(ctx, member.member.type_name, v.strip().strip('"'),
                                               item_path(name, i)) for i, v in enumerate(raw.split(","))]
                elif member.serialization.get("jsonvalue"):
                    value[name] = raw
                else:
                    value[name] = text_scalar(ctx, member.type_name, raw, name)
        elif location == "headers":
            prefix = wire.lower()
            found = {k[len(prefix):]: v for k, v in headers.items() if k.startswith(prefix)}
            if found:
                value[name] = found
        elif location == "statusCode":
            continue
        else:
            body_members.append(name)
    for key, values in query.items():
        if key in consumed or key.lower().startswith("x-amz-"):
            continue
        if query_map is not None:
            value.setdefault(query_map[0], {})[key] = values[-1]
        else:
            ctx.add(f"?{key}", f"not a query parameter of {route.op.name}")
    if payload is not None:
        member = shape.members[payload]
        if member.type_name in ("blob", "string") or member.serialization.get("streaming"):
            if body:
                value[payload] = ""  # present; not read (a blob or stream)
        elif body and body.strip():
            parsed = _rest_body(ctx, model, member, body, payload,
                                member.serialization.get("name", payload))
            if parsed is not INVALID:
                value[payload] = parsed
    elif body and body.strip() and (body_members or model.protocol == "rest-json"):
        # With no body members, AWS reads no body: what is in one is lost (`{}` is fine).
        parsed = _rest_body(ctx, model, shape, body, "", shape.serialization.get("name"))
        if isinstance(parsed, dict):
            value.update(parsed)
    return value


def _rest_body(ctx, model, shape, body, path, root_name):
    """The JSON or XML body as `shape` (a structure: the payload member's or the input's)."""
    if model.protocol == "rest-json":
        try:
            document = json.loads(body)
        except ValueError:
            ctx.add(path or "body", "is not JSON")
            return INVALID
        if shape is not None and not path:
            # The input's body: only the members without a location belong in it.
            return from_json(ctx, body_view(shape), document, "")
        return from_json(ctx, shape, document, path)
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        ctx.add(path or "body", "is not well-formed XML")
        return INVALID
    tag = local(root.tag)
    if root_name and tag != root_name:
        ctx.add(path or "body", f"the root element is <{tag}>, the model's is <{root_name}>")
        return INVALID
    view = shape if path else body_view(shape)
    return _from_xml(ctx, view, root, path)


def _from_xml(ctx, shape, element, path):
    kind = shape.type_name
    children = list(element)
    if kind == "structure":
        wire = wire_names(shape, "rest-xml")
        out = {}
        for name, member in shape.members.items():
            if member.serialization.get("xmlAttribute"):
                attribute = member.serialization.get("name", name).split(":")[-1]
                for key, text in element.attrib.items():
                    if local(key) == attribute:
                        out[name] = text_scalar(ctx, member.type_name, text, member_path(path, name))
        grouped = {}
        for child in children:
            grouped.setdefault(local(child.tag), []).append(child)
        for tag, elements in grouped.items():
            name = wire.get(tag)
            if name is None:
                ctx.add(member_path(path, tag), f"not a member of {shape.name}")
                continue
            member = shape.members[name]
            where = member_path(path, name)
            if member.type_name == "list" and member.serialization.get("flattened"):
                out[name] = [_from_xml(ctx, member.member, e, item_path(where, i))
                             for i, e in enumerate(elements)]
            elif member.type_name == "map" and member.serialization.get("flattened"):
                out[name] = _xml_entries(ctx, member, elements, where)
            else:
                if len(elements) > 1:
                    ctx.add(where, f"appears {len(elements)} times")
                out[name] = _from_xml(ctx, member, elements[-1], where)
        return out
    if kind == "list":
        item_name = shape.member.serialization.get("name", "member")
        items = []
        for i, child in enumerate(children):
            if local(child.tag) != item_name:
                ctx.add(member_path(path, local(child.tag)), f"list items are <{item_name}>")
                continue
            items.append(_from_xml(ctx, shape.member, child, item_path(path, len(items))))
        return items
    if kind == "map":
        for child in children:
            if local(child.tag) != "entry":
                ctx.add(member_path(path, local(child.tag)), "map entries are <entry>")
        return _xml_entries(ctx, shape, [c for c in children if local(c.tag) == "entry"], path)
    if children:
        ctx.add(path, f"expected a {kind}, got nested elements")
        return INVALID
    return text_scalar(ctx, kind, element.text or "", path)


def _xml_entries(ctx, shape, entries, path):
    key_name = shape.key.serialization.get("name", "key")
    value_name = shape.value.serialization.get("name", "value")
    out = {}
    for entry in entries:
        parts = {local(c.tag): c for c in entry}
        if key_name not in parts:
            ctx.add(path, f"map entry without <{key_name}>")
            continue
        key = parts[key_name].text or ""
        out[key] = _from_xml(ctx, shape.value, parts[value_name], entry_path(path, key)) \
            if value_name in parts else INVALID
    return out
