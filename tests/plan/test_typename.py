"""`__typename`: answered by whichever subgraph holds the object, never worth a fetch of its own."""

from __future__ import annotations

from .support import FED2, assert_plan, planner

SHOP = planner(
    products=FED2
    + """
    type Query { topProducts: [Product] }
    type Product @key(fields: "upc") { upc: ID! name: String }
    """,
    reviews=FED2
    + """
    type Product @key(fields: "upc") { upc: ID! reviews: [Review] }
    type Review { body: String }
    """,
)


def test_root_typename_alone_needs_no_fetch() -> None:
    assert_plan(
        SHOP,
        "{ __typename }",
        """
        QueryPlan {
        }
        """,
    )


def test_root_typename_beside_a_root_field() -> None:
    assert_plan(
        SHOP,
        "{ __typename topProducts { name } }",
        """
        QueryPlan {
          Fetch(service: "products") {
            {
              topProducts {
                name
              }
            }
          },
        }
        """,
    )


def test_typename_of_an_entity_stays_in_its_fetch() -> None:
    assert_plan(
        SHOP,
        "{ topProducts { __typename } }",
        """
        QueryPlan {
          Fetch(service: "products") {
            {
              topProducts {
                __typename
              }
            }
          },
        }
        """,
    )


def test_aliased_typename() -> None:
    assert_plan(
        SHOP,
        "{ topProducts { kind: __typename name } }",
        """
        QueryPlan {
          Fetch(service: "products") {
            {
              topProducts {
                kind:__typename
                name
              }
            }
          },
        }
        """,
    )


def test_typename_inside_an_entity_fetch() -> None:
    assert_plan(
        SHOP,
        "{ topProducts { reviews { __typename body } } }",
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
                      __typename
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


def test_mutation_root_typename_needs_no_fetch() -> None:
    p = planner(
        a=FED2
        + """
        type Query { x: Int }
        type Mutation { bump: Int }
        """,
    )
    assert_plan(
        p,
        "mutation { __typename }",
        """
        QueryPlan {
        }
        """,
    )
    assert_plan(
        p,
        "mutation { t: __typename bump }",
        """
        QueryPlan {
          Fetch(service: "a") {
            {
              bump
            }
          },
        }
        """,
    )
