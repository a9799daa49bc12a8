"""Deterministic printing of the supergraph, in the layout The Guild's composition uses.

Definitions come in a fixed order (schema and spec definitions, `join__Graph`, then
scalars, objects, interfaces, unions, enums and inputs, each in first-seen order
over the subgraphs sorted by graph id); nothing depends on dict or set iteration
of unordered data, so the same input always prints the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass
class PDirective:
    name: str
    args: list[tuple[str, str]] = field(default_factory=list)  # (name, printed value)

    def text(self) -> str:
        return "@" + self.name + _args([f"{n}: {v}" for n, v in self.args])


@dataclass
class PInput:
    name: str
    type: str
    default: str | None = None
    description: str | None = None
    directives: list[PDirective] = field(default_factory=list)

    def text(self) -> str:
        parts = [f"{self.name}: {self.type}"]
        if self.default is not None:
            parts.append(f"= {self.default}")
        parts.extend(d.text() for d in self.directives)
        return _described(self.description, " ".join(parts))


@dataclass
class PField:
    name: str
    type: str
    args: list[PInput] = field(default_factory=list)
    description: str | None = None
    directives: list[PDirective] = field(default_factory=list)

    def text(self) -> str:
        line = self.name + _args([a.text() for a in self.args]) + ": " + self.type
        if self.directives:
            line += " " + " ".join(d.text() for d in self.directives)
        return _described(self.description, line)


@dataclass
class PValue:
    name: str
    description: str | None = None
    directives: list[PDirective] = field(default_factory=list)

    def text(self) -> str:
        return _described(self.description, " ".join([self.name, *(d.text() for d in self.directives)]))


@dataclass
class PType:
    keyword: str  # type | interface | union | enum | input | scalar
    name: str
    description: str | None = None
    interfaces: list[str] = field(default_factory=list)
    directives: list[PDirective] = field(default_factory=list)
    fields: list[PField] = field(default_factory=list)
    inputs: list[PInput] = field(default_factory=list)
    values: list[PValue] = field(default_factory=list)
    members: list[str] = field(default_factory=list)

    def text(self) -> str:
        parts = [self.keyword, self.name]
        if self.interfaces:
            parts.append("implements " + " & ".join(self.interfaces))
        parts.extend(d.text() for d in self.directives)
        body = (
            [f.text() for f in self.fields]
            + [i.text() for i in self.inputs]
            + [v.text() for v in self.values]
        )
        if self.keyword == "union" and self.members:
            parts.append("= " + " | ".join(self.members))
        elif body:
            parts.append("{\n" + _indent("\n".join(body)) + "\n}")
        return _described(self.description, " ".join(parts))


def string(value: str) -> str:
    """A GraphQL string literal (JSON escaping is valid GraphQL)."""
    return json.dumps(value, ensure_ascii=False)


def _block(value: str) -> str:
    return '"""\n' + value.replace('"""', '\\"""') + '\n"""'


def _described(description: str | None, text: str) -> str:
    return text if not description else _block(description) + "\n" + text


def _args(items: list[str]) -> str:
    if not items:
        return ""
    line = "(" + ", ".join(items) + ")"
    if len(line) <= 80:
        return line
    return "(\n  " + "\n".join(items).replace("\n", "\n  ") + "\n)"


def _indent(text: str) -> str:
    return "  " + text.replace("\n", "\n  ")


@dataclass
class PDirectiveDefinition:
    name: str
    args: list[PInput] = field(default_factory=list)
    repeatable: bool = False
    locations: list[str] = field(default_factory=list)

    def text(self) -> str:
        repeatable = " repeatable" if self.repeatable else ""
        args = _args([a.text() for a in self.args])
        return f"directive @{self.name}{args}{repeatable} on " + " | ".join(self.locations)


def print_document(header: str, definitions: list[PType | PDirectiveDefinition]) -> str:
    return "\n\n".join([header.strip(), *(d.text() for d in definitions)]) + "\n"
