"""`@defer`: the directive in the API schema, its validation rules, and streamed responses kept
apart from ordinary ones (a streamed execution is never shared by de-duplication).

    defer:
      enabled: false   # true: `@defer` is in the API schema; multipart/mixed clients get parts

Planning is in `gateway/plan/defer.py`, execution and shaping of the parts in
`gateway/engine/incremental.py`, the `multipart/mixed` response in `gateway/http/multipart.py`.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from graphql.language import (
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    StringValueNode,
    Visitor,
    visit,
)

from ...config.declare import setting
from ...engine.incremental import INCREMENTAL
from ...errors import VALIDATION_FAILED, ValidationFailed, error_dict
from ...hooks import Plugin, RequestContext
from ...plan.defer import DEFER_DIRECTIVE

SCHEMA_EXTENSION = DEFER_DIRECTIVE


@dataclass(frozen=True)
class DeferConfig:
    """`@defer` and incremental delivery over `multipart/mixed`."""

    enabled: bool = setting(
        False, doc="Offer `@defer`: multipart/mixed clients get the deferred parts later."
    )

    @property
    def empty(self) -> bool:
        return not self.enabled


class DeferPlugin(Plugin):
    name = "defer"
    Config = DeferConfig
    schema_extension = SCHEMA_EXTENSION

    def on_document(self, ctx: RequestContext | None, document: DocumentNode) -> None:
        check_defer_usage(document)

    def request_key(self, ctx: RequestContext) -> Hashable | None:
        """A streamed response is consumed once: never shared with another request."""
        return ("incremental", id(ctx)) if ctx.state.get(INCREMENTAL) else None


class _DeferUses(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.labels: list[str] = []
        self.problems: list[str] = []

    def enter_directive(self, node: DirectiveNode, *_: object) -> None:
        if node.name.value != "defer":
            return
        for arg in node.arguments or ():
            if arg.name.value != "label":
                continue
            if not isinstance(arg.value, StringValueNode):
                self.problems.append("The `label` of @defer must be a static string, not a variable.")
            elif arg.value.value in self.labels:
                self.problems.append(f'The @defer label "{arg.value.value}" is used more than once.')
            else:
                self.labels.append(arg.value.value)


def check_defer_usage(document: DocumentNode) -> None:
    """Labels static and unique; no @defer around the root fields of a mutation or subscription
    (their order and side effects are the operation's, not deliverable later)."""
    uses = _DeferUses()
    visit(document, uses)
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    for definition in document.definitions:
        if (
            isinstance(definition, OperationDefinitionNode)
            and definition.operation != OperationType.QUERY
            and _defers_root(definition.selection_set, fragments, set())
        ):
            kind = definition.operation.value
            uses.problems.append(f"@defer cannot be used on the root fields of a {kind}.")
    if uses.problems:
        errors = [error_dict(problem, VALIDATION_FAILED) for problem in uses.problems]
        raise ValidationFailed(uses.problems[0], errors)


def _defers_root(
    selection_set: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode], seen: set[str]
) -> bool:
    for sel in selection_set.selections:
        if isinstance(sel, FieldNode):
            continue
        if any(d.name.value == "defer" for d in sel.directives or ()):
            return True
        inner = getattr(sel, "selection_set", None)
        name = getattr(getattr(sel, "name", None), "value", None)
        if inner is None and name is not None and name not in seen and name in fragments:
            seen.add(name)
            inner = fragments[name].selection_set
        if inner is not None and _defers_root(inner, fragments, seen):
            return True
    return False


__all__ = ["INCREMENTAL", "SCHEMA_EXTENSION", "DeferConfig", "DeferPlugin"]
