"""The rules of `@cost` and `@listSize` (see `cost.py`): each subgraph's own, and those across
subgraphs once they are merged, with The Guild's composition's codes and messages."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .cost import CostNames, Demand, ListSize
from .merge import MField, MType
from .model import ParsedSubgraph, SField, SType

ON_INTERFACE = "COST_APPLIED_TO_INTERFACE_FIELD"
SLICING = "LIST_SIZE_INVALID_SLICING_ARGUMENT"
SIZED = "LIST_SIZE_INVALID_SIZED_FIELD"
ASSUMED = "LIST_SIZE_INVALID_ASSUMED_SIZE"
NON_LIST = "LIST_SIZE_APPLIED_TO_NON_LIST"
Report = Callable[[str, str, str], None]  # (code, message, coordinate)


# --- a subgraph's own rules ----------------------------------------------------------------
def check_subgraph(graph: ParsedSubgraph, report: Report) -> None:
    for stype in graph.types.values():
        for sfield in stype.fields.values():
            coordinate = f"{stype.name}.{sfield.name}"
            if stype.kind == "interface":
                _no_cost_on_interface(stype, sfield, report)
            if sfield.demand.list_size is not None and stype.kind in ("object", "interface"):
                _check_list_size(graph, coordinate, sfield, sfield.demand.list_size, report)


def _no_cost_on_interface(stype: SType, sfield: SField, report: Report) -> None:
    where = f'"{stype.name}.{sfield.name}"'
    if sfield.demand.weight is not None:
        report(ON_INTERFACE, f"@cost cannot be applied to interface {where}", where.strip('"'))
    for arg in sfield.args.values():
        if arg.demand.weight is not None:
            message = f'@cost cannot be applied to interface {where} argument "{arg.name}"'
            report(ON_INTERFACE, message, where.strip('"'))


def _check_list_size(
    graph: ParsedSubgraph, coordinate: str, sfield: SField, size: ListSize, report: Report
) -> None:
    where = f'"{coordinate}"'
    if size.assumed_size is not None and size.assumed_size < 0:
        report(ASSUMED, f"{where} has negative @listSize(assumedSize:) value", coordinate)
        return
    if not size.sized_fields and "[" not in sfield.type:
        report(SIZED, f"{where} is not a list. Try to add @listSize(sizedFields:) argument.", coordinate)
        return
    if size.sized_fields and not _sized_fields_ok(graph, where, sfield, size.sized_fields, report):
        return
    for name in size.slicing_arguments or ():
        arg = sfield.args.get(name)
        if arg is None:
            what = "that does not exist"
        elif arg.type.rstrip("!") != "Int":
            what = "that is not an integer"
        else:
            continue
        report(
            SLICING,
            f'{where} references "{name}" argument in @listSize(slicingArguments:) {what}.',
            coordinate,
        )


def _sized_fields_ok(
    graph: ParsedSubgraph, where: str, sfield: SField, sized: list[str], report: Report
) -> bool:
    target = graph.types.get(sfield.type.replace("[", "").replace("]", "").replace("!", ""))
    coordinate = where.strip('"')
    if target is None or target.kind not in ("object", "interface"):
        message = f"{where} has @listSize(sizedFields:) applied, but the output type is not a composite type"
        report(SIZED, message, coordinate)
        return False
    ok = True
    for name in sized:
        found = target.fields.get(name)
        if found is None:
            report(
                SIZED,
                f'{where} references "{name}" field in @listSize(sizedFields:) argument that does not exist.',
                coordinate,
            )
            ok = False
        elif "[" not in found.type:
            report(
                NON_LIST,
                f'{where} references "{name}" field in @listSize(sizedFields:) argument that is not a list.',
                coordinate,
            )
            ok = False
    return ok


# --- across subgraphs ----------------------------------------------------------------------
def settle(types: Iterable[MType], objects: dict[str, MType], names: CostNames, report: Report) -> None:
    """After merging: slicing arguments every subgraph of the field declares, the interface
    rule for `requireOneSlicingArgument`, and the names applied everywhere."""
    for mtype in types:
        _stamp(mtype.demand, names)
        for mfield in mtype.fields.values():
            _stamp(mfield.demand, names)
            for marg in mfield.args.values():
                _stamp(marg.demand, names)
            size = mfield.demand.list_size
            if size is None or not size.slicing_arguments:
                continue
            _keep_declared_slicing(mtype.name, mfield, size, report)
            if mtype.kind == "interface":
                size.print_require_one = _implementations_slice(mtype, mfield, objects)


def _stamp(demand: Demand, names: CostNames) -> None:
    demand.names = names


def _keep_declared_slicing(parent: str, mfield: MField, size: ListSize, report: Report) -> None:
    kept = [
        name
        for name in size.slicing_arguments or ()
        if name in mfield.args and len(mfield.args[name].by_graph) == len(mfield.by_graph)
    ]
    if not kept:
        report(
            SLICING,
            "All arguments for @listSize(slicingArguments:) on field "
            f'"{parent}.{mfield.name}" were disregarded. For an argument to be valid, '
            "it must be defined in every subgraph where the field exists.",
            f"{parent}.{mfield.name}",
        )
    size.slicing_arguments = kept


def _implementations_slice(iface: MType, ifield: MField, objects: dict[str, MType]) -> bool:
    for obj in objects.values():
        if iface.name not in obj.interfaces:
            continue
        ofield = obj.fields.get(ifield.name)
        if ofield is not None and ofield.demand.list_size and ofield.demand.list_size.slicing_arguments:
            return True
    return False
