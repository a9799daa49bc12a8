"""Merged subgraph data -> exactly the client's selection, with the spec's null propagation.

Walks the client's operation over the merged tree: response keys in the client's
order, fragments applied by the object's `__typename`, `@skip`/`@include` evaluated,
`__typename` filled in, and a null in a non-null position propagated to the nearest
nullable parent with one error (unless a subgraph already reported one there).
Field collection per (selection sets, runtime type) is computed once per operation
and reused across requests.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema
from graphql.language import FragmentDefinitionNode, OperationDefinitionNode

from ..cache import BoundedCache
from .codegen import generate
from .compile import Compiler
from .exact import PROPAGATE, ExactWalk
from .fields import ObjectFn, Unusual
from .selection import SelectionIndex, condition_variables


class Shaper:
    """Per-operation; shared by every request that runs the same operation."""

    def __init__(
        self,
        schema: GraphQLSchema,
        operation: OperationDefinitionNode,
        fragments: dict[str, FragmentDefinitionNode],
    ) -> None:
        self.schema = schema
        self.operation = operation
        self.index = SelectionIndex(schema, fragments)
        self._condition_variables = tuple(sorted(condition_variables(operation, fragments)))
        # one generated function per assignment of the @skip/@include variables
        self._compiled: BoundedCache[tuple[bool, ...], ObjectFn] = BoundedCache("shaping-functions", 64)

    def shape(
        self,
        data: dict[str, Any],
        variables: dict[str, Any],
        errors: list[dict[str, Any]],
        root_type: GraphQLObjectType,
    ) -> dict[str, Any] | None:
        signature = tuple(bool(variables.get(name)) for name in self._condition_variables)
        function = self._compiled.get(signature)
        if function is None:
            conditions = dict(zip(self._condition_variables, signature, strict=True))
            compiler = Compiler(self.index, conditions)
            function = generate(compiler.object_fields(root_type, (self.operation.selection_set,)))
            self._compiled.put(signature, function)
        try:
            return function(data)
        except Unusual:
            pass
        run = ExactWalk(self.index, variables, errors)
        result = run.complete_object(data, root_type, (self.operation.selection_set,), [])
        return None if result is PROPAGATE else result
