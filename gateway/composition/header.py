"""The supergraph's fixed part: `schema @link(...)`, the join/link spec definitions.

Printed from the spec table (`gateway.federation`), in the order The Guild's
composition prints them.
"""

from __future__ import annotations

from ..federation.lookup import join_version_for
from ..federation.specs import ArgSpec, DirectiveSpec, Spec, TypeSpec, Version, format_version, parse_version
from ..federation.supergraph_specs import (
    AUTHORIZATION,
    COST_SPEC,
    INACCESSIBLE_SPEC,
    JOIN,
    JOIN_CONTEXT_ARGUMENT,
    JOIN_ENUM_VALUE,
    JOIN_FIELD,
    JOIN_FIELD_SET,
    JOIN_FIELD_VALUE,
    JOIN_GRAPH,
    JOIN_IMPLEMENTS,
    JOIN_TYPE,
    JOIN_UNION_MEMBER,
    SUPERGRAPH_COST,
    SUPERGRAPH_INACCESSIBLE,
    SUPERGRAPH_LIST_SIZE,
    SUPERGRAPH_TAG,
    TAG_SPEC,
)
from ..federation.table import FEDERATION_1, LINK, LINK_DIRECTIVE, LINK_TYPES
from .cost import CostNames
from .print import PDirectiveDefinition, PInput, PType, PValue

# The join definitions in print order; an input type prints right after the directive
# whose arguments use it.
_JOIN_PRINTED = (JOIN_ENUM_VALUE, JOIN_GRAPH, JOIN_FIELD, JOIN_IMPLEMENTS, JOIN_TYPE, JOIN_UNION_MEMBER)
_JOIN_INPUTS = {JOIN_FIELD.name: JOIN_CONTEXT_ARGUMENT}
_JOIN_SCALARS = (JOIN_FIELD_SET, JOIN_FIELD_VALUE)


def _composed(spec: Spec) -> Version:
    assert spec.composed_version is not None, f"composition links no fixed version of {spec.name}"
    return spec.composed_version


def _inputs(arguments: tuple[ArgSpec, ...]) -> list[PInput]:
    return [PInput(a.name, a.type, a.default) for a in arguments]


def _directive(directive: DirectiveSpec, version: Version, name: str | None = None) -> str:
    return PDirectiveDefinition(
        name or directive.default_name,
        _inputs(directive.arguments_in(version)),
        directive.repeatable,
        list(directive.locations),
    ).text()


def _type(spec_type: TypeSpec) -> str:
    return PType(
        keyword=spec_type.kind,
        name=spec_type.name,
        inputs=_inputs(spec_type.fields),
        values=[PValue(name, description) for name, description in spec_type.values],
    ).text()


def _join_spec(version: Version) -> str:
    parts = []
    for directive in _JOIN_PRINTED:
        parts.append(_directive(directive, version))
        input_type = _JOIN_INPUTS.get(directive.name)
        if input_type is not None and input_type.in_version(version):
            parts.append(_type(input_type))
    parts.extend(_type(t) for t in _JOIN_SCALARS if t.in_version(version))
    return "\n\n".join(parts)


def _link_spec() -> str:
    return "\n\n".join([_directive(LINK_DIRECTIVE, _composed(LINK)), *(_type(t) for t in LINK_TYPES)])


def _link(url: str, purpose: str | None = None) -> str:
    return f'@link(url: "{url}"' + (f", for: {purpose}" if purpose else "") + ")"


def header(
    federation_version: str,
    roots: list[str],
    tag: bool,
    inaccessible: bool,
    authorization: frozenset[str] = frozenset(),
    cost: CostNames | None = None,
) -> str:
    """`authorization`: the names of the authorization directives some subgraph applies."""
    join = join_version_for(parse_version(federation_version))
    tag_version, inaccessible_version = _composed(TAG_SPEC), _composed(INACCESSIBLE_SPEC)
    links = [_link(LINK.url(_composed(LINK))), _link(JOIN.url(join), "EXECUTION")]
    if tag:
        links.append(_link(TAG_SPEC.url(tag_version)))
    if cost:
        links.append(cost.link(COST_SPEC.url(_composed(COST_SPEC))).text())
    if inaccessible:
        links.append(_link(INACCESSIBLE_SPEC.url(inaccessible_version), "SECURITY"))
    security = [(spec, d, scalar) for spec, d, scalar in AUTHORIZATION if d.name in authorization]
    links.extend(_link(spec.url(_composed(spec)), "SECURITY") for spec, _, _ in security)
    operations = "\n".join(f"  {root.lower()}: {root}" for root in roots)
    parts = ["schema " + " ".join(links) + " {\n" + operations + "\n}", _join_spec(join), _link_spec()]
    if tag:
        parts.append(_directive(SUPERGRAPH_TAG, tag_version))
    if cost:
        parts.extend(_cost_directives(cost))
    if inaccessible:
        parts.append(_directive(SUPERGRAPH_INACCESSIBLE, inaccessible_version))
    for spec, directive, scalar in security:
        parts.append(_directive(directive, _composed(spec)))
        if scalar is not None:
            parts.append(_type(scalar))
    return "\n\n".join(parts)


def _cost_directives(names: CostNames) -> list[str]:
    """Both definitions, under the names the subgraphs use."""
    version = _composed(COST_SPEC)
    return [
        _directive(SUPERGRAPH_COST, version, names.cost or SUPERGRAPH_COST.name),
        _directive(SUPERGRAPH_LIST_SIZE, version, names.list_size or SUPERGRAPH_LIST_SIZE.name),
    ]


def max_version(versions: list[str]) -> str:
    return max(versions, key=parse_version, default=format_version(FEDERATION_1))
