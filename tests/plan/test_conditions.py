"""`@skip`/`@include` with variables: Condition nodes around fetches that only serve
conditional fields; the directives stay in the subgraph operations."""

from __future__ import annotations

from .support import FED2, assert_plan, planner

SHOP = planner(
    products=FED2
    + """
    type Query { topProducts: [Product] product: Product }
    type Product @key(fields: "upc") { upc: ID! name: String }
    """,
    inventory=FED2
    + """
    type Query { warehouses: [String] }
    type Product @key(fields: "upc") { upc: ID! inStock: Boolean }
    """,
)


def test_include_on_the_only_root_field_of_a_subgraph() -> None:
    assert_plan(
        SHOP,
        "query ($x: Boolean!) { topProducts { name } warehouses @include(if: $x) }",
        """
        QueryPlan {
          Parallel {
            Fetch(service: "products") {
              {
                topProducts {
                  name
                }
              }
            },
            Include(if: $x) {
              Fetch(service: "inventory") {
                {
                  warehouses @include(if:$x)
                }
              },
            },
          },
        }
        """,
        variables={"x": True},
    )


def test_skip_on_a_field_served_by_an_entity_fetch() -> None:
    assert_plan(
        SHOP,
        "query ($s: Boolean!) { topProducts { name inStock @skip(if: $s) } }",
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
            Skip(if: $s) {
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
                      inStock @skip(if:$s)
                    }
                  }
                },
              },
            },
          },
        }
        """,
    )


def test_include_on_the_parent_of_an_entity_fetch() -> None:
    assert_plan(
        SHOP,
        "query ($x: Boolean!) { product @include(if: $x) { name inStock } }",
        """
        QueryPlan {
          Sequence {
            Include(if: $x) {
              Fetch(service: "products") {
                {
                  product @include(if:$x) {
                    name
                    __typename
                    upc
                  }
                }
              },
            },
            Include(if: $x) {
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
            },
          },
        }
        """,
    )


def test_include_on_an_inline_fragment() -> None:
    assert_plan(
        SHOP,
        "query ($x: Boolean!) { product { name ... @include(if: $x) { inStock } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                product {
                  name
                  ... @include(if:$x) {
                    __typename
                    upc
                  }
                }
              }
            },
            Include(if: $x) {
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
            },
          },
        }
        """,
    )


def test_skip_and_include_together() -> None:
    assert_plan(
        SHOP,
        "query ($s: Boolean!, $x: Boolean!) { product { inStock @skip(if: $s) @include(if: $x) } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                product {
                  __typename
                  upc
                }
              }
            },
            Skip(if: $s) {
              Include(if: $x) {
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
                        inStock @skip(if:$s) @include(if:$x)
                      }
                    }
                  },
                },
              },
            },
          },
        }
        """,
    )


def test_conditional_and_unconditional_use_of_one_fetch_has_no_condition_node() -> None:
    assert_plan(
        SHOP,
        "query ($x: Boolean!) { product { inStock @include(if: $x) } topProducts { inStock } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                product {
                  __typename
                  upc
                }
                topProducts {
                  __typename
                  upc
                }
              }
            },
            Flatten(paths: ["product", "topProducts.@"]) {
              Fetch(service: "inventory") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    inStock @include(if:$x)
                    inStock
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_literal_conditions_remove_fields_statically() -> None:
    assert_plan(
        SHOP,
        "{ product { name inStock @skip(if: true) } warehouses @include(if: false) }",
        """
        QueryPlan {
          Fetch(service: "products") {
            {
              product {
                name
              }
            }
          },
        }
        """,
    )


def test_variable_with_a_default_value() -> None:
    assert_plan(
        SHOP,
        "query ($x: Boolean = false) { product { name inStock @include(if: $x) } }",
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
            Include(if: $x) {
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
                      inStock @include(if:$x)
                    }
                  }
                },
              },
            },
          },
        }
        """,
        variables={},
    )


def test_conditional_field_with_requires() -> None:
    p = planner(
        products=FED2
        + """
        type Query { topProducts: [Product] }
        type Product @key(fields: "upc") { upc: ID! weight: Int }
        """,
        inventory=FED2
        + """
        type Product @key(fields: "upc") {
          upc: ID!
          weight: Int @external
          shippingEstimate: Int @requires(fields: "weight")
        }
        """,
    )
    assert_plan(
        p,
        "query ($x: Boolean!) { topProducts { shippingEstimate @include(if: $x) } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  __typename
                  upc
                  weight
                }
              }
            },
            Include(if: $x) {
              Flatten(path: "topProducts.@") {
                Fetch(service: "inventory") {
                  {
                    ... on Product {
                      __typename
                      upc
                      weight
                    }
                  } =>
                  {
                    ... on Product {
                      shippingEstimate @include(if:$x)
                    }
                  }
                },
              },
            },
          },
        }
        """,
    )


def test_different_variables_in_one_fetch_have_no_condition_node() -> None:
    assert_plan(
        SHOP,
        "query ($x: Boolean!, $y: Boolean!) "
        "{ product { inStock @include(if: $x) again: inStock @include(if: $y) } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                product {
                  __typename
                  upc
                }
              }
            },
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
                    inStock @include(if:$x)
                    again:inStock @include(if:$y)
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_include_on_a_root_fragment_spanning_two_subgraphs() -> None:
    assert_plan(
        SHOP,
        "query ($x: Boolean!) { ... @include(if: $x) { topProducts { name } warehouses } }",
        """
        QueryPlan {
          Parallel {
            Include(if: $x) {
              Fetch(service: "products") {
                {
                  ... @include(if:$x) {
                    topProducts {
                      name
                    }
                  }
                }
              },
            },
            Include(if: $x) {
              Fetch(service: "inventory") {
                {
                  ... @include(if:$x) {
                    warehouses
                  }
                }
              },
            },
          },
        }
        """,
    )
