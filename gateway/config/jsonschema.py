"""The JSON Schema (draft 2020-12) of a config file, from the declared dataclasses: for editors
(YAML language servers complete keys, show the descriptions and flag mistakes as you type).

Every section is closed (`additionalProperties: false`). Where a setting is not a string, a string
holding `${...}` is accepted too: it is interpolated from the environment when the file is loaded."""

from __future__ import annotations

from dataclasses import MISSING
from typing import Any

from .binding import plain_data
from .declare import Setting
from .introspect import FieldSpec, Shape, fields_of, section_doc

DRAFT = "https://json-schema.org/draft/2020-12/schema"
ENVIRONMENT = {"type": "string", "pattern": r"\$\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\}"}
TYPES = {"bool": "boolean", "int": "integer", "float": "number", "str": "string"}


def json_schema(schema: type) -> dict[str, Any]:
    """The JSON Schema of a config file holding `schema` (a dataclass)."""
    return {"$schema": DRAFT, "title": schema.__name__, **_section(schema)}


def _section(section: type) -> dict[str, Any]:
    fields = fields_of(section)
    found: dict[str, Any] = {"type": "object"}
    if section_doc(section):
        found["description"] = section_doc(section)
    found["properties"] = {spec.name: _field(spec) for spec in fields}
    required = [spec.name for spec in fields if spec.required]
    if required:
        found["required"] = required
    found["additionalProperties"] = False
    return found


def _field(spec: FieldSpec) -> dict[str, Any]:
    found = _shape(spec.shape, spec.setting)
    if spec.setting.doc:
        found["description"] = spec.setting.doc
    if spec.default is not MISSING:
        found["default"] = plain_data(spec.default)
    if spec.setting.has_example:
        found["examples"] = [plain_data(spec.setting.example)]
    return found


def _shape(shape: Shape, setting: Setting) -> dict[str, Any]:
    """The schema of a shape, with the setting's constraints on its scalars."""
    if shape.kind == "optional":
        return {"anyOf": [_shape(shape.inner, setting), {"type": "null"}]}
    if shape.kind in ("list", "tuple"):
        return {"type": "array", "items": _shape(shape.inner, setting)}
    if shape.kind == "many":
        one = _shape(shape.inner, setting)
        return {"anyOf": [one, {"type": "array", "items": one}]}
    if shape.kind == "dict":
        return {"type": "object", "additionalProperties": _shape(shape.inner, setting)}
    if shape.kind == "section":
        assert shape.section is not None
        return _section(shape.section)
    if shape.kind == "any":
        return {}
    found: dict[str, Any] = {"enum": list(shape.values)} if shape.kind == "literal" else {}
    if shape.kind in TYPES:
        found["type"] = TYPES[shape.kind]
    if shape.kind in ("int", "float"):
        found.update(_bounds(setting))
    if shape.kind == "str" and setting.pattern is None:
        return found
    if shape.kind == "str":
        found["pattern"] = setting.pattern
    return {"anyOf": [found, ENVIRONMENT]}


def _bounds(setting: Setting) -> dict[str, float]:
    bounds = {"minimum": setting.minimum, "maximum": setting.maximum}
    return {key: value for key, value in bounds.items() if value is not None}
