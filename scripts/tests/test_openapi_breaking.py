"""Tests for scripts/openapi_breaking.py: python3 -m unittest discover -s scripts/tests"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import sys
import tempfile
import unittest
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[1]
ROOT = SCRIPTS.parent
sys.path.insert(0, str(SCRIPTS))

import openapi_breaking as ob  # noqa: E402


def ok(description: str = "ok", schema: dict | None = None, media: str = "application/json") -> dict:
    response: dict = {"description": description}
    if schema is not None:
        response["content"] = {media: {"schema": schema}}
    return response


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def document(paths: dict | None = None, schemas: dict | None = None, **extra) -> dict:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": paths or {},
        "components": {
            "schemas": schemas or {},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
    doc.update(extra)
    return doc


def with_body(schema: dict, schemas: dict | None = None, required: bool = True) -> dict:
    """POST /items taking schema as its JSON body."""
    return document(
        {
            "/items": {
                "post": {
                    "operationId": "create_item",
                    "requestBody": {"content": {"application/json": {"schema": schema}}, "required": required},
                    "responses": {"201": ok("created")},
                }
            }
        },
        schemas,
    )


def with_response(schema: dict, schemas: dict | None = None) -> dict:
    """GET /items answering schema as its JSON body."""
    return document(
        {"/items": {"get": {"operationId": "list_items", "responses": {"200": ok("ok", schema)}}}}, schemas
    )


def with_param(*params: dict) -> dict:
    return document(
        {"/items": {"get": {"operationId": "list_items", "parameters": list(params), "responses": {"200": ok()}}}}
    )


def query(name: str, schema: dict | None = None, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema or {"type": "string"}}


OBJ = {
    "type": "object",
    "required": ["id", "title"],
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string", "minLength": 1, "maxLength": 200},
        "note": {"type": ["string", "null"]},
    },
}


def obj(**changes) -> dict:
    """OBJ with properties replaced (None: removed) and `required` overridden."""
    o = copy.deepcopy(OBJ)
    for name, value in changes.items():
        if name == "required":
            o["required"] = value
        elif name == "additionalProperties":
            o["additionalProperties"] = value
        elif value is None:
            o["properties"].pop(name)
        else:
            o["properties"][name] = value
    return o


class Case(unittest.TestCase):
    def breaks(self, old: dict, new: dict, *fragments: str) -> list[str]:
        lines = ob.compare(old, new)
        self.assertTrue(lines, "expected a breaking change, found none")
        text = "\n".join(lines)
        for fragment in fragments:
            self.assertIn(fragment, text)
        return lines

    def passes(self, old: dict, new: dict) -> None:
        self.assertEqual(ob.compare(old, new), [])


class Operations(Case):
    def test_identical(self):
        d = with_body(OBJ)
        self.passes(d, copy.deepcopy(d))

    def test_path_removed(self):
        old = with_response({"type": "string"})
        new = document({"/other": old["paths"]["/items"]})
        self.breaks(old, new, "GET /items: (operation): path removed")

    def test_new_path_and_operation_pass(self):
        old = with_response({"type": "string"})
        new = copy.deepcopy(old)
        new["paths"]["/other"] = copy.deepcopy(old["paths"]["/items"])
        new["paths"]["/items"]["delete"] = {"operationId": "drop", "responses": {"204": ok()}}
        self.passes(old, new)

    def test_operation_removed(self):
        old = with_response({"type": "string"})
        old["paths"]["/items"]["delete"] = {"operationId": "drop", "responses": {"204": ok()}}
        new = with_response({"type": "string"})
        lines = self.breaks(old, new, "DELETE /items: (operation): operation removed")
        self.assertEqual(len(lines), 1)

    def test_operation_id_changed(self):
        old = with_response({"type": "string"})
        new = copy.deepcopy(old)
        new["paths"]["/items"]["get"]["operationId"] = "get_items"
        self.breaks(old, new, "GET /items: operationId", '"list_items" to "get_items"')

    def test_descriptions_and_summaries_pass(self):
        old = with_body(OBJ)
        new = copy.deepcopy(old)
        new["paths"]["/items"]["post"]["summary"] = "Create an item"
        new["paths"]["/items"]["post"]["requestBody"]["description"] = "An item"
        new["paths"]["/items"]["post"]["responses"]["201"]["description"] = "Made"
        new["paths"]["/items"]["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"][
            "title"
        ]["description"] = "The title"
        self.passes(old, new)


class Security(Case):
    def test_security_added(self):
        old = with_response({"type": "string"})
        new = copy.deepcopy(old)
        new["paths"]["/items"]["get"]["security"] = [{"bearer": []}]
        self.breaks(old, new, "GET /items: security: security added")

    def test_optional_security_made_mandatory(self):
        old = with_response({"type": "string"})
        old["paths"]["/items"]["get"]["security"] = [{}, {"bearer": []}]
        new = copy.deepcopy(old)
        new["paths"]["/items"]["get"]["security"] = [{"bearer": []}]
        self.breaks(old, new, "security added")

    def test_document_level_security_added(self):
        old = with_response({"type": "string"})
        new = copy.deepcopy(old)
        new["security"] = [{"bearer": []}]
        self.breaks(old, new, "security added")

    def test_security_removed_or_made_optional_passes(self):
        old = with_response({"type": "string"})
        old["paths"]["/items"]["get"]["security"] = [{"bearer": []}]
        optional = copy.deepcopy(old)
        optional["paths"]["/items"]["get"]["security"] = [{}, {"bearer": []}]
        self.passes(old, optional)
        self.passes(old, with_response({"type": "string"}))


class Parameters(Case):
    def test_new_required_parameter(self):
        self.breaks(with_param(), with_param(query("q", required=True)), "parameters/query/q", "new required")

    def test_new_optional_parameter_passes(self):
        self.passes(with_param(), with_param(query("q")))

    def test_parameter_made_required(self):
        self.breaks(with_param(query("q")), with_param(query("q", required=True)), "made required")

    def test_parameter_made_optional_passes(self):
        self.passes(with_param(query("q", required=True)), with_param(query("q")))

    def test_parameter_removed(self):
        self.breaks(with_param(query("q")), with_param(), "parameters/query/q", "removed")

    def test_parameter_maximum_lowered(self):
        old = with_param(query("limit", {"type": "integer", "minimum": 1, "maximum": 100}))
        new = with_param(query("limit", {"type": "integer", "minimum": 1, "maximum": 50}))
        self.breaks(old, new, "parameters/query/limit/schema/maximum", "lowered from 100 to 50")
        self.passes(new, old)

    def test_parameter_minimum_raised(self):
        old = with_param(query("limit", {"type": "integer", "minimum": 1}))
        new = with_param(query("limit", {"type": "integer", "minimum": 5}))
        self.breaks(old, new, "minimum raised from 1 to 5")
        self.passes(new, old)

    def test_path_level_parameters_count(self):
        old = with_param()
        new = copy.deepcopy(old)
        new["paths"]["/items"]["parameters"] = [query("tenant", required=True)]
        self.breaks(old, new, "new required query parameter")


class RequestBodies(Case):
    def test_new_required_property(self):
        new = obj(colour={"type": "string"}, required=["id", "title", "colour"])
        self.breaks(with_body(OBJ), with_body(new), "properties/colour", 'new required property "colour"')

    def test_new_optional_property_passes(self):
        self.passes(with_body(OBJ), with_body(obj(colour={"type": "string"})))

    def test_property_made_required(self):
        new = obj(required=["id", "title", "note"])
        self.breaks(with_body(OBJ), with_body(new), 'property "note" made required')

    def test_property_made_optional_passes(self):
        self.passes(with_body(OBJ), with_body(obj(required=["id"])))

    def test_property_removed(self):
        self.breaks(with_body(OBJ), with_body(obj(note=None)), 'property "note" removed')

    def test_enum_value_removed(self):
        old = with_body(obj(kind={"type": "string", "enum": ["a", "b"]}))
        new = with_body(obj(kind={"type": "string", "enum": ["a"]}))
        self.breaks(old, new, "properties/kind/enum", '["b"] removed')
        self.passes(new, old)  # a new accepted value is fine

    def test_enum_added(self):
        old = with_body(obj(kind={"type": "string"}))
        new = with_body(obj(kind={"type": "string", "enum": ["a"]}))
        self.breaks(old, new, "restricted to enum")

    def test_min_length_raised(self):
        new = with_body(obj(title={"type": "string", "minLength": 3, "maxLength": 200}))
        self.breaks(with_body(OBJ), new, "properties/title/minLength", "raised from 1 to 3")
        self.passes(new, with_body(OBJ))

    def test_max_length_lowered(self):
        new = with_body(obj(title={"type": "string", "minLength": 1, "maxLength": 100}))
        self.breaks(with_body(OBJ), new, "properties/title/maxLength", "lowered from 200 to 100")
        self.passes(new, with_body(OBJ))

    def test_max_length_added(self):
        old = with_body(obj(note={"type": ["string", "null"]}))
        new = with_body(obj(note={"type": ["string", "null"], "maxLength": 10}))
        self.breaks(old, new, "maxLength 10 added")

    def test_pattern_added_changed_removed(self):
        plain = with_body(obj(slug={"type": "string"}))
        slug = with_body(obj(slug={"type": "string", "pattern": "^[a-z]+$"}))
        other = with_body(obj(slug={"type": "string", "pattern": "^[a-z0-9]+$"}))
        self.breaks(plain, slug, "properties/slug/pattern", "added")
        self.breaks(slug, other, "pattern changed")
        self.passes(slug, plain)

    def test_type_changed(self):
        new = with_body(obj(id={"type": "string"}))
        self.breaks(with_body(OBJ), new, "properties/id/type", "type changed from integer to string")

    def test_type_widened_passes(self):
        self.passes(with_body(OBJ), with_body(obj(id={"type": "number"})))
        self.passes(with_body(OBJ), with_body(obj(id={"type": ["integer", "string"]})))

    def test_null_no_longer_accepted(self):
        new = with_body(obj(note={"type": "string"}))
        self.breaks(with_body(OBJ), new, "properties/note/type", "null no longer accepted")
        self.passes(new, with_body(OBJ))

    def test_additional_properties_turned_false(self):
        new = with_body(obj(additionalProperties=False))
        self.breaks(with_body(OBJ), new, "schema/additionalProperties", "turned false")
        self.passes(new, with_body(OBJ))

    def test_new_required_body(self):
        old = document({"/items": {"post": {"operationId": "create_item", "responses": {"201": ok()}}}})
        self.breaks(old, with_body(OBJ), "requestBody", "new required request body")
        self.passes(old, with_body(OBJ, required=False))

    def test_body_made_required(self):
        self.breaks(with_body(OBJ, required=False), with_body(OBJ), "request body made required")

    def test_request_content_type_removed(self):
        old = with_body(OBJ)
        new = copy.deepcopy(old)
        body = new["paths"]["/items"]["post"]["requestBody"]
        body["content"] = {"application/x-www-form-urlencoded": body["content"]["application/json"]}
        self.breaks(old, new, "application~1json", "no longer accepted")

    def test_alternative_removed(self):
        both = {"oneOf": [ref("A"), ref("B")]}
        schemas = {"A": {"type": "object"}, "B": {"type": "string"}}
        self.breaks(with_body(both, schemas), with_body({"oneOf": [ref("A"), ref("C")]},
                                                        {**schemas, "C": {"type": "integer"}}),
                    "schema/oneOf/B", "alternative B no longer accepted")
        self.breaks(with_body(both, schemas), with_body(ref("A"), schemas), "type changed from string to object")
        three = {**schemas, "C": {"type": "integer"}}
        self.passes(with_body(both, three), with_body({"oneOf": [ref("A"), ref("B"), ref("C")]}, three))

    def test_union_folded_into_one_schema(self):
        union = with_body({"oneOf": [{"type": "string"}, {"type": "integer"}]})
        self.passes(union, with_body({"type": ["string", "integer"]}))
        self.breaks(union, with_body({"type": "string"}), "type changed from integer to string")


class Responses(Case):
    def test_property_removed(self):
        self.breaks(with_response(OBJ), with_response(obj(title=None)), "properties/title", "removed")

    def test_property_made_optional(self):
        self.breaks(with_response(OBJ), with_response(obj(required=["id"])), '"title" made optional')

    def test_property_made_nullable(self):
        new = with_response(obj(title={"type": ["string", "null"]}))
        self.breaks(with_response(OBJ), new, "properties/title/type", "made nullable")

    def test_property_made_nullable_through_one_of(self):
        schemas = {"Title": {"type": "string"}}
        old = with_response(obj(title=ref("Title")), schemas)
        new = with_response(obj(title={"oneOf": [ref("Title"), {"type": "null"}]}), schemas)
        self.breaks(old, new, "made nullable")
        self.passes(new, old)

    def test_non_null_and_required_tightening_pass(self):
        tighter = with_response(obj(note={"type": "string"}, required=["id", "title", "note"]))
        self.passes(with_response(OBJ), tighter)

    def test_new_property_passes(self):
        new = obj(colour={"type": "string"}, required=["id", "title", "colour"])
        self.passes(with_response(OBJ), with_response(new))

    def test_enum_widened(self):
        old = with_response(obj(state={"type": "string", "enum": ["a", "b"]}))
        new = with_response(obj(state={"type": "string", "enum": ["a", "b", "c"]}))
        self.breaks(old, new, "properties/state/enum", 'widened with ["c"]')
        self.passes(new, old)  # narrowed: every value the client knows

    def test_enum_dropped(self):
        old = with_response(obj(state={"type": "string", "enum": ["a"]}))
        new = with_response(obj(state={"type": "string"}))
        self.breaks(old, new, "no longer restricted to enum")

    def test_type_changed(self):
        self.breaks(with_response(OBJ), with_response(obj(id={"type": "string"})), "type changed")
        self.breaks(with_response({"type": "array", "items": {"type": "string"}}),
                    with_response({"type": "object"}), "type changed from array to object")

    def test_response_constraints_pass(self):
        looser = with_response(obj(title={"type": "string"}))
        self.passes(with_response(OBJ), looser)

    def test_success_status_removed(self):
        old = with_response(OBJ)
        new = copy.deepcopy(old)
        new["paths"]["/items"]["get"]["responses"] = {"201": ok("ok", OBJ)}
        self.breaks(old, new, "responses/200", "success response 200 removed")

    def test_error_responses_pass(self):
        old = with_response(OBJ)
        old["paths"]["/items"]["get"]["responses"]["404"] = ok("missing", {"type": "object"})
        new = copy.deepcopy(with_response(OBJ))
        new["paths"]["/items"]["get"]["responses"]["422"] = ok("bad", {"type": "object"})
        new["paths"]["/items"]["get"]["responses"]["429"] = ok("slow down")
        self.passes(old, new)

    def test_content_type_changed(self):
        old = with_response(OBJ)
        new = document({"/items": {"get": {"operationId": "list_items",
                                           "responses": {"200": ok("ok", {"type": "string"}, "text/plain")}}}})
        self.breaks(old, new, "responses/200/content/application~1json", "content type application/json removed")

    def test_alternative_added(self):
        schemas = {"A": {"type": "object"}, "B": {"type": "string"}, "C": {"type": "integer"}}
        old = with_response({"oneOf": [ref("A"), ref("B")]}, schemas)
        new = with_response({"oneOf": [ref("A"), ref("B"), ref("C")]}, schemas)
        self.breaks(old, new, "oneOf/C", "added")
        self.passes(new, old)

    def test_items_compared(self):
        old = with_response({"type": "array", "items": OBJ})
        new = with_response({"type": "array", "items": obj(id=None)})
        self.breaks(old, new, "schema/items/properties/id", "removed")


class Schemas(Case):
    def test_ref_location_names_the_component(self):
        schemas = {"Item": OBJ}
        new_schemas = {"Item": obj(title={"type": "string", "maxLength": 5})}
        lines = self.breaks(with_body(ref("Item"), schemas), with_body(ref("Item"), new_schemas))
        self.assertIn("[#/components/schemas/Item/properties/title/maxLength]", lines[0])
        self.assertTrue(lines[0].startswith("POST /items: requestBody/content/application~1json/schema/properties"))

    def test_chained_refs(self):
        old = with_response(ref("Alias"), {"Alias": ref("Item"), "Item": OBJ})
        new = with_response(ref("Alias"), {"Alias": ref("Item"), "Item": obj(id=None)})
        self.breaks(old, new, "#/components/schemas/Item/properties/id")

    def test_recursive_schema_terminates(self):
        def tree(extra: dict | None = None) -> dict:
            node = {"type": "object", "required": ["name"],
                    "properties": {"name": {"type": "string"},
                                   "children": {"type": "array", "items": ref("Node")}}}
            node["properties"].update(extra or {})
            return {"Node": node}

        self.passes(with_response(ref("Node"), tree()), with_response(ref("Node"), tree()))
        self.breaks(with_response(ref("Node"), tree()),
                    with_response(ref("Node"), tree({"name": {"type": "integer"}})), "type changed")
        cyclic = {"A": ref("B"), "B": ref("A")}
        self.passes(with_response(ref("A"), cyclic), with_response(ref("A"), cyclic))
        self_all_of = {"A": {"allOf": [ref("A"), ref("B"), ref("A")], "type": "object"},
                       "B": {"allOf": [ref("A"), ref("B")]}}
        self.passes(with_response(ref("A"), self_all_of), with_response(ref("A"), self_all_of))
        self.passes(with_body(ref("A"), self_all_of), with_body(ref("A"), self_all_of))

    def test_all_of_is_merged(self):
        schemas = {"Base": {"type": "object", "properties": {"id": {"type": "integer"}}}}
        old = with_body({"allOf": [ref("Base"), {"properties": {"name": {"type": "string"}}}]}, schemas)
        new = with_body({"allOf": [ref("Base"), {"properties": {"name": {"type": "string"}},
                                                   "required": ["id"]}]}, schemas)
        self.breaks(old, new, 'property "id" made required')
        self.passes(new, old)

    def test_nullable_spellings_are_equivalent(self):
        schemas = {"S": {"type": "string"}}
        spellings = [
            {"type": ["string", "null"]},
            {"oneOf": [{"type": "string"}, {"type": "null"}]},
            {"anyOf": [ref("S"), {"type": "null"}]},
            {"type": "string", "nullable": True},
        ]
        for a in spellings:
            for b in spellings:
                with self.subTest(old=a, new=b):
                    self.passes(with_response(obj(note=a), schemas), with_response(obj(note=b), schemas))
                    self.passes(with_body(obj(note=a), schemas), with_body(obj(note=b), schemas))

    def test_second_use_of_a_component_is_still_checked_for_null(self):
        schemas = {"X": {"type": "object", "properties": {"v": {"type": "string"}}}}
        old = with_response(obj(a=ref("X"), b=ref("X")), schemas)
        new = with_response(obj(a=ref("X"), b={"oneOf": [ref("X"), {"type": "null"}]}), schemas)
        self.breaks(old, new, "properties/b/type", "made nullable")

    def test_all_of_uses_of_one_base_are_compared_separately(self):
        schemas = {"Base": {"type": "object", "properties": {"id": {"type": "integer"}}}}

        def two(extra_b: dict) -> dict:
            return with_response(obj(
                a={"allOf": [ref("Base"), {"properties": {"x": {"type": "string"}}}]},
                b={"allOf": [ref("Base"), {"properties": extra_b}]},
            ), schemas)

        self.breaks(two({"y": {"type": "string"}}), two({}), "properties/b/properties/y", "removed")

    def test_unresolvable_ref_is_not_compared(self):
        warnings: list[str] = []
        old = with_param(query("state", ref("Missing")))
        new = with_param(query("state", {"type": "string", "enum": ["a"]}))
        self.assertEqual(ob.compare(old, new, warnings), [])
        self.assertIn("points nowhere", warnings[0])


class CommandLine(unittest.TestCase):
    def run_main(self, old: dict, new: dict) -> tuple[int, str]:
        with tempfile.TemporaryDirectory() as tmp:
            a, b = os.path.join(tmp, "a.json"), os.path.join(tmp, "b.json")
            Path(a).write_text(json.dumps(old))
            Path(b).write_text(json.dumps(new))
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                rc = ob.main([a, b])
        return rc, out.getvalue()

    def test_exit_codes_and_one_line_per_break(self):
        rc, out = self.run_main(with_body(OBJ), with_body(OBJ))
        self.assertEqual((rc, out), (0, ""))
        rc, out = self.run_main(with_body(OBJ), with_body(obj(id={"type": "string"}, note={"type": "string"})))
        self.assertEqual(rc, 1)
        self.assertEqual(len(out.splitlines()), 2)
        for line in out.splitlines():
            self.assertTrue(line.startswith("POST /items: requestBody/"), line)

    def test_unreadable_input(self):
        with tempfile.TemporaryDirectory() as tmp:
            bad = os.path.join(tmp, "bad.json")
            Path(bad).write_text("{not json")
            with contextlib.redirect_stderr(io.StringIO()):
                self.assertEqual(ob.main([bad, bad]), 2)
                self.assertEqual(ob.main([os.path.join(tmp, "missing.json"), bad]), 2)


class RealSpec(unittest.TestCase):
    def test_real_spec_against_itself(self):
        spec = ROOT / "openapi" / "openapi.json"
        doc = json.loads(spec.read_text(encoding="utf-8"))
        self.assertGreater(len(doc["paths"]), 0)
        warnings: list[str] = []
        self.assertEqual(ob.compare(doc, copy.deepcopy(doc), warnings), [])
        self.assertEqual(warnings, [])


if __name__ == "__main__":
    unittest.main()
