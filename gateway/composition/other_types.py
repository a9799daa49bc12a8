"""Interfaces, unions, enums, input objects and scalars of the supergraph."""

from __future__ import annotations

from ..federation.supergraph_specs import JOIN_ENUM_VALUE, JOIN_IMPLEMENTS, JOIN_UNION_MEMBER
from .join import JoinField, JoinType, arg_input, common_directives, printed_args
from .merge import MergedState, MField, MType
from .print import PDirective, PField, PInput, PType, PValue, string


def interface_type(state: MergedState, mtype: MType) -> PType:
    joins: list[JoinType] = []
    for gid, stype in mtype.by_graph.items():
        if stype.keys and not state.graphs[gid].fed1:
            joins.extend(
                JoinType(
                    gid,
                    key=k.fields,
                    resolvable=k.resolvable,
                    extension=stype.extension,
                    interface_object=stype.interface_object,
                )
                for k in stype.keys
            )
        else:
            joins.append(JoinType(gid))
    implements = [
        PDirective(JOIN_IMPLEMENTS.default_name, [("graph", gid), ("interface", string(iface))])
        for gid, stype in mtype.by_graph.items()
        for iface in stype.interfaces
    ]
    return PType(
        keyword="interface",
        name=mtype.name,
        description=mtype.description,
        interfaces=list(mtype.interfaces),
        directives=[j.directive() for j in joins]
        + implements
        + common_directives(mtype.tags, mtype.inaccessible, None, access=mtype.access, demand=mtype.demand),
        fields=[_interface_field(mtype, f) for f in mtype.fields.values()],
    )


def _interface_field(mtype: MType, mfield: MField) -> PField:
    joins: list[JoinField] = []
    if len(mfield.by_graph) != len(mtype.by_graph):
        joins = [
            JoinField(
                gid,
                type=s.type if s.type != mfield.type else None,
                override=s.override,
                provides=s.provides,
                requires=s.requires,
                external=s.external,
            )
            for gid, s in mfield.by_graph.items()
        ]
    return PField(
        name=mfield.name,
        type=mfield.type,
        args=printed_args(mfield),
        description=mfield.description,
        directives=[j.directive() for j in joins]
        + common_directives(
            mfield.tags, mfield.inaccessible, mfield.deprecated, access=mfield.access, demand=mfield.demand
        ),
    )


def union_type(mtype: MType) -> PType:
    members = [
        PDirective(JOIN_UNION_MEMBER.default_name, [("graph", gid), ("member", string(m))])
        for gid, stype in mtype.by_graph.items()
        for m in stype.members
    ]
    return PType(
        keyword="union",
        name=mtype.name,
        description=mtype.description,
        directives=[JoinType(gid).directive() for gid in mtype.by_graph]
        + members
        + common_directives(mtype.tags, mtype.inaccessible, None),
        members=list(mtype.members),
    )


def enum_strategy(mtype: MType) -> str:
    """How the enum's values merge: by how the enum is used."""
    if mtype.used_in_input == mtype.used_in_output:
        return "equal"
    return "intersection" if mtype.used_in_input else "union"


def enum_type(mtype: MType) -> PType:
    values = list(mtype.values.values())
    if enum_strategy(mtype) == "intersection":
        values = [v for v in values if len(v.graphs) == len(mtype.by_graph)]
    return PType(
        keyword="enum",
        name=mtype.name,
        description=mtype.description,
        directives=[JoinType(gid).directive() for gid in mtype.by_graph]
        + common_directives(mtype.tags, mtype.inaccessible, None, access=mtype.access, demand=mtype.demand),
        values=[
            PValue(
                name=v.name,
                description=v.description,
                directives=[PDirective(JOIN_ENUM_VALUE.default_name, [("graph", g)]) for g in v.graphs]
                + common_directives(v.tags, v.inaccessible, v.deprecated),
            )
            for v in values
        ],
    )


def input_type(mtype: MType) -> PType:
    inputs: list[PInput] = []
    for mfield in mtype.fields.values():
        if len(mfield.by_graph) != len(mtype.by_graph):
            continue
        different = any(s.type != mfield.type for s in mfield.by_graph.values())
        every_default = all(s.default is not None for s in mfield.by_graph.values())
        joins = [JoinField(gid, type=s.type) for gid, s in mfield.by_graph.items()] if different else []
        inputs.append(
            PInput(
                name=mfield.name,
                type=mfield.type,
                default=mfield.default if every_default else None,
                description=mfield.description,
                directives=[j.directive() for j in joins]
                + common_directives(
                    mfield.tags, mfield.inaccessible, mfield.deprecated, demand=mfield.demand
                ),
            )
        )
    return PType(
        keyword="input",
        name=mtype.name,
        description=mtype.description,
        directives=[JoinType(gid).directive() for gid in mtype.by_graph]
        + common_directives(mtype.tags, mtype.inaccessible, None),
        inputs=inputs,
    )


def scalar_type(mtype: MType) -> PType:
    return PType(
        keyword="scalar",
        name=mtype.name,
        description=mtype.description,
        directives=[JoinType(gid).directive() for gid in mtype.by_graph]
        + common_directives(
            mtype.tags, mtype.inaccessible, None, mtype.specified_by, mtype.access, mtype.demand
        ),
    )


__all__ = ["arg_input", "enum_type", "input_type", "interface_type", "scalar_type", "union_type"]
