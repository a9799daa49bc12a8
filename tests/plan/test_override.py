"""`@override`: a field moved to another subgraph is only fetched from its new owner."""

from __future__ import annotations

from .support import FED2, assert_plan, planner

SHOP = planner(
    products=FED2
    + """
    type Query { topProducts: [Product] latest: Product }
    type Product @key(fields: "upc") { upc: ID! name: String inStock: Boolean }
    """,
    inventory=FED2
    + """
    type Query { latest: Product @override(from: "products") }
    type Product @key(fields: "upc") { upc: ID! inStock: Boolean @override(from: "products") }
    """,
)


def test_overridden_field_is_fetched_from_its_new_owner() -> None:
    assert_plan(
        SHOP,
        "{ topProducts { name inStock } }",
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
          },
        }
        """,
    )


def test_fields_the_old_owner_keeps_stay_there() -> None:
    assert_plan(
        SHOP,
        "{ topProducts { upc name } }",
        """
        QueryPlan {
          Fetch(service: "products") {
            {
              topProducts {
                upc
                name
              }
            }
          },
        }
        """,
    )


def test_overridden_root_field() -> None:
    assert_plan(
        SHOP,
        "{ latest { inStock name } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "inventory") {
              {
                latest {
                  inStock
                  __typename
                  upc
                }
              }
            },
            Flatten(path: "latest") {
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


def test_override_of_a_shareable_field_leaves_the_other_sharers() -> None:
    p = planner(
        a=FED2
        + """
        type Query { things: [Thing] }
        type Thing @key(fields: "id") { id: ID! label: String @shareable }
        """,
        b=FED2
        + """
        type Thing @key(fields: "id") { id: ID! label: String @shareable @override(from: "c") }
        """,
        c=FED2
        + """
        type Query { others: [Thing] }
        type Thing @key(fields: "id") { id: ID! label: String @shareable size: Int }
        """,
    )
    assert_plan(
        p,
        "{ things { label } }",
        """
        QueryPlan {
          Fetch(service: "a") {
            {
              things {
                label
              }
            }
          },
        }
        """,
    )
    assert_plan(
        p,
        "{ others { size label } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "c") {
              {
                others {
                  size
                  __typename
                  id
                }
              }
            },
            Flatten(path: "others.@") {
              Fetch(service: "a") {
                {
                  ... on Thing {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Thing {
                    label
                  }
                }
              },
            },
          },
        }
        """,
    )
