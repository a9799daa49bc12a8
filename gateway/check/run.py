"""`govgraph check`: compose the proposed subgraph set and diff its API schema with the current one.

current supergraph ──► API schema (old) ─────────────────────────┐
subgraphs dir (one <name>.graphql per subgraph)                  ├─► diff ─► report
  with the proposed SDL in place of <name> ──► compose ──► API schema (new)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graphql import GraphQLSchema

from ..composition import CompositionError, SubgraphSource
from ..composition.safe import compose
from ..errors import SupergraphError
from ..supergraph import load_supergraph
from .diff import BREAKING, DANGEROUS, Change, diff_schemas
from .operations import Operation, OperationsError, load_operations, usage, validation_errors
from .report import CheckReport, OperationResult, ReportedChange

PLACEHOLDER_URL = "http://127.0.0.1:4000/{name}/graphql"


@dataclass(frozen=True)
class CheckRequest:
    supergraph: Path
    proposed: Mapping[str, Path]  # subgraph name -> the proposed SDL file
    subgraphs_dir: Path = Path("schema/subgraphs")
    operations: Sequence[Path] = field(default_factory=tuple)


def run_check(request: CheckRequest) -> CheckReport:
    report = CheckReport(str(request.supergraph), {n: str(p) for n, p in request.proposed.items()})
    try:
        current = load_supergraph(request.supergraph.read_text())
        sources = _sources(request, {n: sg.url for n, sg in current.subgraphs.items()})
        operations = load_operations(request.operations) if request.operations else None
    except (OSError, SupergraphError, OperationsError, ValueError) as error:
        report.problems.append(_describe(error))
        return report
    composed = compose(sources)
    if not composed.ok or composed.supergraph_sdl is None:
        report.composition_errors = composed.errors
        return report
    try:
        proposed = load_supergraph(composed.supergraph_sdl)
    except SupergraphError as error:
        report.composition_errors = [CompositionError("SUPERGRAPH_INVALID", str(error))]
        return report
    changes = diff_schemas(current.api_schema, proposed.api_schema)
    if operations is None:
        report.changes = [ReportedChange(c, c.category) for c in changes]
    else:
        report.changes, report.operations = _narrow(
            changes, operations, current.api_schema, proposed.api_schema
        )
    return report


def _describe(error: Exception) -> str:
    if isinstance(error, OSError) and error.filename:
        return f"cannot read {error.filename}: {error.strerror}"
    return str(error)


def _sources(request: CheckRequest, urls: Mapping[str, str]) -> list[SubgraphSource]:
    """The current SDL of every subgraph, with the proposed ones in place of theirs."""
    files = {path.stem: path for path in sorted(request.subgraphs_dir.glob("*.graphql"))}
    if not files:
        raise ValueError(f"no subgraph SDL (*.graphql) in {request.subgraphs_dir}")
    missing = sorted(set(urls) - set(files) - set(request.proposed))
    if missing:
        raise ValueError(
            f"{request.subgraphs_dir} has no SDL for subgraph(s) {', '.join(missing)} of the supergraph"
        )
    files.update(request.proposed)
    return [
        SubgraphSource(name, urls.get(name, PLACEHOLDER_URL.format(name=name)), path.read_text())
        for name, path in sorted(files.items())
    ]


def _narrow(
    changes: list[Change], operations: list[Operation], old: GraphQLSchema, new: GraphQLSchema
) -> tuple[list[ReportedChange], list[OperationResult]]:
    """Breaking changes stay breaking only when a given operation uses what they change."""
    usages = {id(op): usage(old, op) for op in operations}
    reported = []
    for change in changes:
        users = tuple(op.name for op in operations if change.touches & usages[id(op)])
        category = change.category
        if category == BREAKING and not users:
            category = DANGEROUS
        reported.append(ReportedChange(change, category, users))
    results = []
    for op in operations:
        touching = tuple(
            c.coordinate for c in changes if c.category == BREAKING and c.touches & usages[id(op)]
        )
        results.append(
            OperationResult(
                op.name,
                op.source,
                breaking_changes=touching,
                errors=tuple(validation_errors(new, op)),
                invalid_before=tuple(validation_errors(old, op)),
            )
        )
    return reported, results
