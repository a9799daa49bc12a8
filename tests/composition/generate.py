"""Random subgraph sets for differential testing against the reference composition.

`entities(seed)` mixes entities, value types, `@external`/`@requires`/`@provides`,
`@override`, `extend type` and Federation 1 subgraphs; `abstract(seed)` mixes interfaces
(with and without `@key`), `@interfaceObject`, unions, enums used as input and/or output,
input types and override labels. Many sets are broken on purpose: the point is that
govgraph and the reference accept and reject the same ones.

    .venv/bin/python -m tests.composition.generate entities 1 200   # dev: seed 1..200, print stats
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field

HEADER = 'extend schema @link(url: "https://specs.apollo.dev/federation/{version}", import: [{imports}])\n'


@dataclass
class _Doc:
    fed1: bool = False
    imports: set[str] = field(default_factory=set)
    parts: list[str] = field(default_factory=list)

    def d(self, name: str, args: str = "") -> str:
        """A federation directive application (imported when Federation 2)."""
        self.imports.add(name)
        return f" @{name}{args}"

    def text(self, version: str = "v2.3") -> str:
        body = "\n".join(self.parts)
        if self.fed1:
            return body
        imports = ", ".join(f'"@{i}"' for i in sorted(self.imports))
        return HEADER.format(version=version, imports=imports) + body


@dataclass
class _Plan:
    entity: bool
    extension: bool
    fields: list[str]
    external: list[str]


class _Entities:
    def __init__(self, rnd: random.Random, names: list[str]) -> None:
        self.rnd = rnd
        self.names = names
        self.types: dict[tuple[str, str], str] = {}

    def field_type(self, parent: str, name: str) -> str:
        base = self.types.setdefault((parent, name), self.rnd.choice(["Int", "String", "[Int]"]))
        return base + ("!" if self.rnd.random() < 0.3 else "")

    def graph(self, index: int) -> str:
        doc = _Doc(fed1=self.rnd.random() < 0.2)
        present = [t for t in ("A", "B", "V") if self.rnd.random() < 0.7] or ["A"]
        plans = {}
        for t in present:
            entity = t != "V" and self.rnd.random() < 0.85
            fields = [f for f in ("x", "y", "z") if self.rnd.random() < 0.6]
            external = [f for f in fields if entity and self.rnd.random() < 0.15]
            plans[t] = _Plan(entity, entity and self.rnd.random() < 0.1, fields, external)
        for t, plan in plans.items():
            doc.parts.append(self.object(doc, index, t, plan, plans))
        query = [f"  q{index}: {self.rnd.choice(present)}"]
        keyword = "extend type Query" if doc.fed1 and self.rnd.random() < 0.5 else "type Query"
        doc.parts.append(keyword + " {\n" + "\n".join(query) + "\n}")
        return doc.text()

    def object(self, doc: _Doc, index: int, name: str, plan: _Plan, plans: dict[str, _Plan]) -> str:
        head = ("extend type " if plan.extension else "type ") + name
        if plan.entity:
            resolvable = ", resolvable: false" if not doc.fed1 and self.rnd.random() < 0.1 else ""
            head += ' @key(fields: "id")' if doc.fed1 else doc.d("key", f'(fields: "id"{resolvable})')
        if name == "V" and not doc.fed1 and self.rnd.random() < 0.8:
            head += doc.d("shareable")
        external_id = plan.extension and self.rnd.random() < 0.5
        lines = ["  id: ID!" + (self.external(doc) if external_id else "")]
        for f in plan.fields:
            lines.append(f"  {f}: {self.field_type(name, f)}{self.field_directives(doc, index, f, plan)}")
        for f in plan.external:
            requires = f' @requires(fields: "{f}")' if doc.fed1 else doc.d("requires", f'(fields: "{f}")')
            lines.append(f"  r{f}{index}: Int{requires}")
        if self.rnd.random() < 0.4:
            lines.append(self.link(doc, name, plans))
        return head + " {\n" + "\n".join(lines) + "\n}"

    def external(self, doc: _Doc) -> str:
        return " @external" if doc.fed1 else doc.d("external")

    def field_directives(self, doc: _Doc, index: int, name: str, plan: _Plan) -> str:
        if name in plan.external:
            return self.external(doc)
        if doc.fed1:
            return ""
        roll = self.rnd.random()
        if roll < 0.85:
            return doc.d("shareable")
        if roll < 0.95 and len(self.names) > 1:
            source = self.rnd.choice([n for n in self.names if n != self.names[index]])
            return doc.d("override", f'(from: "{source}")')
        return ""

    def link(self, doc: _Doc, name: str, plans: dict[str, _Plan]) -> str:
        target = self.types.setdefault((name, "link"), self.rnd.choice(["A", "B", "V"]))
        target = target if target in plans else name
        shareable = doc.d("shareable") if not doc.fed1 and self.rnd.random() < 0.85 else ""
        provides = ""
        if plans[target].external and self.rnd.random() < 0.7:
            fields = f'(fields: "{plans[target].external[0]}")'
            provides = f" @provides{fields}" if doc.fed1 else doc.d("provides", fields)
        return f"  link: {target}{shareable}{provides}"


def entities(seed: int) -> dict[str, str]:
    rnd = random.Random(seed)
    names = [f"s{i}" for i in range(rnd.randint(2, 3))]
    generator = _Entities(rnd, names)
    return {name: generator.graph(i) for i, name in enumerate(names)}


def _interface(rnd: random.Random, doc: _Doc, index: int) -> str:
    mode = rnd.choice(["interface", "keyed"] if index == 0 else ["interface", "keyed", "object", "none"])
    if mode == "interface":
        doc.parts.append("interface I {\n  id: ID!\n  iname: String\n}")
    elif mode == "keyed":
        doc.parts.append('interface I @key(fields: "id") {\n  id: ID!\n  iname: String\n}')
    elif mode == "object":
        key, interface_object = doc.d("key", '(fields: "id")'), doc.d("interfaceObject")
        doc.parts.append(f"type I{key}{interface_object} {{\n  id: ID!\n  extra{index}: Int\n}}")
    return mode


def _abstract_graph(rnd: random.Random, index: int) -> str:
    doc = _Doc(imports={"key", "shareable"})
    mode = _interface(rnd, doc, index)
    query: list[str] = []
    has_a = index == 0 or rnd.random() < 0.5
    if has_a:
        implements = " implements I" if mode in ("interface", "keyed") else ""
        lines = ["  id: ID!", f"  a{index}: Int"] + (["  iname: String @shareable"] if implements else [])
        if index > 0 and rnd.random() < 0.4:
            label = ', label: "percent(25)"' if rnd.random() < 0.3 else ""
            override = doc.d("override", f'(from: "s0"{label})')
            lines.append(f"  a0: Int{override}")
        doc.parts.append(f'type A{implements} @key(fields: "id") {{\n' + "\n".join(lines) + "\n}")
        query.append(f"  qA{index}: A")
    has_b = rnd.random() < 0.5
    if has_b:
        doc.parts.append('type B @key(fields: "id") {\n  id: ID!\n  b: String @shareable\n}')
    members = [m for m, present in (("A", has_a), ("B", has_b)) if present]
    if members and rnd.random() < 0.6:
        doc.parts.append("union U = " + " | ".join(members))
        query.append(f"  qU{index}: [U]")
    if rnd.random() < 0.6:
        values = [v for v in ("X", "Y", "Z") if rnd.random() < 0.8] or ["X"]
        doc.parts.append("enum E {\n" + "\n".join(f"  {v}" for v in values) + "\n}")
        query.append(rnd.choice([f"  qE{index}: E", f"  qEi{index}(e: E): Int", f"  qEb{index}(e: E): E"]))
    if rnd.random() < 0.5:
        fields = ["  a: Int" + ("!" if rnd.random() < 0.3 else "")]
        if rnd.random() < 0.5:
            fields.append("  b: String" + (' = "x"' if rnd.random() < 0.5 else ""))
        doc.parts.append("input In {\n" + "\n".join(fields) + "\n}")
        query.append(f"  qIn{index}(i: In, n: Int{'!' if rnd.random() < 0.2 else ''}): Int")
    if mode != "none" and rnd.random() < 0.7:
        query.append(f"  qI{index}: I")
    doc.parts.append("type Query {\n" + "\n".join(query or [f"  q{index}: Int"]) + "\n}")
    return doc.text("v2.7" if "override" in doc.imports and rnd.random() < 0.5 else "v2.3")


def abstract(seed: int) -> dict[str, str]:
    rnd = random.Random(seed)
    return {f"s{i}": _abstract_graph(rnd, i) for i in range(rnd.randint(2, 3))}


GENERATORS = {"entities": entities, "abstract": abstract}


def _main(argv: list[str]) -> int:
    from gateway.composition import SubgraphSource, compose

    from .corpus import normal_form
    from .reference import reference_for

    kind, first, count = argv[0], int(argv[1]), int(argv[2])
    stats: dict[str, int] = {}
    for seed in range(first, first + count):
        sdls = GENERATORS[kind](seed)
        ours = compose([SubgraphSource(n, f"http://x/{n}", s) for n, s in sdls.items()])
        theirs = reference_for(sdls)
        if ours.supergraph_sdl is not None and theirs.ok:
            same = normal_form(ours.supergraph_sdl) == normal_form(theirs.supergraph)
            outcome = "both compose, equal" if same else "both compose, DIFFERENT"
        elif ours.supergraph_sdl is None and not theirs.ok:
            outcome = "both reject"
        else:
            outcome = "DISAGREE (only " + ("reference" if ours.supergraph_sdl else "govgraph") + " rejects)"
        stats[outcome] = stats.get(outcome, 0) + 1
        if "DI" in outcome:
            print(f"seed {seed}: {outcome}", file=sys.stderr)
    print(stats)
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
