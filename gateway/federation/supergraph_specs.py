"""The specs a supergraph links: join (v0.1-v0.5), tag, inaccessible and the rest.

join versions (Apollo's join spec): v0.1 is Federation 1's (with `@join__owner`, read
under `@core`); v0.2 came with Federation 2 (`@join__implements`, `extension`,
`resolvable`, `type`/`external`/`override`/`usedOverridden` on `@join__field`); v0.3
adds `isInterfaceObject`, `@join__unionMember`, `@join__enumValue` and lets
`@join__field(graph:)` be null; v0.4 (Federation 2.7) `overrideLabel` and
`@join__directive`; v0.5 (Federation 2.8) `contextArguments`.
"""

from __future__ import annotations

from dataclasses import replace

from .specs import ArgSpec, Composed, DirectiveSpec, Spec, TypeSpec, Version
from .table import (
    AUTHENTICATED,
    CONTEXT,
    COST,
    FROM_CONTEXT,
    LIST_SIZE,
    POLICY,
    REQUIRES_SCOPES,
    TAGGABLE,
)

JOIN = Spec("join", "https://specs.apollo.dev/join", versions=tuple((0, minor) for minor in range(1, 6)))
JOIN_FEDERATION_1: Version = (0, 1)  # the join version of Federation 1 supergraphs
# The join version composition links for the highest federation version of its
# subgraphs: (federation at least, join), highest first; below them all, the last one.
JOIN_FOR_FEDERATION: tuple[tuple[Version, Version], ...] = (
    ((2, 8), (0, 5)),
    ((2, 7), (0, 4)),
    ((2, 0), (0, 3)),
)

TAG_SPEC = Spec("tag", "https://specs.apollo.dev/tag", ((0, 1), (0, 2), (0, 3)), composed_version=(0, 3))
INACCESSIBLE_SPEC = Spec(
    "inaccessible", "https://specs.apollo.dev/inaccessible", ((0, 1), (0, 2)), composed_version=(0, 2)
)
AUTHENTICATED_SPEC = Spec(
    "authenticated", "https://specs.apollo.dev/authenticated", ((0, 1),), composed_version=(0, 1)
)
REQUIRES_SCOPES_SPEC = Spec(
    "requiresScopes", "https://specs.apollo.dev/requiresScopes", ((0, 1),), composed_version=(0, 1)
)
POLICY_SPEC = Spec("policy", "https://specs.apollo.dev/policy", ((0, 1),), composed_version=(0, 1))
COST_SPEC = Spec("cost", "https://specs.apollo.dev/cost", ((0, 1),), composed_version=(0, 1))
CONTEXT_SPEC = Spec("context", "https://specs.apollo.dev/context", ((0, 1),))
CONNECT_SPEC = Spec("connect", "https://specs.apollo.dev/connect", ((0, 1), (0, 2)))
# Not a spec of Apollo's (@listSize is in cost/v0.1); the gateway has always accepted
# a link to it as a known feature, and still does.
LIST_SIZE_SPEC = Spec("listSize", "https://specs.apollo.dev/listSize", ((0, 1),))

_GRAPH = ArgSpec("graph", "join__Graph!")
_FIELD_SET = "join__FieldSet"


def _join(
    name: str,
    since: Version,
    until: Version | None,
    locations: tuple[str, ...],
    arguments: tuple[ArgSpec, ...],
    repeatable: bool = True,
    composed: Composed = Composed.EMITTED,
) -> DirectiveSpec:
    return DirectiveSpec(name, JOIN, since, until, locations, arguments, repeatable, composed=composed)


JOIN_GRAPH = _join(
    "graph",
    (0, 1),
    None,
    ("ENUM_VALUE",),
    (ArgSpec("name", "String!"), ArgSpec("url", "String!")),
    repeatable=False,
)
JOIN_TYPE_V01 = _join(
    "type",
    (0, 1),
    (0, 1),
    ("OBJECT", "INTERFACE"),
    (_GRAPH, ArgSpec("key", _FIELD_SET)),
    composed=Composed.NOT_EMITTED,
)
JOIN_TYPE = _join(
    "type",
    (0, 2),
    None,
    ("OBJECT", "INTERFACE", "UNION", "ENUM", "INPUT_OBJECT", "SCALAR"),
    (
        _GRAPH,
        ArgSpec("key", _FIELD_SET),
        ArgSpec("extension", "Boolean!", "false"),
        ArgSpec("resolvable", "Boolean!", "true"),
        ArgSpec("isInterfaceObject", "Boolean!", "false", since=(0, 3)),
    ),
)
JOIN_FIELD_V01 = _join(
    "field",
    (0, 1),
    (0, 1),
    ("FIELD_DEFINITION",),
    (ArgSpec("graph", "join__Graph"), ArgSpec("requires", _FIELD_SET), ArgSpec("provides", _FIELD_SET)),
    repeatable=False,
    composed=Composed.NOT_EMITTED,
)
JOIN_FIELD = _join(
    "field",
    (0, 2),
    None,
    ("FIELD_DEFINITION", "INPUT_FIELD_DEFINITION"),
    (
        ArgSpec("graph", "join__Graph!", until=(0, 2)),
        ArgSpec("graph", "join__Graph", since=(0, 3)),  # null: inherited from an @interfaceObject
        ArgSpec("requires", _FIELD_SET),
        ArgSpec("provides", _FIELD_SET),
        ArgSpec("type", "String"),
        ArgSpec("external", "Boolean"),
        ArgSpec("override", "String"),
        ArgSpec("usedOverridden", "Boolean"),
        ArgSpec("overrideLabel", "String", since=(0, 4)),
        ArgSpec("contextArguments", "[join__ContextArgument!]", since=(0, 5)),
    ),
)
JOIN_IMPLEMENTS = _join(
    "implements", (0, 2), None, ("OBJECT", "INTERFACE"), (_GRAPH, ArgSpec("interface", "String!"))
)
JOIN_UNION_MEMBER = _join("unionMember", (0, 3), None, ("UNION",), (_GRAPH, ArgSpec("member", "String!")))
JOIN_ENUM_VALUE = _join("enumValue", (0, 3), None, ("ENUM_VALUE",), (_GRAPH,))
JOIN_DIRECTIVE = _join(
    "directive",
    (0, 4),
    None,
    ("SCHEMA", "OBJECT", "INTERFACE", "FIELD_DEFINITION"),
    (
        ArgSpec("graphs", "[join__Graph!]"),
        ArgSpec("name", "String!"),
        ArgSpec("args", "join__DirectiveArguments"),
    ),
    composed=Composed.NOT_EMITTED,
)
JOIN_OWNER = _join(
    "owner",
    (0, 1),
    (0, 1),
    ("OBJECT", "INTERFACE"),
    (_GRAPH,),
    repeatable=False,
    composed=Composed.NOT_EMITTED,
)
JOIN_DIRECTIVES = (
    JOIN_GRAPH,
    JOIN_TYPE_V01,
    JOIN_TYPE,
    JOIN_FIELD_V01,
    JOIN_FIELD,
    JOIN_IMPLEMENTS,
    JOIN_UNION_MEMBER,
    JOIN_ENUM_VALUE,
    JOIN_DIRECTIVE,
    JOIN_OWNER,
)

JOIN_GRAPH_ENUM = TypeSpec("join__Graph", JOIN, "enum", (0, 1))  # one value per subgraph
JOIN_FIELD_SET = TypeSpec(_FIELD_SET, JOIN, "scalar", (0, 1))
JOIN_FIELD_VALUE = TypeSpec("join__FieldValue", JOIN, "scalar", (0, 5))
JOIN_CONTEXT_ARGUMENT = TypeSpec(
    "join__ContextArgument",
    JOIN,
    "input",
    (0, 5),
    fields=(
        ArgSpec("name", "String!"),
        ArgSpec("type", "String!"),
        ArgSpec("context", "String!"),
        ArgSpec("selection", "join__FieldValue!"),
    ),
)
JOIN_TYPES = (
    JOIN_GRAPH_ENUM,
    JOIN_FIELD_SET,
    TypeSpec("join__DirectiveArguments", JOIN, "scalar", (0, 4)),
    JOIN_FIELD_VALUE,
    JOIN_CONTEXT_ARGUMENT,
)

# --- tag and inaccessible as the supergraph links them -----------------------------------
SUPERGRAPH_TAG = DirectiveSpec(
    "tag",
    TAG_SPEC,
    (0, 1),
    locations=(*TAGGABLE, "SCHEMA"),  # SCHEMA since v0.3
    arguments=(ArgSpec("name", "String!"),),
    repeatable=True,
    composed=Composed.EMITTED,
)
SUPERGRAPH_INACCESSIBLE = DirectiveSpec(
    "inaccessible",
    INACCESSIBLE_SPEC,
    (0, 1),
    locations=(
        "FIELD_DEFINITION",
        "OBJECT",
        "INTERFACE",
        "UNION",
        "ENUM",
        "ENUM_VALUE",
        "SCALAR",
        "INPUT_OBJECT",
        "INPUT_FIELD_DEFINITION",
        "ARGUMENT_DEFINITION",
    ),
    composed=Composed.EMITTED,
)


# --- the rest: known (their directives leave the API schema), never composed -------------
def _linked(
    directive: DirectiveSpec,
    spec: Spec,
    *arguments: ArgSpec,
    composed: Composed = Composed.NOT_EMITTED,
    locations: tuple[str, ...] = (),
) -> DirectiveSpec:
    """A federation directive as its own spec (v0.1) defines it for supergraphs."""
    return replace(
        directive,
        spec=spec,
        min_version=(0, 1),
        arguments=arguments or directive.arguments,
        composed=composed,
        locations=locations or directive.locations,
    )


# --- authorization: composition links these (for: SECURITY) when a subgraph applies them --
_EMITTED = Composed.EMITTED
SUPERGRAPH_AUTHENTICATED = _linked(AUTHENTICATED, AUTHENTICATED_SPEC, composed=_EMITTED)
_SCOPES_ARG = ArgSpec("scopes", "[[requiresScopes__Scope!]!]!")
SUPERGRAPH_REQUIRES_SCOPES = _linked(REQUIRES_SCOPES, REQUIRES_SCOPES_SPEC, _SCOPES_ARG, composed=_EMITTED)
# The reference prints @policy's locations in alphabetical order.
SUPERGRAPH_POLICY = _linked(
    POLICY,
    POLICY_SPEC,
    ArgSpec("policies", "[[policy__Policy!]!]!"),
    composed=_EMITTED,
    locations=tuple(sorted(POLICY.locations)),
)
SCOPE_SCALAR = TypeSpec("requiresScopes__Scope", REQUIRES_SCOPES_SPEC, "scalar", (0, 1))
POLICY_SCALAR = TypeSpec("policy__Policy", POLICY_SPEC, "scalar", (0, 1))
# In the order the reference links and defines them: (spec, directive, its scalar).
AUTHORIZATION: tuple[tuple[Spec, DirectiveSpec, TypeSpec | None], ...] = (
    (POLICY_SPEC, SUPERGRAPH_POLICY, POLICY_SCALAR),
    (REQUIRES_SCOPES_SPEC, SUPERGRAPH_REQUIRES_SCOPES, SCOPE_SCALAR),
    (AUTHENTICATED_SPEC, SUPERGRAPH_AUTHENTICATED, None),
)

# demand control: composition links cost/v0.1 (importing @listSize) when a subgraph applies them
SUPERGRAPH_COST = _linked(COST, COST_SPEC, composed=_EMITTED)
SUPERGRAPH_LIST_SIZE = _linked(LIST_SIZE, COST_SPEC, composed=_EMITTED)

OTHER_SUPERGRAPH_DIRECTIVES = (
    SUPERGRAPH_AUTHENTICATED,
    SUPERGRAPH_REQUIRES_SCOPES,
    SUPERGRAPH_POLICY,
    SUPERGRAPH_COST,
    SUPERGRAPH_LIST_SIZE,
    _linked(CONTEXT, CONTEXT_SPEC),
    _linked(FROM_CONTEXT, CONTEXT_SPEC, ArgSpec("field", "context__ContextFieldValue")),
)
