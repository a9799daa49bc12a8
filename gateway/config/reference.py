"""The Markdown reference of a config file, from the declared dataclasses: one table per section
(key, type, default, description), the sections in the order the file declares them."""

from __future__ import annotations

import json
from dataclasses import MISSING

from .binding import join, plain_data
from .introspect import FieldSpec, Shape, fields_of, label, section_doc


def markdown_reference(schema: type, heading_level: int = 3) -> str:
    """One heading and table per section of `schema` (a dataclass), the top level first."""
    blocks = []
    for path, section in _sections(schema, ""):
        heading = "#" * heading_level + " " + (f"`{path}`" if path else schema.__name__)
        lines = [heading, ""]
        if section_doc(section):
            lines += [section_doc(section), ""]
        lines += ["| Key | Type | Default | Description |", "| --- | --- | --- | --- |"]
        lines += [_row(spec, path) for spec in fields_of(section)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _sections(section: type, path: str) -> list[tuple[str, type]]:
    """The section at `path` and those below it (depth first), each with its path."""
    found = [(path, section)]
    for spec in fields_of(section):
        inner, where = _section_within(spec.shape, join(path, spec.name))
        if inner is not None:
            found += _sections(inner, where)
    return found


def _section_within(shape: Shape, path: str) -> tuple[type | None, str]:
    """The section a shape holds (through optional, list and dict), and its path in the reference."""
    while shape.kind in ("optional", "list", "tuple", "dict"):
        path += {"optional": "", "list": "[]", "tuple": "[]", "dict": ".<name>"}[shape.kind]
        shape = shape.inner
    return (shape.section, path) if shape.kind == "section" else (None, path)


def _row(spec: FieldSpec, path: str) -> str:
    section, where = _section_within(spec.shape, join(path, spec.name))
    kind = label(spec.shape) + (f" (see `{where}`)" if section else "")
    if spec.default is MISSING:
        default = "required"
    elif section is not None and spec.shape.kind == "section":
        default = "see below"
    else:
        default = f"`{json.dumps(plain_data(spec.default))}`"
    cells = [f"`{spec.name}`", kind, default, _description(spec)]
    return "| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"


def _description(spec: FieldSpec) -> str:
    setting = spec.setting
    doc = setting.doc.strip()
    parts = [doc if not doc or doc.endswith((".", "!", "?", ":")) else doc + "."]
    if setting.minimum is not None:
        parts.append(f"At least {setting.minimum:g}.")
    if setting.maximum is not None:
        parts.append(f"At most {setting.maximum:g}.")
    if setting.pattern is not None:
        parts.append(f"Matches `{setting.pattern}`.")
    if setting.has_example:
        parts.append(f"Example: `{json.dumps(plain_data(setting.example))}`.")
    return " ".join(part for part in parts if part)
