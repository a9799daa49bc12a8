"""Where the planner's walk is: the group being filled and what holds there."""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql.language import FieldNode, SelectionSetNode

from .groups import Group
from .selection import SelectionBuilder


@dataclass(frozen=True)
class Ctx:
    """Where the walk is: the group being filled and the response path there."""

    group: Group
    path: tuple[str, ...]
    provided: SelectionSetNode | None = None
    avoid: frozenset[Group] = frozenset()
    touched: set[Group] | None = field(default=None, compare=False)
    conditions: frozenset[tuple[str, bool]] = frozenset()  # @skip/@include on the way here
    parent: Ctx | None = field(default=None, compare=False)  # the position the field `via` hangs off
    parent_type: str = ""
    parent_target: SelectionBuilder | None = field(default=None, compare=False)
    via: FieldNode | None = field(default=None, compare=False)
    siblings: SelectionSetNode | None = field(default=None, compare=False)  # the selection planned here
