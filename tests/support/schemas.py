"""Validating JSON against the OpenAPI spec's component schemas (with $refs resolved).

``strict=True`` also forbids keys a schema does not list (``additionalProperties:
false`` wherever the spec leaves it open): the real server's 200 bodies match the
spec exactly, so the demo's must too.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import jsonschema

from tests.support.fixtures import openapi


def _close_objects(node: Any) -> None:
    if isinstance(node, dict):
        if "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _close_objects(value)
    elif isinstance(node, list):
        for value in node:
            _close_objects(value)


@cache
def _components(strict: bool) -> dict[str, Any]:
    components = copy.deepcopy(openapi()["components"])
    if strict:
        _close_objects(components["schemas"])
    return components


@cache
def validator(schema_name: str, *, strict: bool = True) -> jsonschema.Draft202012Validator:
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": _components(strict)}
    return jsonschema.Draft202012Validator(schema)


def schema_errors(instance: Any, schema_name: str, *, strict: bool = True) -> list[str]:
    """Human-readable validation errors (empty when ``instance`` is valid)."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '<root>'}: {error.message[:300]}"
        for error in validator(schema_name, strict=strict).iter_errors(instance)
    ]


def response_schema_name(path: str) -> str:
    """The component schema of a GET path's 200 response (for the paths the demo serves)."""
    operation = openapi()["paths"][path]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    ref = schema.get("$ref") or schema["anyOf"][0]["$ref"]
    return str(ref.rsplit("/", 1)[-1])
