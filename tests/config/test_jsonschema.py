"""The JSON Schema of a config file: its structure, and (with `jsonschema`) what it accepts."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from gateway.config.errors import ConfigError
from gateway.config.jsonschema import DRAFT, json_schema
from gateway.config.loader import load_text

from .example import Example, Required
from .test_loading import FULL


def closed_objects(schema: Any) -> list[dict[str, Any]]:
    """Every object schema below `schema` that lists properties."""
    if isinstance(schema, list):
        return [found for item in schema for found in closed_objects(item)]
    if not isinstance(schema, dict):
        return []
    here = [schema] if "properties" in schema else []
    return here + [found for value in schema.values() for found in closed_objects(value)]


def test_the_structure() -> None:
    schema = json_schema(Example)
    assert schema["$schema"] == DRAFT == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "Example" and schema["description"] == "An example config file."
    assert all(found["additionalProperties"] is False for found in closed_objects(schema))
    assert len(closed_objects(schema)) == 6  # top, server, subgraph, rule, plugin, extra
    server = schema["properties"]["server"]
    assert server["description"] == "The server section."
    assert server["default"] == {"host": "127.0.0.1", "port": 4000, "debug": False}
    port = server["properties"]["port"]
    assert port["anyOf"][0] == {"type": "integer", "minimum": 1, "maximum": 65535}
    assert port["default"] == 4000 and port["description"] == "The TCP port."
    assert server["properties"]["host"]["anyOf"][0] == {"type": "string", "pattern": r"^\S+$"}
    subgraph = schema["properties"]["subgraphs"]["additionalProperties"]
    assert subgraph["required"] == ["url"]
    assert subgraph["properties"]["url"]["examples"] == ["http://tax:4001/graphql"]
    assert "default" not in subgraph["properties"]["url"]
    assert schema["properties"]["mode"]["anyOf"][0] == {"enum": ["fast", "safe", 3]}
    assert schema["properties"]["note"]["anyOf"] == [{"type": "string"}, {"type": "null"}]
    assert schema["properties"]["plugins"]["items"]["properties"]["options"] == {
        "description": "The plugin's own options.",
        "default": None,
    }
    assert json_schema(Required)["required"] == ["name"]


jsonschema = pytest.importorskip("jsonschema")


def validator() -> Any:
    schema = json_schema(Example)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize(
    "document",
    [
        FULL,
        "",
        "server: {port: '${PORT:-4000}', debug: '${DEBUG}'}\nmode: ${MODE:-fast}\n",
        "subgraphs: {tax: {url: '${TAX_URL}', timeout: 0.5}}",
    ],
)
def test_the_schema_accepts_valid_documents(document: str) -> None:
    assert list(validator().iter_errors(yaml.safe_load(document) or {})) == []
    load_text(document, Example, environ={"DEBUG": "true", "TAX_URL": "http://tax"})


@pytest.mark.parametrize(
    ("document", "where"),
    [
        ("server: {prot: 1}", ["server"]),
        ("server: {port: 0}", ["server", "port"]),
        ("server: {port: lots}", ["server", "port"]),
        ("server: {host: 'a b'}", ["server", "host"]),
        ("subgraphs: {tax: {timeout: 1}}", ["subgraphs", "tax"]),
        ("subgraphs: {tax: {url: 'ftp://x'}}", ["subgraphs", "tax", "url"]),
        ("mode: slow", ["mode"]),
        ("headers: [{name: a, action: keep}]", ["headers", 0, "action"]),
        ("ratios: [2]", ["ratios", 0]),
        ("unknown: 1", []),
    ],
)
def test_the_schema_rejects_what_loading_rejects(document: str, where: list[Any]) -> None:
    errors = list(validator().iter_errors(yaml.safe_load(document)))
    assert [list(error.absolute_path) for error in errors] == [where]
    with pytest.raises(ConfigError):
        load_text(document, Example, environ={})
