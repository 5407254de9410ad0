"""Check API responses in tests against the OpenAPI document the API itself publishes.

    response = client.get("/api/v1/participants")
    body = assert_valid_response(response)      # raises SchemaMismatch, returns the parsed JSON

The operation is found from the request's method and path, the documented response from the
status code, and the body is validated with jsonschema (OpenAPI 3.1 schemas are JSON Schema
2020-12; ``$ref``s into ``components`` resolve against the whole document). By default object
schemas are closed (no undocumented properties), so a response cannot quietly grow a field
— a raw token, say — that the schema does not promise.
"""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DOCUMENT_URI = "https://alongside.invalid/api/v1/openapi.json"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


class SchemaMismatch(AssertionError):
    """A response that its OpenAPI operation does not describe."""


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    """The schema exactly as ``GET /api/v1/openapi.json`` serves it (JSON round-tripped: string status keys)."""
    from alongside.api import api

    document: dict[str, Any] = json.loads(json.dumps(api.get_openapi_schema()))
    return document


def operations() -> set[tuple[str, str]]:
    """Every documented operation as (METHOD, path template), e.g. ("GET", "/api/v1/participants/{participant_id}")."""
    return {
        (method.upper(), template)
        for template, item in openapi_document()["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }


def find_operation(method: str, path: str) -> tuple[str, dict[str, Any]]:
    """The (path template, operation object) that serves ``method path``; literal paths win over templated ones."""
    method = method.lower()
    for template, pattern in _path_patterns():
        if pattern.match(path):
            item = openapi_document()["paths"][template]
            if method in item:
                return template, item[method]
            raise SchemaMismatch(f"{method.upper()} {path}: {template} documents only {sorted(item)}")
    raise SchemaMismatch(f"{method.upper()} {path}: no path in the OpenAPI document matches")


def assert_valid_response(response: Any, *, strict: bool = True) -> Any:
    """Validate a Django test-client response against its operation; return the parsed JSON body (or None)."""
    return validate_response(
        method=response.request["REQUEST_METHOD"],
        path=response.request["PATH_INFO"],
        status=response.status_code,
        content_type=response.get("Content-Type", ""),
        body=response.content,
        strict=strict,
    )


def validate_response(
    *, method: str, path: str, status: int, content_type: str, body: bytes | str, strict: bool = True
) -> Any:
    template, operation = find_operation(method, path)
    where = f"{method.upper()} {template} → {status}"
    responses = operation.get("responses", {})
    key = next((k for k in (str(status), f"{str(status)[0]}XX", "default") if k in responses), None)
    if key is None:
        raise SchemaMismatch(f"{where}: status not documented (documented: {', '.join(sorted(responses))})")
    content = responses[key].get("content") or {}
    if not content:
        if body:
            raise SchemaMismatch(f"{where}: documented without a body, but got {body[:200]!r}")
        return None
    media_type = content_type.split(";")[0].strip().lower()
    if media_type not in content:
        raise SchemaMismatch(f"{where}: Content-Type {media_type!r} not documented (documented: {sorted(content)})")
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise SchemaMismatch(f"{where}: body is not JSON ({exc}): {body[:200]!r}") from None
    pointer = "/" + "/".join(
        _escape(part) for part in ("paths", template, method.lower(), "responses", key, "content", media_type, "schema")
    )
    errors = sorted(_validator(pointer, strict).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        details = "\n".join(f"  at {e.json_path}: {e.message}" for e in errors[:20])
        raise SchemaMismatch(f"{where}: body does not match the OpenAPI schema:\n{details}")
    return data


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


@lru_cache(maxsize=1)
def _path_patterns() -> list[tuple[str, re.Pattern[str]]]:
    compiled = []
    for template in openapi_document()["paths"]:
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
        compiled.append((template, re.compile(f"^{regex}$")))
    return sorted(compiled, key=lambda item: (item[0].count("{"), item[0]))


def _close_objects(node: Any) -> Any:
    """Forbid properties an object schema does not declare, unless it says otherwise."""
    if isinstance(node, dict):
        node = {k: _close_objects(v) for k, v in node.items()}
        if "properties" in node and node.get("type") == "object" and "additionalProperties" not in node:
            node["additionalProperties"] = False
        return node
    if isinstance(node, list):
        return [_close_objects(item) for item in node]
    return node


@lru_cache(maxsize=2)
def _registry(strict: bool) -> Registry[Any]:
    document = _close_objects(openapi_document()) if strict else copy.deepcopy(openapi_document())
    registry: Registry[Any] = Registry().with_resource(
        DOCUMENT_URI, Resource.from_contents(document, default_specification=DRAFT202012)
    )
    return registry


@lru_cache(maxsize=256)
def _validator(pointer: str, strict: bool) -> Draft202012Validator:
    schema = {"$ref": f"{DOCUMENT_URI}#{quote(pointer, safe='/~')}"}
    return Draft202012Validator(schema, registry=_registry(strict), format_checker=Draft202012Validator.FORMAT_CHECKER)


API_PREFIX = "/api/v1"


def api_call(
    client: Any,
    method: str,
    path: str,
    payload: Any = None,
    *,
    headers: dict[str, str] | None = None,
    strict: bool = True,
) -> tuple[Any, Any]:
    """Call ``API_PREFIX + path`` with a test client and validate the answer. Returns (response, parsed body)."""
    kwargs: dict[str, Any] = {"headers": headers or {}}
    if payload is not None:
        kwargs.update(data=json.dumps(payload), content_type="application/json")
    response = client.generic(method.upper(), API_PREFIX + path, **kwargs)
    return response, assert_valid_response(response, strict=strict)
