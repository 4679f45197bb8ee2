#!/usr/bin/env python3
"""Report the changes between two OpenAPI 3.1 documents that break clients of the
generated TypeScript client (web/src/api/schema.d.ts, used through openapi-fetch).

    python3 scripts/openapi_breaking.py OLD.json NEW.json

Prints one line per breaking change,

    METHOD /path: location-in-the-operation [#/components/... where it is defined]: what changed

and exits 1 if there is any, 0 if there is none, 2 if a document cannot be read.

Breaking, by direction of the data:
  * the operation: a removed path or operation, a changed operationId, security added to
    an operation that could be called anonymously (or requirements the old ones don't meet);
  * what the client sends (parameters, request bodies): a new required parameter or
    property, an optional one made required, a removed one (the generated type no longer
    accepts it), a removed or newly required body, a removed content type, and any
    tightened constraint: enum value removed or enum added, type changed or narrowed, null
    no longer accepted, minLength/minimum/minItems raised, maxLength/maximum/maxItems
    lowered (or added), pattern or format added or changed, additionalProperties turned
    false, a oneOf/anyOf alternative removed;
  * what the client receives (success responses): a removed 2xx status or content type, a
    removed property, a required property made optional, a value made nullable, a type
    changed or widened, an enum widened (exhaustive switches break), a oneOf/anyOf
    alternative added.
Everything else passes: new operations, new optional parameters and properties, new or
removed error responses, descriptions, examples, looser request constraints, narrower
responses.

$refs are resolved anywhere in the document (with cycle protection); allOf is merged;
`type: [X, "null"]`, `oneOf: [X, {type: null}]` and OpenAPI 3.0's `nullable: true` all read
as a nullable X. Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from typing import Any

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
REQ = "request"
RESP = "response"

LOWER_BOUNDS = ("minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties")
UPPER_BOUNDS = ("maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties")
CONSTRAINTS = LOWER_BOUNDS + UPPER_BOUNDS + ("pattern", "format", "multipleOf", "uniqueItems")


# Keys that say something about a schema without constraining it.
ANNOTATIONS = frozenset({
    "description", "title", "summary", "default", "example", "examples", "deprecated",
    "externalDocs", "xml", "$comment", "discriminator",
})


def esc(segment: Any) -> str:
    """One JSON pointer segment."""
    return str(segment).replace("~", "~0").replace("/", "~1")


def unesc(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


def show(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


class Doc:
    """An OpenAPI document and its internal $refs."""

    def __init__(self, data: Any):
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        self.data = data

    def resolve(self, ref: str) -> Any:
        if not isinstance(ref, str) or not ref.startswith("#"):
            return None  # external references are not followed
        node: Any = self.data
        for raw in ref[1:].split("/")[1:] if ref != "#" else []:
            segment = unesc(raw)
            if isinstance(node, dict) and segment in node:
                node = node[segment]
            elif isinstance(node, list) and segment.isdigit() and int(segment) < len(node):
                node = node[int(segment)]
            else:
                return None
        return node

    def deref(self, node: Any) -> tuple[Any, str | None]:
        """Follows a chain of $refs; returns the target (with sibling keys laid over it)
        and the innermost reference, or ({}, ref) for a reference that can't be followed."""
        last: str | None = None
        seen: set[str] = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or ref in seen:
                return {}, last  # a reference cycle with nothing in it: accept anything
            seen.add(ref)
            target = self.resolve(ref)
            if target is None:
                return {"x-unresolved-ref": ref}, ref
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            node = {**target, **siblings} if siblings and isinstance(target, dict) else target
            # A $ref with constraining siblings is a schema of its own, not the component.
            last = None if any(k not in ANNOTATIONS for k in siblings) else ref
        return node, last


def ref_segments(ref: str) -> tuple[str, ...]:
    return tuple(ref[2:].split("/")) if ref.startswith("#/") else (ref,)


@dataclass(frozen=True)
class Loc:
    """Where a change is: in the operation, and in the component that defines it."""

    segs: tuple[str, ...] = ()
    comp: tuple[str, ...] | None = None

    def __truediv__(self, segment: Any) -> "Loc":
        s = esc(segment)
        return Loc(self.segs + (s,), None if self.comp is None else self.comp + (s,))

    def via(self, ref: str | None) -> "Loc":
        return self if not ref else Loc(self.segs, ref_segments(ref))

    def __str__(self) -> str:
        text = "/".join(self.segs) or "(operation)"
        if self.comp is not None:
            text += " [#/" + "/".join(self.comp) + "]"
        return text


@dataclass
class Schema:
    """A schema reduced to what the comparison needs."""

    ref: str | None = None
    types: frozenset[str] | None = None  # None: any type
    nullable: bool = False
    enum: list[Any] | None = None  # non-null values
    props: dict[str, Any] = field(default_factory=dict)  # raw property schemas
    required: set[str] = field(default_factory=set)
    items: Any = None
    addl: Any = None  # None (absent), True, False or a raw schema
    variants: list[Any] | None = None  # non-null oneOf/anyOf alternatives
    constraints: dict[str, Any] = field(default_factory=dict)
    read_only: bool = False
    write_only: bool = False
    unresolved: str | None = None  # a $ref that points nowhere: nothing to compare

    @property
    def accepts_null(self) -> bool:
        return self.nullable or (self.types is None and self.enum is None and self.variants is None)


def is_null_schema(doc: Doc, raw: Any) -> bool:
    node, _ = doc.deref(raw)
    if not isinstance(node, dict):
        return False
    t = node.get("type")
    if t == "null" or t == ["null"]:
        return True
    if "const" in node and node["const"] is None:
        return True
    return node.get("enum") == [None]


def normalize(doc: Doc, raw: Any, depth: int = 0, expanding: frozenset[str] = frozenset()) -> Schema:
    """Reduces one schema; its properties and items stay raw (compared lazily, so recursive
    schemas cost nothing here). `expanding` holds the components being merged through allOf
    or a single oneOf alternative, so a component that includes itself stops there."""
    if raw is True or raw is None or depth > 64:
        return Schema()
    if raw is False:
        return Schema(types=frozenset())
    node, ref = doc.deref(raw)
    if ref is not None and ref in expanding:
        return Schema()
    if not isinstance(node, dict):
        return Schema(ref=ref)
    if "x-unresolved-ref" in node:
        return Schema(ref=ref, unresolved=ref)
    s = Schema(ref=ref)
    inner_expanding = expanding | {ref} if ref is not None else expanding

    t = node.get("type")
    if isinstance(t, str):
        t = [t]
    if isinstance(t, list):
        ts = {x for x in t if isinstance(x, str)}
        s.nullable = "null" in ts
        ts.discard("null")
        s.types = frozenset(ts)
    if node.get("nullable") is True:
        s.nullable = True

    values: list[Any] | None = None
    if "const" in node:
        values = [node["const"]]
    elif isinstance(node.get("enum"), list):
        values = list(node["enum"])
    if values is not None:
        if None in values:
            s.nullable = True
        s.enum = [v for v in values if v is not None]

    if s.types is None:  # infer what a missing `type` implies
        if any(k in node for k in ("properties", "additionalProperties", "required")):
            s.types = frozenset({"object"})
        elif "items" in node:
            s.types = frozenset({"array"})
        elif s.enum:
            s.types = frozenset(json_type(v) for v in s.enum)

    props = node.get("properties")
    if isinstance(props, dict):
        s.props = dict(props)
    if isinstance(node.get("required"), list):
        s.required = {x for x in node["required"] if isinstance(x, str)}
    s.items = node.get("items")
    if "additionalProperties" in node:
        s.addl = node["additionalProperties"]
    s.constraints = {k: node[k] for k in CONSTRAINTS if k in node}
    s.read_only = node.get("readOnly") is True
    s.write_only = node.get("writeOnly") is True

    for part in node.get("allOf") or []:
        merge_all_of(s, normalize(doc, part, depth + 1, inner_expanding))

    alts = node.get("oneOf") or node.get("anyOf")
    if isinstance(alts, list) and alts:
        non_null = [a for a in alts if not is_null_schema(doc, a)]
        has_null = len(non_null) < len(alts)
        if len(non_null) == 1:
            inner = normalize(doc, non_null[0], depth + 1, inner_expanding)
            nullable = inner.nullable or has_null or (s.nullable and s.types is not None)
            merge_all_of(s, inner)
            s.nullable = nullable
            # `oneOf: [{$ref: X}, {type: null}]` is X, nullable; with more beside it, it isn't.
            if s.ref is None and set(node) <= ANNOTATIONS | {"oneOf", "anyOf", "nullable"}:
                s.ref = inner.ref
        else:
            s.variants = non_null
            s.nullable = s.nullable or has_null
            if not non_null:
                s.types = frozenset()
    return s


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


def merge_all_of(s: Schema, p: Schema) -> None:
    """Lays p over s as allOf does: both must hold."""
    if p.types is not None:
        if s.types is None:
            s.types, s.nullable = p.types, p.nullable
        else:
            s.types = frozenset(t for t in s.types if t in p.types or (t == "integer" and "number" in p.types))
            s.nullable = s.nullable and p.nullable
    if p.enum is not None:
        s.enum = p.enum if s.enum is None else [v for v in s.enum if v in p.enum]
    for name, prop in p.props.items():
        s.props.setdefault(name, prop)
    s.required |= p.required
    if s.items is None:
        s.items = p.items
    if p.addl is False or s.addl is None:
        s.addl = p.addl if p.addl is not None else s.addl
    if s.variants is None:
        s.variants = p.variants
    for key, value in p.constraints.items():
        old = s.constraints.get(key)
        if old is None or not is_number(value) or not is_number(old):
            s.constraints[key] = value
        elif key in LOWER_BOUNDS:
            s.constraints[key] = max(old, value)
        elif key in UPPER_BOUNDS:
            s.constraints[key] = min(old, value)
    s.read_only = s.read_only or p.read_only
    s.write_only = s.write_only or p.write_only


def subset(a: frozenset[str], b: frozenset[str]) -> bool:
    return all(t in b or (t == "integer" and "number" in b) for t in a)


def show_types(types: frozenset[str] | None, nullable: bool = False) -> str:
    if types is None:
        return "any"
    names = sorted(types) + (["null"] if nullable else [])
    return "|".join(names) if names else "nothing"


def is_success(status: str) -> bool:
    return str(status).upper().startswith("2")


class Checker:
    def __init__(self, old: Any, new: Any):
        self.old = Doc(old)
        self.new = Doc(new)
        self.found: dict[str, None] = {}
        self.warnings: dict[str, None] = {}
        self.op = ""
        self.visited: set[tuple[Any, ...]] = set()

    def report(self, loc: Loc, message: str) -> None:
        self.found.setdefault(f"{self.op}: {loc}: {message}", None)

    def warn(self, message: str) -> None:
        self.warnings.setdefault(message, None)

    # ---- documents and operations ---------------------------------------------------

    def run(self) -> list[str]:
        old_paths = self.old.data.get("paths") or {}
        new_paths = self.new.data.get("paths") or {}
        for path, old_item_raw in old_paths.items():
            old_item, _ = self.old.deref(old_item_raw)
            if not isinstance(old_item, dict):
                continue
            new_item = None
            if path in new_paths:
                new_item, _ = self.new.deref(new_paths[path])
            for method in METHODS:
                if method not in old_item:
                    continue
                self.op = f"{method.upper()} {path}"
                self.visited = set()
                if not isinstance(new_item, dict):
                    self.report(Loc(), "path removed")
                elif method not in new_item:
                    self.report(Loc(), "operation removed")
                else:
                    self.operation(old_item, old_item[method], new_item, new_item[method])
        return list(self.found)

    def operation(self, old_item: dict, old: dict, new_item: dict, new: dict) -> None:
        old_id, new_id = old.get("operationId"), new.get("operationId")
        if old_id is not None and old_id != new_id:
            self.report(Loc(("operationId",)), f"operationId changed from {show(old_id)} to {show(new_id)}")
        self.security(old, new)
        self.parameters(old_item, old, new_item, new)
        self.request_body(old.get("requestBody"), new.get("requestBody"))
        self.responses(old.get("responses") or {}, new.get("responses") or {})

    def security(self, old: dict, new: dict) -> None:
        def effective(doc: Doc, op: dict) -> list[dict]:
            sec = op["security"] if "security" in op else doc.data.get("security")
            return [r for r in sec if isinstance(r, dict)] if isinstance(sec, list) else []

        def anonymous(reqs: list[dict]) -> bool:
            return not reqs or any(not r for r in reqs)

        old_reqs, new_reqs = effective(self.old, old), effective(self.new, new)
        loc = Loc(("security",))
        if anonymous(new_reqs):
            return
        needed = " or ".join("+".join(sorted(r)) for r in new_reqs)
        if anonymous(old_reqs):
            self.report(loc, f"security added to an operation that had none: now needs {needed}")
        elif not any(set(n) <= set(o) for n in new_reqs for o in old_reqs):
            was = " or ".join("+".join(sorted(r)) for r in old_reqs)
            self.report(loc, f"security changed from {was} to {needed}")

    def parameters(self, old_item: dict, old: dict, new_item: dict, new: dict) -> None:
        def collect(doc: Doc, item: dict, op: dict) -> dict[tuple[str, str], dict]:
            out: dict[tuple[str, str], dict] = {}
            for raw in list(item.get("parameters") or []) + list(op.get("parameters") or []):
                p, _ = doc.deref(raw)
                if isinstance(p, dict) and "name" in p and "in" in p:
                    out[(str(p["in"]), str(p["name"]))] = p
            return out

        def required(p: dict) -> bool:
            return p.get("required") is True or p.get("in") == "path"

        def schema_of(p: dict) -> Any:
            if "schema" in p:
                return p["schema"]
            for media in (p.get("content") or {}).values():
                if isinstance(media, dict) and "schema" in media:
                    return media["schema"]
            return None

        olds, news = collect(self.old, old_item, old), collect(self.new, new_item, new)
        for key, np in news.items():
            loc = Loc(("parameters", key[0], esc(key[1])))
            op = olds.get(key)
            if op is None:
                if required(np):
                    self.report(loc, f"new required {key[0]} parameter {show(key[1])}")
                continue
            if required(np) and not required(op):
                self.report(loc / "required", f"{key[0]} parameter {show(key[1])} made required")
            self.schema(schema_of(op), schema_of(np), REQ, loc / "schema")
        for key in olds:
            if key not in news:
                self.report(
                    Loc(("parameters", key[0], esc(key[1]))),
                    f"{key[0]} parameter {show(key[1])} removed (the generated type no longer accepts it)",
                )

    def request_body(self, old_raw: Any, new_raw: Any) -> None:
        old, old_ref = self.old.deref(old_raw) if old_raw is not None else (None, None)
        new, new_ref = self.new.deref(new_raw) if new_raw is not None else (None, None)
        loc = Loc(("requestBody",)).via(new_ref or old_ref)
        if not isinstance(new, dict):
            if isinstance(old, dict):
                self.report(loc, "request body removed (the generated type no longer accepts one)")
            return
        if not isinstance(old, dict):
            if new.get("required") is True:
                self.report(loc, "new required request body")
            return
        if new.get("required") is True and old.get("required") is not True:
            self.report(loc / "required", "request body made required")
        old_content, new_content = old.get("content") or {}, new.get("content") or {}
        for media, old_media in old_content.items():
            mloc = loc / "content" / media
            if media not in new_content:
                self.report(mloc, f"request content type {media} no longer accepted")
                continue
            self.schema(
                (old_media or {}).get("schema"), (new_content[media] or {}).get("schema"), REQ, mloc / "schema"
            )

    def responses(self, old: dict, new: dict) -> None:
        for status, old_raw in old.items():
            if not is_success(status):
                continue
            loc = Loc(("responses", str(status)))
            if status not in new:
                self.report(loc, f"success response {status} removed")
                continue
            old_resp, _ = self.old.deref(old_raw)
            new_resp, new_ref = self.new.deref(new[status])
            loc = loc.via(new_ref)
            old_content = (old_resp or {}).get("content") or {} if isinstance(old_resp, dict) else {}
            new_content = (new_resp or {}).get("content") or {} if isinstance(new_resp, dict) else {}
            for media, old_media in old_content.items():
                mloc = loc / "content" / media
                if media not in new_content:
                    now = ", ".join(new_content) or "no body"
                    self.report(mloc, f"response {status} content type {media} removed (now {now})")
                    continue
                self.schema(
                    (old_media or {}).get("schema"), (new_content[media] or {}).get("schema"), RESP, mloc / "schema"
                )

    # ---- schemas --------------------------------------------------------------------

    def schema(self, old_raw: Any, new_raw: Any, mode: str, loc: Loc) -> None:
        if old_raw is None and new_raw is None:
            return
        o = normalize(self.old, old_raw)
        n = normalize(self.new, new_raw)
        if o.unresolved or n.unresolved:
            side = "old" if o.unresolved else "new"
            self.warn(f"{self.op}: {loc}: $ref {o.unresolved or n.unresolved} of the {side} document "
                      "points nowhere; not compared")
            return
        loc = loc.via(n.ref or o.ref)
        # Nullability belongs to the use (`oneOf: [{$ref: X}, {type: null}]`), not to X.
        self.nulls(o, n, mode, loc)
        if o.ref or n.ref:
            key = (o.ref, n.ref, mode)
            if key in self.visited:
                return  # already compared in this operation (or a cycle)
            self.visited.add(key)

        if o.variants is not None or n.variants is not None:
            self.variants(o, old_raw, n, new_raw, mode, loc)
        else:
            self.types(o, n, mode, loc)
        self.enums(o, n, mode, loc)
        if mode == REQ:
            self.constraints(o, n, loc)
        self.objects(o, n, mode, loc)
        if o.items is not None or n.items is not None:
            if (o.types is None or "array" in o.types) and (n.types is None or "array" in n.types):
                self.schema(o.items if o.items is not None else {}, n.items if n.items is not None else {},
                            mode, loc / "items")

    def types(self, o: Schema, n: Schema, mode: str, loc: Loc) -> None:
        where = loc / "type"
        if mode == REQ:
            if o.types is None and n.types is not None:
                self.report(where, f"type restricted to {show_types(n.types)} (any value was accepted)")
            elif o.types is not None and n.types is not None and not subset(o.types, n.types):
                self.report(where, f"type changed from {show_types(o.types)} to {show_types(n.types)}")
        else:
            if n.types is None and o.types is not None:
                self.report(where, f"type {show_types(o.types)} is now unconstrained")
            elif o.types is not None and n.types is not None and not subset(n.types, o.types):
                self.report(where, f"type changed from {show_types(o.types)} to {show_types(n.types)}")

    def nulls(self, o: Schema, n: Schema, mode: str, loc: Loc) -> None:
        if mode == REQ:
            if o.accepts_null and not n.accepts_null and o.types is not None:
                self.report(loc / "type", "null no longer accepted")
        elif n.nullable and not o.accepts_null:
            self.report(loc / "type", "made nullable (was never null)")

    def enums(self, o: Schema, n: Schema, mode: str, loc: Loc) -> None:
        where = loc / "enum"
        if mode == REQ:
            if o.enum is None and n.enum is not None:
                self.report(where, f"values restricted to enum {show(n.enum)}")
            elif o.enum is not None and n.enum is not None:
                gone = [v for v in o.enum if v not in n.enum]
                if gone:
                    self.report(where, f"enum value(s) {show(gone)} removed")
        else:
            if n.enum is None and o.enum is not None and n.variants is None:
                self.report(where, f"no longer restricted to enum {show(o.enum)} (exhaustive clients break)")
            elif o.enum is not None and n.enum is not None:
                added = [v for v in n.enum if v not in o.enum]
                if added:
                    self.report(where, f"enum widened with {show(added)} (exhaustive clients break)")

    def constraints(self, o: Schema, n: Schema, loc: Loc) -> None:
        oc, nc = o.constraints, n.constraints
        for key in LOWER_BOUNDS + UPPER_BOUNDS:
            if key not in nc or not is_number(nc[key]):
                continue
            lower = key in LOWER_BOUNDS
            if key not in oc or not is_number(oc[key]):
                self.report(loc / key, f"{key} {show(nc[key])} added")
            elif (nc[key] > oc[key]) if lower else (nc[key] < oc[key]):
                verb = "raised" if lower else "lowered"
                self.report(loc / key, f"{key} {verb} from {show(oc[key])} to {show(nc[key])}")
        if "pattern" in nc and nc["pattern"] != oc.get("pattern"):
            self.report(loc / "pattern", f"pattern changed from {show(oc['pattern'])} to {show(nc['pattern'])}"
                        if "pattern" in oc else f"pattern {show(nc['pattern'])} added")
        if "format" in nc and nc["format"] != oc.get("format"):
            if "format" in oc:
                self.report(loc / "format", f"format changed from {show(oc['format'])} to {show(nc['format'])}")
            elif n.types and "string" in n.types:
                self.report(loc / "format", f"format {show(nc['format'])} added")
        if "multipleOf" in nc and nc["multipleOf"] != oc.get("multipleOf"):
            self.report(loc / "multipleOf", f"multipleOf {show(nc['multipleOf'])} "
                        + (f"(was {show(oc['multipleOf'])})" if "multipleOf" in oc else "added"))
        if nc.get("uniqueItems") is True and oc.get("uniqueItems") is not True:
            self.report(loc / "uniqueItems", "uniqueItems added")

    def objects(self, o: Schema, n: Schema, mode: str, loc: Loc) -> None:
        if not (o.props or n.props or o.required or n.required or o.addl is not None or n.addl is not None):
            return
        props = loc / "properties"
        if mode == REQ:
            for name in sorted(n.required - o.required):
                prop = normalize(self.new, n.props.get(name))
                if prop.read_only:
                    continue
                if name in o.props:
                    self.report(props / name, f"property {show(name)} made required")
                else:
                    self.report(props / name, f"new required property {show(name)}")
            for name, old_prop in o.props.items():
                if normalize(self.old, old_prop).read_only:
                    continue
                if name not in n.props:
                    why = ("additionalProperties is false: sending it is rejected" if n.addl is False
                           else "the generated type no longer accepts it")
                    self.report(props / name, f"property {show(name)} removed ({why})")
                else:
                    self.schema(old_prop, n.props[name], REQ, props / name)
            if n.addl is False and o.addl is not False:
                self.report(loc / "additionalProperties", "additionalProperties turned false")
            elif isinstance(n.addl, dict) and o.addl is not False:
                self.schema(o.addl if isinstance(o.addl, dict) else {}, n.addl, REQ, loc / "additionalProperties")
        else:
            for name, old_prop in o.props.items():
                if normalize(self.old, old_prop).write_only:
                    continue
                if name not in n.props:
                    self.report(props / name, f"response property {show(name)} removed")
                    continue
                if name in o.required and name not in n.required:
                    self.report(props / name, f"response property {show(name)} made optional")
                self.schema(old_prop, n.props[name], RESP, props / name)
            if isinstance(o.addl, dict) and isinstance(n.addl, dict):
                self.schema(o.addl, n.addl, RESP, loc / "additionalProperties")

    def variant_key(self, doc: Doc, raw: Any, seen: dict[str, int]) -> str:
        if isinstance(raw, dict) and isinstance(raw.get("$ref"), str):
            return raw["$ref"].rsplit("/", 1)[-1]
        s = normalize(doc, raw)
        for name in sorted(s.required):
            p = normalize(doc, s.props.get(name))
            if p.enum is not None and len(p.enum) == 1:
                return f"{name}={show(p.enum[0])}"
        if s.enum is not None and len(s.enum) == 1:
            return f"const={show(s.enum[0])}"
        base = show_types(s.types)
        seen[base] = seen.get(base, 0) + 1
        return base if seen[base] == 1 else f"{base}#{seen[base]}"

    def variants(self, o: Schema, old_raw: Any, n: Schema, new_raw: Any, mode: str, loc: Loc) -> None:
        def keyed(doc: Doc, s: Schema, raw: Any) -> dict[str, Any]:
            seen: dict[str, int] = {}
            alts = s.variants if s.variants is not None else [raw]
            return {self.variant_key(doc, a, seen): a for a in alts}

        # Alternatives are matched by $ref name, by a required single-valued (tag) property,
        # else by type. A side that is no union is one alternative; an unmatched alternative
        # is compared with it (a union folded into one schema may still accept every value).
        ov, nv = keyed(self.old, o, old_raw), keyed(self.new, n, new_raw)
        if mode == REQ:
            where = loc / ("oneOf" if n.variants is not None else "type")
            for key, alt in ov.items():
                if key in nv:
                    self.schema(alt, nv[key], REQ, where / key if n.variants is not None else loc)
                elif n.variants is None:
                    self.schema(alt, new_raw, REQ, loc)
                else:
                    self.report(where / key, f"alternative {key} no longer accepted")
        else:
            where = loc / ("oneOf" if n.variants is not None else "type")
            for key, alt in nv.items():
                if key in ov:
                    self.schema(ov[key], alt, RESP, loc / "oneOf" / key if o.variants is not None else loc)
                elif o.variants is None:
                    self.schema(old_raw, alt, RESP, loc)
                else:
                    self.report(where / key, f"alternative {key} added (exhaustive clients break)")


def compare(old: Any, new: Any, warnings: list[str] | None = None) -> list[str]:
    """The breaking changes from document old to document new, one line each; what could not
    be compared is appended to warnings."""
    checker = Checker(old, new)
    lines = checker.run()
    if warnings is not None:
        warnings.extend(checker.warnings)
    return lines


def load(path: str) -> Any:
    if path == "-":
        return json.load(sys.stdin)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", help="the OpenAPI document clients were generated from ('-': stdin)")
    parser.add_argument("new", help="the changed OpenAPI document")
    args = parser.parse_args(argv)
    try:
        old, new = load(args.old), load(args.new)
        warnings: list[str] = []
        lines = compare(old, new, warnings)
    except (OSError, ValueError) as e:
        print(f"openapi_breaking: {e}", file=sys.stderr)
        return 2
    for warning in warnings:
        print(f"openapi_breaking: warning: {warning}", file=sys.stderr)
    for line in lines:
        print(line)
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
