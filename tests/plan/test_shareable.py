"""`@shareable`: fields and value types several subgraphs resolve; the planner stays where it is."""

from __future__ import annotations

from gateway.errors import QUERY_PLANNING_FAILED

from .support import FED2, assert_plan, assert_planning_fails, planner

SHOP = planner(
    products=FED2
    + """
    type Query { topProducts: [Product] @shareable featured: Product @shareable }
    type Product @key(fields: "upc") { upc: ID! name: String @shareable price: Money }
    type Money @shareable { amount: Int currency: String }
    """,
    offers=FED2
    + """
    type Query { featured: Product @shareable deals: [Product] }
    type Product @key(fields: "upc") { upc: ID! name: String @shareable discount: Money rank: Int }
    type Money @shareable { amount: Int currency: String }
    """,
)


def test_shared_value_type_resolves_where_its_parent_is() -> None:
    assert_plan(
        SHOP,
        "{ topProducts { price { amount currency } } }",
        """
        QueryPlan {
          Fetch(service: "products") {
            {
              topProducts {
                price {
                  amount
                  currency
                }
              }
            }
          },
        }
        """,
    )


def test_shared_value_type_in_the_other_subgraph() -> None:
    assert_plan(
        SHOP,
        "{ deals { discount { amount } } }",
        """
        QueryPlan {
          Fetch(service: "offers") {
            {
              deals {
                discount {
                  amount
                }
              }
            }
          },
        }
        """,
    )


def test_shared_field_needs_no_entity_fetch() -> None:
    assert_plan(
        SHOP,
        "{ deals { name discount { currency } } }",
        """
        QueryPlan {
          Fetch(service: "offers") {
            {
              deals {
                name
                discount {
                  currency
                }
              }
            }
          },
        }
        """,
    )


def test_shared_field_and_a_field_of_one_subgraph() -> None:
    assert_plan(
        SHOP,
        "{ topProducts { name rank } }",
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
              Fetch(service: "offers") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    rank
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_shared_root_field_goes_to_the_subgraph_covering_the_selection() -> None:
    assert_plan(
        SHOP,
        "{ featured { name discount { amount } rank } }",
        """
        QueryPlan {
          Fetch(service: "offers") {
            {
              featured {
                name
                discount {
                  amount
                }
                rank
              }
            }
          },
        }
        """,
    )


def test_shared_root_field_with_a_selection_both_cover() -> None:
    assert_plan(
        SHOP,
        "{ featured { upc name } }",
        """
        QueryPlan {
          Fetch(service: "offers") {
            {
              featured {
                upc
                name
              }
            }
          },
        }
        """,
    )


def test_shared_root_field_joins_a_fetch_already_planned() -> None:
    assert_plan(
        SHOP,
        "{ deals { upc } featured { name price { amount } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "offers") {
              {
                deals {
                  upc
                }
                featured {
                  name
                  __typename
                  upc
                }
              }
            },
            Flatten(path: "featured") {
              Fetch(service: "products") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    price {
                      amount
                    }
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_federation_1_value_types_are_shared() -> None:
    p = planner(
        products="""
        type Query { topProducts: [Product] }
        type Product @key(fields: "upc") { upc: ID! price: Money }
        type Money { amount: Int currency: String }
        """,
        offers="""
        type Query { deals: [Deal] }
        type Deal { product: Product saving: Money }
        extend type Product @key(fields: "upc") { upc: ID! @external }
        type Money { amount: Int currency: String }
        """,
    )
    assert_plan(
        p,
        "{ deals { saving { amount } product { price { currency } } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "offers") {
              {
                deals {
                  saving {
                    amount
                  }
                  product {
                    __typename
                    upc
                  }
                }
              }
            },
            Flatten(path: "deals.@.product") {
              Fetch(service: "products") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    price {
                      currency
                    }
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_value_type_field_of_another_subgraph_is_fetched_through_the_parent_entity() -> None:
    p = planner(
        products=FED2
        + """
        type Query { topProducts: [Product] }
        type Product @key(fields: "upc") { upc: ID! price: Money @shareable }
        type Money @shareable { amount: Int }
        """,
        pricing=FED2
        + """
        type Product @key(fields: "upc") { upc: ID! price: Money @shareable }
        type Money @shareable { amount: Int currency: String }
        """,
    )
    assert_plan(
        p,
        "{ topProducts { price { amount currency } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  price {
                    amount
                  }
                  __typename
                  upc
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "pricing") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    price {
                      currency
                    }
                  }
                }
              },
            },
          },
        }
        """,
    )


CONFIG = planner(
    a=FED2
    + """
    type Query { config: Config @shareable }
    type Mutation { reset: Config @shareable }
    type Config @shareable { x: Int }
    """,
    b=FED2
    + """
    type Query { config: Config @shareable }
    type Mutation { reset: Config @shareable }
    type Config @shareable { y: Int }
    """,
)


def test_value_type_of_a_shared_root_field_split_across_subgraphs() -> None:
    assert_plan(
        CONFIG,
        "{ config { x y } }",
        """
        QueryPlan {
          Parallel {
            Fetch(service: "a") {
              {
                config {
                  x
                }
              }
            },
            Fetch(service: "b") {
              {
                config {
                  y
                }
              }
            },
          },
        }
        """,
    )


def test_shared_mutation_field_goes_to_one_subgraph() -> None:
    assert_plan(
        CONFIG,
        "mutation { reset { y } }",
        """
        QueryPlan {
          Fetch(service: "b") {
            {
              reset {
                y
              }
            }
          },
        }
        """,
    )


def test_a_shared_mutation_field_is_never_run_twice_to_complete_its_selection() -> None:
    assert_planning_fails(CONFIG, "mutation { reset { x y } }", QUERY_PLANNING_FAILED, match="Mutation.reset")


WALL = planner(
    posts=FED2
    + """
    type Query { feed: Feed @shareable }
    type Feed @shareable { items: [Item] }
    union Item = Post
    type Post @key(fields: "id") { id: ID! title: String }
    """,
    ads=FED2
    + """
    type Query { feed: Feed @shareable }
    type Feed @shareable { items: [Item] }
    union Item = Post | Ad
    type Post @key(fields: "id") { id: ID! }
    type Ad { id: ID! text: String }
    """,
)


def test_partial_union_under_a_shareable_value_type_goes_where_every_member_is_known() -> None:
    # posts never returns an Ad: only ads answers completely; posts adds the titles by key.
    assert_plan(
        WALL,
        "{ feed { items { ... on Post { title } ... on Ad { text } } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "ads") {
              {
                feed {
                  items {
                    __typename
                    ... on Post {
                      __typename
                      id
                    }
                    ... on Ad {
                      text
                    }
                  }
                }
              }
            },
            Flatten(path: "feed.items.@") {
              Fetch(service: "posts") {
                {
                  ... on Post {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Post {
                    title
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_members_both_subgraphs_know_go_where_the_fields_are() -> None:
    assert_plan(
        WALL,
        "{ feed { items { ... on Post { title } } } }",
        """
        QueryPlan {
          Fetch(service: "posts") {
            {
              feed {
                items {
                  __typename
                  ... on Post {
                    title
                  }
                }
              }
            }
          },
        }
        """,
    )
