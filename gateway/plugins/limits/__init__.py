"""Limits on hostile documents, checked after parsing and before validation (whose cost grows
with the document), each fragment measured once however often it is spread: depth, aliases,
fields once fragments are spread, and root fields (each a separate entry point, often a separate
subgraph fetch). A refusal is GRAPHQL_VALIDATION_FAILED naming the measure and the limit.

    limits:
      max_depth: 100        # 0 = no limit
      max_aliases: 1000
      max_fields: 20000
      max_root_fields: 0    # 0 = no limit
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

from ...config.declare import setting
from ...errors import ValidationFailed
from ...hooks import Plugin, RequestContext


@dataclass(frozen=True)
class LimitsConfig:
    """Limits on the operations clients send."""

    max_depth: int = setting(100, doc="Deepest selection allowed (0: no limit).", minimum=0)
    max_aliases: int = setting(1000, doc="Aliases allowed in one operation (0: no limit).", minimum=0)
    max_fields: int = setting(20000, doc="Fields once fragments are spread (0: no limit).", minimum=0)
    max_root_fields: int = setting(
        0, doc="Root fields in one operation, fragments spread (0: no limit).", minimum=0
    )
    max_tokens: int = setting(20000, doc="Tokens the parser reads at most (0: no limit).", minimum=0)
    max_body_bytes: int = setting(2_000_000, doc="Largest request body accepted, in bytes.", minimum=1)


class LimitsPlugin(Plugin):
    name = "limits"
    Config = LimitsConfig

    def on_document(self, ctx: RequestContext | None, document: DocumentNode) -> None:
        fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                check_limits(definition, fragments, self.config)


def check_limits(
    operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode], limits: LimitsConfig
) -> None:
    depth, aliases, fields = _measure(operation.selection_set, fragments, {}, set())
    if limits.max_depth and depth > limits.max_depth:
        raise ValidationFailed(f"The operation is {depth} levels deep; the limit is {limits.max_depth}.")
    if limits.max_aliases and aliases > limits.max_aliases:
        raise ValidationFailed(f"The operation uses {aliases} aliases; the limit is {limits.max_aliases}.")
    if limits.max_fields and fields > limits.max_fields:
        raise ValidationFailed(
            f"The operation selects {fields} fields once its fragments are spread; the limit is "
            f"{limits.max_fields}."
        )
    if limits.max_root_fields:
        roots = _root_fields(operation.selection_set, fragments, {}, set())
        if roots > limits.max_root_fields:
            raise ValidationFailed(
                f"The operation selects {roots} root fields; the limit is {limits.max_root_fields}."
            )


def _root_fields(
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    memo: dict[str, int],
    stack: set[str],
) -> int:
    """Fields at the operation's top level, through inline fragments and spreads (each fragment
    measured once, however often it is spread)."""
    count = 0
    for sel in selection_set.selections:
        if isinstance(sel, FieldNode):
            count += 1
        elif isinstance(sel, InlineFragmentNode):
            count += _root_fields(sel.selection_set, fragments, memo, stack)
        elif isinstance(sel, FragmentSpreadNode):
            name = sel.name.value
            if name in stack or name not in fragments:
                continue
            if name not in memo:
                stack.add(name)
                memo[name] = _root_fields(fragments[name].selection_set, fragments, memo, stack)
                stack.discard(name)
            count += memo[name]
    return count


Measure = tuple[int, int, int]  # depth, aliases, fields (with fragments spread where used)


def _measure(
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    memo: dict[str, Measure],
    stack: set[str],
) -> Measure:
    """Each fragment is measured once however often it is spread (no blow-up on fragment
    bombs); a cycle (invalid, rejected later by validation) adds nothing."""
    depth = aliases = fields = 0
    for sel in selection_set.selections:
        inner: Measure = (0, 0, 0)
        if isinstance(sel, FieldNode):
            fields += 1
            aliases += 1 if sel.alias else 0
            if sel.selection_set is not None:
                inner = _measure(sel.selection_set, fragments, memo, stack)
            depth = max(depth, inner[0] + 1)
        elif isinstance(sel, InlineFragmentNode):
            inner = _measure(sel.selection_set, fragments, memo, stack)
            depth = max(depth, inner[0])
        elif isinstance(sel, FragmentSpreadNode):
            name = sel.name.value
            if name in stack or name not in fragments:
                continue
            if name not in memo:
                stack.add(name)
                memo[name] = _measure(fragments[name].selection_set, fragments, memo, stack)
                stack.discard(name)
            inner = memo[name]
            depth = max(depth, inner[0])
        aliases += inner[1]
        fields += inner[2]
    return depth, aliases, fields
