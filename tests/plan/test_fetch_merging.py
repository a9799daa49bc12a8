"""Fetch merging: entity calls into one subgraph at one path become one fetch, and calls at
other paths that send the same representations join it (`Flatten(paths: [...])`)."""

from __future__ import annotations

from .support import FED2, assert_plan, planner

SHOP = planner(
    products=FED2
    + """
    type Query { topProducts: [Product] product: Product }
    type Product @key(fields: "upc") { upc: ID! name: String weight: Int related: [Product] }
    """,
    inventory=FED2
    + """
    type Product @key(fields: "upc") {
      upc: ID!
      inStock: Boolean
      count: Int
      weight: Int @external
      shippingEstimate: Int @requires(fields: "weight")
    }
    type User @key(fields: "id") { id: ID! cart: [Product] }
    """,
    accounts=FED2
    + """
    type Query { me: User }
    type User @key(fields: "id") { id: ID! name: String }
    type Product @key(fields: "upc") { upc: ID! buyers: [User] }
    """,
)


def test_two_fields_at_one_path_are_one_entity_fetch() -> None:
    assert_plan(
        SHOP,
        "{ product { inStock count } }",
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
                    inStock
                    count
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_same_selection_at_two_paths_is_one_fetch() -> None:
    assert_plan(
        SHOP,
        "{ product { inStock } topProducts { inStock } }",
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
                    inStock
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_different_selections_at_two_paths_are_one_fetch() -> None:
    assert_plan(
        SHOP,
        "{ product { inStock } topProducts { count } }",
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
                    inStock
                    count
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_nested_path_served_by_the_same_parent_fetch_merges() -> None:
    assert_plan(
        SHOP,
        "{ topProducts { inStock related { count } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  __typename
                  upc
                  related {
                    __typename
                    upc
                  }
                }
              }
            },
            Flatten(paths: ["topProducts.@", "topProducts.@.related.@"]) {
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
                    count
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_two_entity_types_in_one_subgraph_merge_into_one_call() -> None:
    assert_plan(
        SHOP,
        "{ me { cart { name } } product { inStock } }",
        """
        QueryPlan {
          Sequence {
            Parallel {
              Fetch(service: "accounts") {
                {
                  me {
                    __typename
                    id
                  }
                }
              },
              Fetch(service: "products") {
                {
                  product {
                    __typename
                    upc
                  }
                }
              },
            },
            Flatten(paths: ["me", "product"]) {
              Fetch(service: "inventory") {
                {
                  ... on User {
                    __typename
                    id
                  }
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on User {
                    cart {
                      __typename
                      upc
                    }
                  }
                  ... on Product {
                    inStock
                  }
                }
              },
            },
            Flatten(path: "me.cart.@") {
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


def test_different_representations_are_not_merged() -> None:
    assert_plan(
        SHOP,
        "{ product { inStock } topProducts { shippingEstimate } }",
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
                  weight
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
                      shippingEstimate
                    }
                  }
                },
              },
            },
          },
        }
        """,
    )


def test_a_fetch_that_depends_on_the_other_is_not_merged() -> None:
    assert_plan(
        SHOP,
        "{ product { buyers { id cart { buyers { name } } } } }",
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
              Fetch(service: "accounts") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    buyers {
                      id
                      __typename
                    }
                  }
                }
              },
            },
            Flatten(path: "product.buyers.@") {
              Fetch(service: "inventory") {
                {
                  ... on User {
                    __typename
                    id
                  }
                } =>
                {
                  ... on User {
                    cart {
                      __typename
                      upc
                    }
                  }
                }
              },
            },
            Flatten(path: "product.buyers.@.cart.@") {
              Fetch(service: "accounts") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    buyers {
                      name
                    }
                  }
                }
              },
            },
          },
        }
        """,
    )


BOOKS = planner(
    library=FED2
    + """
    type Query { featured: Book latest: Book }
    type Book @key(fields: "id") { id: ID! title: String }
    """,
    reviews=FED2
    + """
    type Book @key(fields: "id") { id: ID! rating: Int verdict: String! blurb: String }
    """,
)


def test_paths_share_a_call_when_what_one_asks_alone_is_nullable() -> None:
    # rating (nullable) failing cannot null the entity `latest` shares: one call, and the executor
    # keeps rating's error at `featured` (Flatten.asked: what each path selected).
    plan = BOOKS.plan("{ featured { rating blurb } latest { blurb } }")
    assert_plan(
        BOOKS,
        "{ featured { rating blurb } latest { blurb } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "library") {
              {
                featured {
                  __typename
                  id
                }
                latest {
                  __typename
                  id
                }
              }
            },
            Flatten(paths: ["featured", "latest"]) {
              Fetch(service: "reviews") {
                {
                  ... on Book {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Book {
                    rating
                    blurb
                  }
                }
              },
            },
          },
        }
        """,
    )
    flatten = plan.node.nodes[1]  # type: ignore[union-attr]
    assert flatten.asked == (frozenset({("rating",), ("blurb",)}), frozenset({("blurb",)}))


def test_paths_do_not_share_a_call_when_one_asks_a_non_null_field_alone() -> None:
    # verdict (String!) failing nulls the whole entity: `latest` must not lose its blurb for it.
    assert_plan(
        BOOKS,
        "{ featured { verdict } latest { blurb } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "library") {
              {
                featured {
                  __typename
                  id
                }
                latest {
                  __typename
                  id
                }
              }
            },
            Parallel {
              Flatten(path: "featured") {
                Fetch(service: "reviews") {
                  {
                    ... on Book {
                      __typename
                      id
                    }
                  } =>
                  {
                    ... on Book {
                      verdict
                    }
                  }
                },
              },
              Flatten(path: "latest") {
                Fetch(service: "reviews") {
                  {
                    ... on Book {
                      __typename
                      id
                    }
                  } =>
                  {
                    ... on Book {
                      blurb
                    }
                  }
                },
              },
            },
          },
        }
        """,
    )
