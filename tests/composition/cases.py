"""Small subgraph sets: ones that compose (checked against the reference composition)
and broken ones both compositions must reject (with the error code govgraph gives).
"""

from __future__ import annotations

F2 = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: [{imports}])\n'


def fed2(imports: str, body: str, version: str = "v2.3") -> str:
    quoted = ", ".join(f'"@{name}"' for name in imports.split())
    return F2.replace("v2.3", version).format(imports=quoted) + body


VALID: dict[str, dict[str, str]] = {
    "fed1_value_types_and_extends": {
        "a": "type Query { a: Thing }\ntype Thing { id: ID! label: String }\n"
        'type User @key(fields: "id") { id: ID! name: String }',
        "b": "extend type Query { b: Thing }\ntype Thing { id: ID! label: String }\n"
        'type User @extends @key(fields: "id") { id: ID! @external age: Int }',
        "c": 'extend type User @key(fields: "id") { id: ID! @external nick: String }\n'
        "extend type Query { c: User }",
    },
    "override_with_label": {
        "old": fed2("key", 'type Query { item: Item }\ntype Item @key(fields: "id") { id: ID! price: Int }'),
        "new": fed2(
            "key override",
            'type Item @key(fields: "id") '
            '{ id: ID! price: Int @override(from: "old", label: "percent(50)") }',
            "v2.7",
        ),
    },
    "enums_by_use": {
        "a": fed2(
            "shareable",
            "type Query { colour: Colour size(s: Size): Int both(m: Mode): Mode }\n"
            "enum Colour { RED GREEN }\nenum Size { S M L }\nenum Mode { ON OFF }",
        ),
        "b": fed2(
            "shareable",
            "type Query { colour2: Colour size2(s: Size): Int both2(m: Mode): Mode }\n"
            "enum Colour { RED BLUE }\nenum Size { M L XL }\nenum Mode { ON OFF }",
        ),
    },
    "inputs_and_arguments": {
        "a": fed2(
            "shareable",
            "type Query { find(filter: Filter, limit: Int, extra: String): [String] @shareable }\n"
            'input Filter { name: String! = "x" age: Int onlyA: Boolean }',
        ),
        "b": fed2(
            "shareable",
            "type Query { find(filter: Filter, limit: Int!): [String] @shareable }\n"
            "input Filter { name: String age: Int! }",
        ),
    },
    "tags_inaccessible_deprecated_descriptions": {
        "a": fed2(
            "key tag inaccessible",
            '"""The root."""\ntype Query {\n'
            '  "the thing" thing(id: ID! @tag(name: "arg")): Thing @tag(name: "public")\n'
            '  old: String @deprecated(reason: "use thing")\n  hidden: String @inaccessible\n}\n'
            'type Thing @key(fields: "id") @tag(name: "entity") { id: ID! secret: String @inaccessible }\n'
            'enum Kind { A B @deprecated(reason: "no") C @inaccessible }\ntype K { kind: Kind }\n'
            'scalar Url @specifiedBy(url: "https://example.org/url")\ntype L { url: Url }',
        ),
        "b": fed2("key", 'type Thing @key(fields: "id") { id: ID! "count" count: Int }'),
    },
    "entity_interface_and_unions": {
        "a": fed2(
            "key shareable",
            'interface Node @key(fields: "id") { id: ID! }\n'
            'type Book implements Node @key(fields: "id") { id: ID! title: String }\n'
            "union Media = Book\ntype Query { node(id: ID!): Node media: [Media] @shareable }",
        ),
        "b": fed2(
            "key shareable",
            'type Film @key(fields: "id") { id: ID! length: Int }\n'
            'type Book @key(fields: "id") { id: ID! }\n'
            "union Media = Book | Film\ntype Query { media: [Media] @shareable }",
        ),
    },
    "nullability_merge": {
        "a": fed2(
            "shareable", "type Query { v: V @shareable }\ntype V @shareable { n: Int! list: [String!]! }"
        ),
        "b": fed2("shareable", "type Query { v: V @shareable }\ntype V @shareable { n: Int list: [String] }"),
    },
    "renamed_imports_and_roots": {
        "a": 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", '
        'import: [{name: "@key", as: "@primaryKey"}])\n'
        "schema { query: RootQuery mutation: RootMutation }\n"
        "type RootQuery { user: User }\ntype RootMutation { rename(name: String!): User }\n"
        'type User @primaryKey(fields: "id") { id: ID! name: String @federation__shareable }',
        "b": fed2(
            "key shareable",
            'type User @key(fields: "id") { id: ID! name: String @shareable }\n'
            "type Mutation { ping: Boolean }",
        ),
    },
    "keys_requires_provides": {
        "a": fed2(
            "key",
            "type Query { order(id: ID!): Order }\n"
            'type Order @key(fields: "id") @key(fields: "number region") '
            "{ id: ID! number: Int! region: String! total: Int }",
        ),
        "b": fed2(
            "key external requires provides",
            'extend type Order @key(fields: "id") { id: ID! @external total: Int @external '
            'tax: Int @requires(fields: "id total") customer: Customer @provides(fields: "name") }\n'
            'type Customer @key(fields: "id", resolvable: false) { id: ID! name: String @external }',
        ),
        "c": fed2("key", 'type Customer @key(fields: "id") { id: ID! name: String }'),
    },
    "mixed_fed1_fed2_and_names": {
        "my-service": 'type Query { me: Account }\ntype Account @key(fields: "id") { id: ID! email: String }',
        "billingV2": fed2("key", 'type Account @key(fields: "id") { id: ID! balance: Float }'),
    },
    "override_used_and_shareable": {
        "a": fed2(
            "key shareable",
            "interface Doc { title: String }\n"
            'type Query { p: P docs: [Doc] }\ntype P implements Doc @key(fields: "id") '
            "{ id: ID! title: String code: String @shareable note: String @shareable }",
        ),
        "b": fed2(
            "key override shareable",
            'type P @key(fields: "id") { id: ID! title: String @override(from: "a") '
            'code: String @shareable @override(from: "a") note: String @shareable @override(from: "gone") }',
        ),
    },
    "fed1_unused_external_and_requires": {
        "a": 'type Query { t: T }\ntype T @key(fields: "id") { id: ID! w: Int v: Int }',
        "b": 'extend type T @key(fields: "id") { id: ID! @external w: Int @external v: Int @external '
        'x: Int @requires(fields: "w") }',
    },
    "federation_v29_header": {
        "a": fed2("key", 'type Query { t: T }\ntype T @key(fields: "id") { id: ID! }', "v2.9"),
        "b": fed2("key", 'type T @key(fields: "id") { id: ID! more: String }'),
    },
    "query_provides_differs": {
        "a": fed2(
            "key provides external shareable",
            'type Query { t: T @shareable @provides(fields: "n") }\n'
            'type T @key(fields: "id") { id: ID! n: String @external }',
        ),
        "b": fed2(
            "key shareable",
            'type Query { t: T @shareable u: Int }\ntype T @key(fields: "id") { id: ID! n: String }',
        ),
    },
    "executable_directives": {
        "a": fed2(
            "shareable",
            "directive @lower(strict: Boolean = false) on FIELD | QUERY\n"
            "directive @schemaOnly on FIELD_DEFINITION\ntype Query { a: Int @shareable @schemaOnly }",
        ),
        "b": fed2(
            "shareable",
            "directive @lower(strict: Boolean = false) on FIELD\ndirective @only2 on FIELD\n"
            "directive @withArg(x: Int) on FIELD\ntype Query { a: Int @shareable }",
        ),
    },
}

BROKEN: dict[str, tuple[str, dict[str, str]]] = {
    "field_sharing": (
        "INVALID_FIELD_SHARING",
        {
            "a": fed2("key", 'type Query { a: T }\ntype T @key(fields: "id") { id: ID! name: String }'),
            "b": fed2("key", 'type T @key(fields: "id") { id: ID! name: String }'),
        },
    ),
    "kind_mismatch": (
        "TYPE_KIND_MISMATCH",
        {
            "a": fed2("shareable", "type Query { a: T @shareable }\ntype T { id: ID }"),
            "b": fed2("shareable", "type Query { b: T }\ninterface T { id: ID }"),
        },
    ),
    "field_type_mismatch": (
        "FIELD_TYPE_MISMATCH",
        {
            "a": fed2("shareable", "type Query { a: T }\ntype T @shareable { v: String }"),
            "b": fed2("shareable", "type Query { b: T }\ntype T @shareable { v: Int }"),
        },
    ),
    "key_unknown_field": (
        "KEY_INVALID_FIELDS",
        {"a": fed2("key", 'type Query { t: T }\ntype T @key(fields: "nope") { id: ID! }')},
    ),
    "key_interface_field": (
        "KEY_FIELDS_SELECT_INVALID_TYPE",
        {
            "a": fed2(
                "key",
                "type Query { t: T }\ninterface I { id: ID! }\ntype J implements I { id: ID! }\n"
                'type T @key(fields: "i { id }") { i: I! }',
            )
        },
    ),
    "key_field_with_args": (
        "KEY_FIELDS_HAS_ARGS",
        {"a": fed2("key", 'type Query { t: T }\ntype T @key(fields: "id") { id(x: Int): ID! }')},
    ),
    "requires_unknown_field": (
        "REQUIRES_INVALID_FIELDS",
        {
            "a": fed2("key", 'type Query { t: T }\ntype T @key(fields: "id") { id: ID! }'),
            "b": fed2(
                "key requires", 'type T @key(fields: "id") { id: ID! x: Int @requires(fields: "nope") }'
            ),
        },
    ),
    "requires_not_external": (
        "REQUIRES_FIELDS_MISSING_EXTERNAL",
        {
            "a": fed2("key", 'type Query { t: T }\ntype T @key(fields: "id") { id: ID! }'),
            "b": fed2(
                "key requires", 'type T @key(fields: "id") { id: ID! w: Int x: Int @requires(fields: "w") }'
            ),
        },
    ),
    "provides_unknown_field": (
        "PROVIDES_INVALID_FIELDS",
        {
            "a": fed2(
                "key provides",
                'type Query { t: T @provides(fields: "nope") }\ntype T @key(fields: "id") { id: ID! }',
            ),
        },
    ),
    "provides_not_external": (
        "PROVIDES_FIELDS_MISSING_EXTERNAL",
        {
            "a": fed2(
                "key provides shareable",
                'type Query { t: T @provides(fields: "name") }\n'
                'type T @key(fields: "id") { id: ID! name: String @shareable }',
            ),
            "b": fed2("key shareable", 'type T @key(fields: "id") { id: ID! name: String @shareable }'),
        },
    ),
    "provides_on_scalar": (
        "PROVIDES_ON_NON_OBJECT_FIELD",
        {"a": fed2("provides", 'type Query { t: String @provides(fields: "x") }')},
    ),
    "external_everywhere": (
        "EXTERNAL_MISSING_ON_BASE",
        {
            "a": fed2("key", 'type Query { t: T }\ntype T @key(fields: "id") { id: ID! }'),
            "b": fed2(
                "key external requires",
                'type T @key(fields: "id") { id: ID! w: Int @external x: Int @requires(fields: "w") }',
            ),
        },
    ),
    "external_unused": (
        "EXTERNAL_UNUSED",
        {
            "a": fed2("key", 'type Query { t: T }\ntype T @key(fields: "id") { id: ID! w: Int }'),
            "b": fed2("key external", 'type T @key(fields: "id") { id: ID! w: Int @external x: Int }'),
        },
    ),
    "override_from_self": (
        "OVERRIDE_FROM_SELF_ERROR",
        {
            "a": fed2(
                "key override",
                'type Query { t: T }\ntype T @key(fields: "id") { id: ID! x: Int @override(from: "a") }',
            )
        },
    ),
    "override_on_external": (
        "OVERRIDE_COLLISION_WITH_ANOTHER_DIRECTIVE",
        {
            "a": fed2("key", 'type Query { t: T }\ntype T @key(fields: "id") { id: ID! x: Int }'),
            "b": fed2(
                "key override external provides",
                'type T @key(fields: "id") { id: ID! x: Int @override(from: "a") @external }\n'
                'type Query { u: T @provides(fields: "x") }',
            ),
        },
    ),
    "override_chain": (
        "OVERRIDE_SOURCE_HAS_OVERRIDE",
        {
            "a": fed2(
                "key override",
                'type Query { t: T }\ntype T @key(fields: "id") { id: ID! x: Int @override(from: "b") }',
            ),
            "b": fed2("key override", 'type T @key(fields: "id") { id: ID! x: Int @override(from: "a") }'),
        },
    ),
    "enum_both_ways_mismatch": (
        "ENUM_VALUE_MISMATCH",
        {
            "a": fed2("shareable", "type Query { m(x: Mode): Mode }\nenum Mode { ON OFF }"),
            "b": fed2("shareable", "type Query { n(x: Mode): Mode }\nenum Mode { ON OFF AUTO }"),
        },
    ),
    "enum_input_empty": (
        "EMPTY_MERGED_ENUM_TYPE",
        {
            "a": fed2("shareable", "type Query { m(x: Mode): Int }\nenum Mode { ON }"),
            "b": fed2("shareable", "type Query { n(x: Mode): Int }\nenum Mode { OFF }"),
        },
    ),
    "argument_type_mismatch": (
        "FIELD_ARGUMENT_TYPE_MISMATCH",
        {
            "a": fed2("shareable", "type Query { f(x: Int): Int @shareable }"),
            "b": fed2("shareable", "type Query { f(x: String): Int @shareable }"),
        },
    ),
    "required_argument_missing": (
        "REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH",
        {
            "a": fed2("shareable", "type Query { f(x: Int!): Int @shareable }"),
            "b": fed2("shareable", "type Query { f: Int @shareable }"),
        },
    ),
    "input_field_type_mismatch": (
        "FIELD_TYPE_MISMATCH",
        {
            "a": fed2("shareable", "type Query { f(i: In): Int }\ninput In { v: Int }"),
            "b": fed2("shareable", "type Query { g(i: In): Int }\ninput In { v: String }"),
        },
    ),
    "required_input_field_missing": (
        "REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH",
        {
            "a": fed2("shareable", "type Query { f(i: In): Int }\ninput In { v: Int w: Int! }"),
            "b": fed2("shareable", "type Query { g(i: In): Int }\ninput In { v: Int }"),
        },
    ),
    "value_type_field_unreachable": (
        "SATISFIABILITY_ERROR",
        {
            "a": fed2("shareable", "type Query { a: V }\ntype V @shareable { x: Int }"),
            "b": fed2("shareable", "type Query { b: Int }\ntype V @shareable { x: Int y: Int }"),
        },
    ),
    "entity_not_resolvable": (
        "SATISFIABILITY_ERROR",
        {
            "a": fed2("key", 'type Query { a: T }\ntype T @key(fields: "id") { id: ID! }'),
            "b": fed2("key", 'type T @key(fields: "id", resolvable: false) { id: ID! more: Int }'),
        },
    ),
    "interface_field_missing": (
        "INTERFACE_FIELD_NO_IMPLEM",
        {
            "a": fed2(
                "key",
                "type Query { i: I }\ninterface I { x: Int y: Int }\ntype T implements I { x: Int y: Int }",
            ),
            "b": fed2(
                "key",
                "interface I { x: Int z: Int }\ntype U implements I { x: Int z: Int }\ntype Query { u: U }",
            ),
        },
    ),
    "no_queries": (
        "NO_QUERIES",
        {"a": fed2("key", 'type T @key(fields: "id") { id: ID! }')},
    ),
    "invalid_graphql": (
        "INVALID_GRAPHQL",
        {"a": "type Query { a: }"},
    ),
    "unknown_directive": (
        "INVALID_GRAPHQL",
        {"a": 'type Query { a: Int @shareable }\ntype T @key(fields: "id") { id: ID! }'},
    ),
    "unknown_type": (
        "INVALID_GRAPHQL",
        {"a": fed2("key", "type Query { a: Missing }")},
    ),
    "extension_without_base": (
        "EXTENSION_WITH_NO_BASE",
        {
            "a": fed2("key", "type Query { a: Int }"),
            "b": fed2("key", 'extend type T @key(fields: "id") { id: ID! x: Int }\ntype Query { t: T }'),
        },
    ),
    "interface_object_everywhere": (
        "INTERFACE_OBJECT_USAGE_ERROR",
        {
            "a": fed2(
                "key interfaceObject",
                'type Query { a: A }\ntype A @key(fields: "id") @interfaceObject { id: ID! }',
            )
        },
    ),
    "only_inaccessible_children": (
        "ONLY_INACCESSIBLE_CHILDREN",
        {"a": fed2("inaccessible", "type Query { a: Int @inaccessible }")},
    ),
    "authorization_on_interface": (
        "AUTH_REQUIREMENTS_APPLIED_ON_INTERFACE",
        {
            "a": fed2(
                "authenticated", "type Query { n: Node }\ninterface Node @authenticated { id: ID! }", "v2.5"
            )
        },
    ),
    "authorization_on_interface_field": (
        "AUTH_REQUIREMENTS_APPLIED_ON_INTERFACE",
        {
            "a": fed2(
                "requiresScopes",
                'type Query { n: Node }\ninterface Node { id: ID! @requiresScopes(scopes: [["s"]]) }',
                "v2.5",
            )
        },
    ),
}

# The authorization directives (Federation 2.5/2.6): compared byte for byte with the reference.
_AUTH = "key shareable authenticated requiresScopes policy"
AUTHORIZATION: dict[str, dict[str, str]] = {
    "authorization_on_every_location": {
        "a": fed2(
            _AUTH + " interfaceObject",
            "type Query { me: User @authenticated\n"
            'pub: String @shareable @requiresScopes(scopes: [["read"]]) }\n'
            'type User @key(fields: "id") @requiresScopes(scopes: [["a", "b"], ["c"]]) '
            '{ id: ID! name: String @policy(policies: [["p1"]]) }\n'
            'scalar Secret @requiresScopes(scopes: [["s"]])\n'
            'enum Level @policy(policies: [["lp"]]) { LOW HIGH }\n'
            'type Doc @key(fields: "id") { id: ID! secret: Secret level: Level @authenticated }',
            "v2.6",
        ),
        "b": 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", '
        '"@shareable", {name: "@requiresScopes", as: "@scopes"}, {name: "@authenticated", as: "@auth"}])\n'
        'type Query { pub: String @shareable @scopes(scopes: [["read", "x"], ["admin"]]) docs: [Doc] }\n'
        'type User @key(fields: "id") @scopes(scopes: [["c"], ["d"]]) @auth { id: ID! email: String @auth }\n'
        'type Doc @key(fields: "id") { id: ID! title: String }\n'
        'scalar Secret @scopes(scopes: [["t"], ["s"]]) @auth\n'
        'extend type Doc @scopes(scopes: [["doc"]])',
    },
    "authorization_reaches_interfaces_from_implementations": {
        "a": fed2(
            _AUTH,
            "type Query { nodes: [Node] search: [Result] }\ninterface Node { id: ID! body: String }\n"
            "union Result = Post | Note\n"
            'type Post implements Node @key(fields: "id") @authenticated { id: ID! body: String '
            '@requiresScopes(scopes: [["post:read"]]) }\n'
            'type Note implements Node @key(fields: "id") @policy(policies: [["owner"], ["admin"]]) '
            '{ id: ID! body: String @requiresScopes(scopes: [["note:read"], ["admin"]]) }',
            "v2.6",
        ),
        "b": fed2(
            "key policy",
            'type Note @key(fields: "id") @policy(policies: [["staff"]]) { id: ID! '
            'tags: [String] @policy(policies: [["tagger", "owner"]]) }',
            "v2.6",
        ),
    },
    "authorization_federation_prefixed_names": {
        "a": 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])\n'
        "type Query { a: A @federation__authenticated\n"
        'b: String @federation__requiresScopes(scopes: [["one"]]) }\n'
        'type A @key(fields: "id") { id: ID! n: Int @federation__requiresScopes(scopes: [["y", "x"]]) }',
    },
}

# Demand control (Federation 2.9, cost/v0.1): compared byte for byte with the reference.
_COST = "key shareable cost listSize"
DEMAND: dict[str, dict[str, str]] = {
    "cost_and_list_size_merged_across_subgraphs": {
        "a": fed2(
            _COST,
            "type Query {\n"
            '  items(first: Int, last: Int): [Item!]! @listSize(slicingArguments: ["first", "last"], '
            "requireOneSlicingArgument: false)\n"
            '  page(first: Int): Page @listSize(slicingArguments: ["first"], sizedFields: ["edges"])'
            " @cost(weight: 2)\n"
            "  expensive(arg: Int @cost(weight: 5)): Int @cost(weight: 10)\n"
            "  fixed: [Int] @listSize(assumedSize: 7)\n"
            "  shared: [Int] @shareable @listSize(assumedSize: 3)\n}\n"
            "type Page { edges: [Item] }\n"
            'type Item @key(fields: "id") @cost(weight: 3) { id: ID! score: Score kind: Kind }\n'
            "scalar Score @cost(weight: 4)\nenum Kind @cost(weight: 6) { A B }\n"
            "input Filter { x: Int @cost(weight: 8) }",
            "v2.9",
        ),
        "b": fed2(
            _COST,
            "type Query { shared: [Int] @shareable @listSize(assumedSize: 5) }\n"
            'type Item @key(fields: "id") @cost(weight: 9) { id: ID! extra: String @cost(weight: 1) }',
            "v2.9",
        ),
    },
    "cost_renamed_and_on_interfaces": {
        "c": 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", '
        '{name: "@cost", as: "@weight"}, {name: "@listSize", as: "@size"}])\n'
        "type Query {\n"
        '  nodes(first: Int): [Node] @size(slicingArguments: ["first"])\n'
        '  only(first: Int!, after: String): [Thing!] @size(slicingArguments: ["first"], '
        "requireOneSlicingArgument: true) @weight(weight: 0)\n}\n"
        'interface Node { id: ID! children(first: Int): [Node] @size(slicingArguments: ["first"], '
        "assumedSize: 4) }\n"
        'type Thing implements Node @key(fields: "id") '
        '{ id: ID! children(first: Int @weight(weight: 2)): [Node] @size(slicingArguments: ["first"]) }',
        "d": 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])\n'
        "type Query { d(x: Int): Int @federation__cost(weight: 3) }\n"
        'type Thing @key(fields: "id") { id: ID! }',
    },
    "list_size_slicing_arguments_every_subgraph_declares": {
        "e": fed2(
            _COST,
            "type Query { list(first: Int, last: Int): [Int] @shareable "
            '@listSize(slicingArguments: ["first", "last"]) }',
            "v2.9",
        ),
        "f": fed2(
            _COST,
            "type Query { list(first: Int): [Int] @shareable "
            '@listSize(slicingArguments: ["first"], assumedSize: 2) }',
            "v2.9",
        ),
    },
}

BROKEN_DEMAND: dict[str, tuple[str, dict[str, str]]] = {
    "list_size_slicing_argument_not_an_int": (
        "LIST_SIZE_INVALID_SLICING_ARGUMENT",
        {
            "a": fed2(
                _COST,
                'type Query { people(ids: [ID!]!): [Int] @listSize(slicingArguments: ["ids"]) }',
                "v2.9",
            )
        },
    ),
    "list_size_slicing_argument_missing": (
        "LIST_SIZE_INVALID_SLICING_ARGUMENT",
        {
            "a": fed2(
                _COST, 'type Query { people(n: Int): [Int] @listSize(slicingArguments: ["first"]) }', "v2.9"
            )
        },
    ),
    "list_size_on_a_single_value": (
        "LIST_SIZE_INVALID_SIZED_FIELD",
        {"a": fed2(_COST, "type Query { one: Int @listSize(assumedSize: 3) }", "v2.9")},
    ),
    "list_size_negative_assumed_size": (
        "LIST_SIZE_INVALID_ASSUMED_SIZE",
        {"a": fed2(_COST, "type Query { many: [Int] @listSize(assumedSize: -1) }", "v2.9")},
    ),
    "list_size_sized_field_not_a_list": (
        "LIST_SIZE_APPLIED_TO_NON_LIST",
        {"a": fed2(_COST, 'type Query { p: P @listSize(sizedFields: ["n"]) }\ntype P { n: Int }', "v2.9")},
    ),
    "cost_on_an_interface_field": (
        "COST_APPLIED_TO_INTERFACE_FIELD",
        {"a": fed2(_COST, "type Query { n: Node }\ninterface Node { id: ID! @cost(weight: 1) }", "v2.9")},
    ),
    "list_size_slicing_arguments_all_disregarded": (
        "LIST_SIZE_INVALID_SLICING_ARGUMENT",
        {
            "a": fed2(
                _COST,
                'type Query { l(first: Int): [Int] @shareable @listSize(slicingArguments: ["first"]) }',
                "v2.9",
            ),
            "b": fed2(_COST, "type Query { l: [Int] @shareable }", "v2.9"),
        },
    ),
}
BROKEN.update(BROKEN_DEMAND)
