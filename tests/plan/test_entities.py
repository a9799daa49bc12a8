"""Entities: re-entering an object in another subgraph through `_entities` by one of its keys."""

from __future__ import annotations

from gateway.errors import QUERY_PLANNING_FAILED
from gateway.plan.nodes import RepField

from .support import FED2, Planner, assert_plan, assert_planning_fails, planner

SHOP = planner(
    products=FED2
    + """
    type Query { topProducts: [Product] product(upc: ID!): Product }
    type Product @key(fields: "upc") { upc: ID! name: String price: Int }
    """,
    reviews=FED2
    + """
    type Product @key(fields: "upc") { upc: ID! reviews: [Review] }
    type Review { body: String author: User product: Product }
    type User @key(fields: "id") { id: ID! }
    """,
    accounts=FED2
    + """
    type Query { me: User }
    type User @key(fields: "id") { id: ID! name: String }
    """,
)


def test_fields_of_one_subgraph_are_one_fetch() -> None:
    assert_plan(
        SHOP,
        "{ topProducts { upc name price } }",
        """
        QueryPlan {
          Fetch(service: "products") {
            {
              topProducts {
                upc
                name
                price
              }
            }
          },
        }
        """,
    )


def test_field_of_another_subgraph_is_an_entity_fetch_by_key() -> None:
    assert_plan(
        SHOP,
        "{ topProducts { name reviews { body } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  name
                  __typename
                  upc
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "reviews") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    reviews {
                      body
                    }
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_entity_chain_through_three_subgraphs() -> None:
    assert_plan(
        SHOP,
        '{ product(upc: "1") { reviews { body author { name } } } }',
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                product(upc:"1") {
                  __typename
                  upc
                }
              }
            },
            Flatten(path: "product") {
              Fetch(service: "reviews") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    reviews {
                      body
                      author {
                        __typename
                        id
                      }
                    }
                  }
                }
              },
            },
            Flatten(path: "product.reviews.@.author") {
              Fetch(service: "accounts") {
                {
                  ... on User {
                    __typename
                    id
                  }
                } =>
                {
                  ... on User {
                    name
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_key_field_needs_no_entity_fetch() -> None:
    assert_plan(
        SHOP,
        "{ topProducts { reviews { author { id } } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  __typename
                  upc
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "reviews") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    reviews {
                      author {
                        id
                      }
                    }
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_back_to_the_first_subgraph_at_a_nested_path() -> None:
    assert_plan(
        SHOP,
        "{ me { name } topProducts { reviews { product { name } } } }",
        """
        QueryPlan {
          Sequence {
            Parallel {
              Fetch(service: "accounts") {
                {
                  me {
                    name
                  }
                }
              },
              Fetch(service: "products") {
                {
                  topProducts {
                    __typename
                    upc
                  }
                }
              },
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "reviews") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    reviews {
                      product {
                        __typename
                        upc
                      }
                    }
                  }
                }
              },
            },
            Flatten(path: "topProducts.@.reviews.@.product") {
              Fetch(service: "products") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    name
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_compound_key() -> None:
    p = planner(
        catalog=FED2
        + """
        type Query { items: [Item] }
        type Item @key(fields: "sku region") { sku: ID! region: String! title: String }
        """,
        stock=FED2
        + """
        type Item @key(fields: "sku region") { sku: ID! region: String! count: Int }
        """,
    )
    assert_plan(
        p,
        "{ items { title count } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "catalog") {
              {
                items {
                  title
                  __typename
                  sku
                  region
                }
              }
            },
            Flatten(path: "items.@") {
              Fetch(service: "stock") {
                {
                  ... on Item {
                    __typename
                    sku
                    region
                  }
                } =>
                {
                  ... on Item {
                    count
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_nested_key() -> None:
    p = planner(
        people=FED2
        + """
        type Query { staff: [Employee] }
        type Employee @key(fields: "id org { id }") { id: ID! org: Org! name: String }
        type Org @shareable { id: ID! }
        """,
        payroll=FED2
        + """
        type Employee @key(fields: "id org { id }") { id: ID! org: Org! salary: Int }
        type Org @shareable { id: ID! }
        """,
    )
    assert_plan(
        p,
        "{ staff { name salary } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "people") {
              {
                staff {
                  name
                  __typename
                  id
                  org {
                    id
                  }
                }
              }
            },
            Flatten(path: "staff.@") {
              Fetch(service: "payroll") {
                {
                  ... on Employee {
                    __typename
                    id
                    org {
                      id
                    }
                  }
                } =>
                {
                  ... on Employee {
                    salary
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_multiple_keys_uses_the_key_the_other_subgraph_resolves() -> None:
    p = planner(
        directory=FED2
        + """
        type Query { people: [Person] }
        type Person @key(fields: "id") @key(fields: "email") { id: ID! email: String! name: String }
        """,
        mail=FED2
        + """
        type Person @key(fields: "email") { email: String! inbox: Int }
        """,
        badges=FED2
        + """
        type Person @key(fields: "id") { id: ID! badge: String }
        """,
    )
    assert_plan(
        p,
        "{ people { name inbox badge } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "directory") {
              {
                people {
                  name
                  __typename
                  email
                  id
                }
              }
            },
            Parallel {
              Flatten(path: "people.@") {
                Fetch(service: "mail") {
                  {
                    ... on Person {
                      __typename
                      email
                    }
                  } =>
                  {
                    ... on Person {
                      inbox
                    }
                  }
                },
              },
              Flatten(path: "people.@") {
                Fetch(service: "badges") {
                  {
                    ... on Person {
                      __typename
                      id
                    }
                  } =>
                  {
                    ... on Person {
                      badge
                    }
                  }
                },
              },
            },
          },
        }
        """,
    )


def test_multiple_keys_chain_through_the_subgraph_that_knows_both() -> None:
    p = planner(
        mail=FED2
        + """
        type Query { senders: [Person] }
        type Person @key(fields: "email") { email: String! }
        """,
        directory=FED2
        + """
        type Person @key(fields: "id") @key(fields: "email") { id: ID! email: String! name: String }
        """,
        badges=FED2
        + """
        type Person @key(fields: "id") { id: ID! badge: String }
        """,
    )
    assert_plan(
        p,
        "{ senders { badge } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "mail") {
              {
                senders {
                  __typename
                  email
                }
              }
            },
            Flatten(path: "senders.@") {
              Fetch(service: "directory") {
                {
                  ... on Person {
                    __typename
                    email
                  }
                } =>
                {
                  ... on Person {
                    id
                  }
                }
              },
            },
            Flatten(path: "senders.@") {
              Fetch(service: "badges") {
                {
                  ... on Person {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Person {
                    badge
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_resolvable_false_key_is_never_entered() -> None:
    p = planner(
        reviews=FED2
        + """
        type Query { reviews: [Review] }
        type Review { body: String author: User }
        type User @key(fields: "id", resolvable: false) { id: ID! }
        """,
        accounts=FED2
        + """
        type User @key(fields: "id") { id: ID! name: String }
        """,
    )
    assert_plan(
        p,
        "{ reviews { body author { id name } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "reviews") {
              {
                reviews {
                  body
                  author {
                    id
                    __typename
                  }
                }
              }
            },
            Flatten(path: "reviews.@.author") {
              Fetch(service: "accounts") {
                {
                  ... on User {
                    __typename
                    id
                  }
                } =>
                {
                  ... on User {
                    name
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_entity_in_a_value_type_list() -> None:
    p = planner(
        orders=FED2
        + """
        type Query { order(id: ID!): Order }
        type Order { id: ID! lines: [Line!]! }
        type Line { quantity: Int product: Product }
        type Product @key(fields: "upc") { upc: ID! }
        """,
        products=FED2
        + """
        type Product @key(fields: "upc") { upc: ID! name: String }
        """,
    )
    assert_plan(
        p,
        '{ order(id: "1") { lines { quantity product { name } } } }',
        """
        QueryPlan {
          Sequence {
            Fetch(service: "orders") {
              {
                order(id:"1") {
                  lines {
                    quantity
                    product {
                      __typename
                      upc
                    }
                  }
                }
              }
            },
            Flatten(path: "order.lines.@.product") {
              Fetch(service: "products") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    name
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_list_of_lists() -> None:
    p = planner(
        grid=FED2
        + """
        type Query { rows: [[Cell]] }
        type Cell @key(fields: "id") { id: ID! }
        """,
        values=FED2
        + """
        type Cell @key(fields: "id") { id: ID! value: Float }
        """,
    )
    assert_plan(
        p,
        "{ rows { value } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "grid") {
              {
                rows {
                  __typename
                  id
                }
              }
            },
            Flatten(path: "rows.@.@") {
              Fetch(service: "values") {
                {
                  ... on Cell {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Cell {
                    value
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_two_subgraphs_entered_from_one_object_run_in_parallel() -> None:
    p = planner(
        products=FED2
        + """
        type Query { product: Product }
        type Product @key(fields: "upc") { upc: ID! name: String }
        """,
        inventory=FED2
        + """
        type Product @key(fields: "upc") { upc: ID! inStock: Boolean }
        """,
        pricing=FED2
        + """
        type Product @key(fields: "upc") { upc: ID! price: Int }
        """,
    )
    assert_plan(
        p,
        "{ product { name inStock price } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                product {
                  name
                  __typename
                  upc
                }
              }
            },
            Parallel {
              Flatten(path: "product") {
                Fetch(service: "inventory") {
                  {
                    ... on Product {
                      __typename
                      upc
                    }
                  } =>
                  {
                    ... on Product {
                      inStock
                    }
                  }
                },
              },
              Flatten(path: "product") {
                Fetch(service: "pricing") {
                  {
                    ... on Product {
                      __typename
                      upc
                    }
                  } =>
                  {
                    ... on Product {
                      price
                    }
                  }
                },
              },
            },
          },
        }
        """,
    )


def test_federation_1_extended_entity() -> None:
    p = planner(
        products="""
        type Query { topProducts: [Product] }
        type Product @key(fields: "upc") { upc: ID! name: String }
        """,
        reviews="""
        extend type Product @key(fields: "upc") { upc: ID! @external reviews: [Review] }
        type Review { body: String }
        """,
    )
    assert_plan(
        p,
        "{ topProducts { name reviews { body } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  name
                  __typename
                  upc
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "reviews") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    reviews {
                      body
                    }
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_client_alias_named_like_a_key_field_moves_the_key_aside() -> None:
    query = "{ topProducts { upc: name reviews { body } } }"
    assert_plan(
        SHOP,
        query,
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  upc:name
                  __typename
                  gg_upc:upc
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "reviews") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    reviews {
                      body
                    }
                  }
                }
              },
            },
          },
        }
        """,
    )
    reviews = SHOP.plan(query).fetches()[1]
    assert reviews.requires[0].items == (RepField("upc", None, "gg_upc"),)


def test_entity_returned_by_a_subgraph_without_its_key() -> None:
    p = planner(
        products=FED2
        + """
        type Product @key(fields: "upc") { upc: ID! name: String }
        """,
        search=FED2
        + """
        type Query { hits: [Product] }
        type Product { upc: ID! @shareable }
        """,
    )
    assert_plan(
        p,
        "{ hits { upc name } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "search") {
              {
                hits {
                  upc
                  __typename
                }
              }
            },
            Flatten(path: "hits.@") {
              Fetch(service: "products") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    name
                  }
                }
              },
            },
          },
        }
        """,
    )


HOUSEHOLDS = planner(
    accounts=FED2
    + """
    type Query { households: [Household!]! }
    type Household { name: String! members: [Person!] }
    type Person @key(fields: "id") { id: ID! name: String! }
    """,
    scores=FED2
    + """
    type Person @key(fields: "id") { id: ID! tier: Int! riskBand: String! }
    """,
)


def test_non_null_siblings_from_one_subgraph_share_one_entity_call() -> None:
    # tier and riskBand come back in one entity: when scores nulls it for riskBand, tier's null is
    # collateral (the executor marks the entity; shaping reports only the subgraph's error).
    assert_plan(
        HOUSEHOLDS,
        "{ households { name members { name tier riskBand } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "accounts") {
              {
                households {
                  name
                  members {
                    name
                    __typename
                    id
                  }
                }
              }
            },
            Flatten(path: "households.@.members.@") {
              Fetch(service: "scores") {
                {
                  ... on Person {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Person {
                    tier
                    riskBand
                  }
                }
              },
            },
          },
        }
        """,
    )


SHIPPING = planner(
    orders=FED2
    + """
    type Query { order: Order }
    type Order @key(fields: "id") { id: ID! shipment: Shipment @shareable }
    type Shipment @shareable { carrier: String parcel: Parcel }
    type Parcel @shareable { size: Int }
    """,
    shipping=FED2
    + """
    type Order @key(fields: "id") { id: ID! shipment: Shipment @shareable }
    type Shipment @shareable { carrier: String parcel: Parcel }
    type Parcel @shareable { code: ID! size: Int }
    """,
    parcels=FED2
    + """
    type Parcel @key(fields: "code") { code: ID! weight: Int }
    """,
)


def test_entity_call_waits_for_the_re_entered_parent_that_supplies_its_key() -> None:
    # parcels needs Parcel.code, which only shipping has; Shipment and Parcel are keyless value
    # types there, so the code comes through Order in shipping: parcels must run after it.
    assert_plan(
        SHIPPING,
        "{ order { shipment { carrier parcel { weight } } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "orders") {
              {
                order {
                  shipment {
                    carrier
                    parcel {
                      __typename
                    }
                  }
                  __typename
                  id
                }
              }
            },
            Flatten(path: "order") {
              Fetch(service: "shipping") {
                {
                  ... on Order {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Order {
                    shipment {
                      parcel {
                        code
                      }
                    }
                  }
                }
              },
            },
            Flatten(path: "order.shipment.parcel") {
              Fetch(service: "parcels") {
                {
                  ... on Parcel {
                    __typename
                    code
                  }
                } =>
                {
                  ... on Parcel {
                    weight
                  }
                }
              },
            },
          },
        }
        """,
    )


def _garage(transport_vehicle: str) -> Planner:
    return planner(
        nodes=FED2
        + """
        type Query { node(id: ID!): Node }
        interface Node { id: ID! }
        type Vehicle implements Node @key(fields: "id") { id: ID! }
        type Citizen implements Node @key(fields: "id") { id: ID! }
        """,
        people=FED2
        + """
        interface Node { id: ID! }
        type Citizen implements Node @key(fields: "id") { id: ID! name: String }
        type Vehicle implements Node @key(fields: "id") @key(fields: "vin") { id: ID! vin: String! @external }
        """,
        transport=FED2 + transport_vehicle,
        insurance=FED2
        + """
        type Vehicle @key(fields: "vin") { vin: String! policy: String }
        """,
    )


def test_an_external_key_field_is_never_the_source_of_a_key() -> None:
    # people can be entered by id, but its vin is @external: entered by id it cannot know it. Only
    # transport owns vin, and it knows vehicles by vin alone: nothing can be planned from node.
    garage = _garage('type Vehicle @key(fields: "vin") { vin: String! make: String }')
    for query in (
        '{ node(id: "v") { ... on Vehicle { policy } } }',
        '{ node(id: "v") { ... on Vehicle { vin } } }',
    ):
        assert_planning_fails(
            garage, query, QUERY_PLANNING_FAILED, match="cannot plan Vehicle.vin from nodes"
        )


def test_the_key_comes_from_the_subgraph_that_owns_it() -> None:
    assert_plan(
        _garage('type Vehicle @key(fields: "id") @key(fields: "vin") { id: ID! vin: String! make: String }'),
        '{ node(id: "v") { ... on Vehicle { policy } } }',
        """
        QueryPlan {
          Sequence {
            Fetch(service: "nodes") {
              {
                node(id:"v") {
                  __typename
                  ... on Vehicle {
                    __typename
                    id
                  }
                }
              }
            },
            Flatten(path: "node") {
              Fetch(service: "transport") {
                {
                  ... on Vehicle {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Vehicle {
                    vin
                  }
                }
              },
            },
            Flatten(path: "node") {
              Fetch(service: "insurance") {
                {
                  ... on Vehicle {
                    __typename
                    vin
                  }
                } =>
                {
                  ... on Vehicle {
                    policy
                  }
                }
              },
            },
          },
        }
        """,
    )


REGISTERED = planner(
    nodes=FED2
    + """
    type Query { node(id: ID!): Node }
    interface Node { id: ID! }
    type Vehicle implements Node @key(fields: "id") { id: ID! }
    """,
    people=FED2
    + """
    interface Node { id: ID! }
    type Vehicle implements Node @key(fields: "id") @key(fields: "vin") { id: ID! vin: String! @external }
    """,
    registry=FED2
    + """
    type Vehicle @key(fields: "id") { id: ID! regNo: String! @shareable }
    """,
    transport=FED2
    + """
    type Vehicle @key(fields: "regNo") { regNo: String! vin: String! @shareable }
    """,
    insurance=FED2
    + """
    type Vehicle @key(fields: "vin") { vin: String! policy: String }
    """,
)


def test_a_longer_way_to_the_owner_beats_an_external_key_field_at_hand() -> None:
    # people could be entered by id at once, but its vin is @external: the vin comes from its owner,
    # transport, which needs regNo from registry.
    assert_plan(
        REGISTERED,
        '{ node(id: "v") { ... on Vehicle { policy } } }',
        """
        QueryPlan {
          Sequence {
            Fetch(service: "nodes") {
              {
                node(id:"v") {
                  __typename
                  ... on Vehicle {
                    __typename
                    id
                  }
                }
              }
            },
            Flatten(path: "node") {
              Fetch(service: "registry") {
                {
                  ... on Vehicle {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Vehicle {
                    regNo
                  }
                }
              },
            },
            Flatten(path: "node") {
              Fetch(service: "transport") {
                {
                  ... on Vehicle {
                    __typename
                    regNo
                  }
                } =>
                {
                  ... on Vehicle {
                    vin
                  }
                }
              },
            },
            Flatten(path: "node") {
              Fetch(service: "insurance") {
                {
                  ... on Vehicle {
                    __typename
                    vin
                  }
                } =>
                {
                  ... on Vehicle {
                    policy
                  }
                }
              },
            },
          },
        }
        """,
    )
