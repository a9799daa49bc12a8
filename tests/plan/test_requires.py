"""`@requires`: fields a subgraph needs in its representations, fetched before the entity call."""

from __future__ import annotations

from gateway.plan.nodes import RepField

from .support import FED2, assert_plan, planner

SHOP = planner(
    products=FED2
    + """
    type Query { topProducts: [Product] }
    type Product @key(fields: "upc") {
      upc: ID!
      name: String
      weight: Int
      price: Int
      size: Size
    }
    type Size @shareable { width: Int height: Int }
    """,
    inventory=FED2
    + """
    type Product @key(fields: "upc") {
      upc: ID!
      weight: Int @external
      price: Int @external
      size: Size @external
      inStock: Boolean
      shippingEstimate: Int @requires(fields: "weight price")
      boxed: Boolean @requires(fields: "size { width height }")
      estimateTo(zip: String!): Int @requires(fields: "weight")
    }
    type Size @shareable { width: Int height: Int }
    """,
    delivery=FED2
    + """
    type Product @key(fields: "upc") {
      upc: ID!
      shippingEstimate: Int @external
      deliveryNote: String @requires(fields: "shippingEstimate")
    }
    """,
)


def test_required_fields_are_fetched_with_the_key() -> None:
    assert_plan(
        SHOP,
        "{ topProducts { shippingEstimate } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  __typename
                  upc
                  weight
                  price
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "inventory") {
                {
                  ... on Product {
                    __typename
                    upc
                    weight
                    price
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
        }
        """,
    )


def test_required_field_also_selected_by_the_client_is_fetched_once() -> None:
    assert_plan(
        SHOP,
        "{ topProducts { weight shippingEstimate inStock } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  weight
                  __typename
                  upc
                  price
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "inventory") {
                {
                  ... on Product {
                    __typename
                    upc
                    weight
                    price
                  }
                } =>
                {
                  ... on Product {
                    shippingEstimate
                    inStock
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_required_object_field_with_sub_selection() -> None:
    assert_plan(
        SHOP,
        "{ topProducts { boxed } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  __typename
                  upc
                  size {
                    width
                    height
                  }
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "inventory") {
                {
                  ... on Product {
                    __typename
                    upc
                    size {
                      width
                      height
                    }
                  }
                } =>
                {
                  ... on Product {
                    boxed
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_requiring_field_with_arguments() -> None:
    assert_plan(
        SHOP,
        '{ topProducts { estimateTo(zip: "75001") } }',
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
                    estimateTo(zip:"75001")
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_two_requiring_fields_share_one_entity_fetch() -> None:
    assert_plan(
        SHOP,
        "{ topProducts { shippingEstimate boxed } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  __typename
                  upc
                  weight
                  price
                  size {
                    width
                    height
                  }
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "inventory") {
                {
                  ... on Product {
                    __typename
                    upc
                    weight
                    price
                    size {
                      width
                      height
                    }
                  }
                } =>
                {
                  ... on Product {
                    shippingEstimate
                    boxed
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_chain_of_requires_across_three_subgraphs() -> None:
    assert_plan(
        SHOP,
        "{ topProducts { deliveryNote } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  __typename
                  upc
                  weight
                  price
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "inventory") {
                {
                  ... on Product {
                    __typename
                    upc
                    weight
                    price
                  }
                } =>
                {
                  ... on Product {
                    shippingEstimate
                  }
                }
              },
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "delivery") {
                {
                  ... on Product {
                    __typename
                    upc
                    shippingEstimate
                  }
                } =>
                {
                  ... on Product {
                    deliveryNote
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_required_field_from_a_third_subgraph() -> None:
    p = planner(
        catalog=FED2
        + """
        type Query { products: [Product] }
        type Product @key(fields: "id") { id: ID! name: String }
        """,
        weights=FED2
        + """
        type Product @key(fields: "id") { id: ID! weight: Int }
        """,
        shipping=FED2
        + """
        type Product @key(fields: "id") {
          id: ID!
          weight: Int @external
          cost: Int @requires(fields: "weight")
        }
        """,
    )
    assert_plan(
        p,
        "{ products { name cost } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "catalog") {
              {
                products {
                  name
                  __typename
                  id
                }
              }
            },
            Flatten(path: "products.@") {
              Fetch(service: "weights") {
                {
                  ... on Product {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Product {
                    weight
                  }
                }
              },
            },
            Flatten(path: "products.@") {
              Fetch(service: "shipping") {
                {
                  ... on Product {
                    __typename
                    id
                    weight
                  }
                } =>
                {
                  ... on Product {
                    cost
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_requires_in_the_subgraph_the_query_starts_in() -> None:
    p = planner(
        inventory=FED2
        + """
        type Query { stock: [Product] }
        type Product @key(fields: "upc") {
          upc: ID!
          weight: Int @external
          shippingEstimate: Int @requires(fields: "weight")
        }
        """,
        products=FED2
        + """
        type Product @key(fields: "upc") { upc: ID! weight: Int }
        """,
    )
    assert_plan(
        p,
        "{ stock { upc shippingEstimate } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "inventory") {
              {
                stock {
                  upc
                  __typename
                }
              }
            },
            Flatten(path: "stock.@") {
              Fetch(service: "products") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    weight
                  }
                }
              },
            },
            Flatten(path: "stock.@") {
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
        }
        """,
    )


def test_required_field_with_arguments_is_fetched_under_an_alias() -> None:
    p = planner(
        products=FED2
        + """
        type Query { topProducts: [Product] }
        type Product @key(fields: "upc") { upc: ID! weight(unit: String): Int }
        """,
        inventory=FED2
        + """
        type Product @key(fields: "upc") {
          upc: ID!
          weight(unit: String): Int @external
          shippingEstimate: Int @requires(fields: "weight(unit: \\"kg\\")")
        }
        """,
    )
    assert_plan(
        p,
        '{ topProducts { weight(unit: "lb") shippingEstimate } }',
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  weight(unit:"lb")
                  __typename
                  upc
                  gg_req_weight_0:weight(unit:"kg")
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "inventory") {
                {
                  ... on Product {
                    __typename
                    upc
                    weight(unit:"kg")
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
        }
        """,
    )


def test_requires_at_a_nested_list_path() -> None:
    p = planner(
        reviews=FED2
        + """
        type Query { reviews: [Review] }
        type Review { body: String product: Product }
        type Product @key(fields: "upc") { upc: ID! }
        """,
        products=FED2
        + """
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
        "{ reviews { body product { shippingEstimate } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "reviews") {
              {
                reviews {
                  body
                  product {
                    __typename
                    upc
                  }
                }
              }
            },
            Flatten(path: "reviews.@.product") {
              Fetch(service: "products") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    weight
                  }
                }
              },
            },
            Flatten(path: "reviews.@.product") {
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
        }
        """,
    )


def test_federation_1_requires() -> None:
    p = planner(
        products="""
        type Query { topProducts: [Product] }
        type Product @key(fields: "upc") { upc: ID! weight: Int }
        """,
        inventory="""
        extend type Product @key(fields: "upc") {
          upc: ID! @external
          weight: Int @external
          shippingEstimate: Int @requires(fields: "weight")
        }
        """,
    )
    assert_plan(
        p,
        "{ topProducts { shippingEstimate } }",
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
        }
        """,
    )


def test_required_field_of_a_nested_entity_from_another_subgraph() -> None:
    p = planner(
        products=FED2
        + """
        type Query { topProducts: [Product] }
        type Product @key(fields: "upc") { upc: ID! vendor: Vendor }
        type Vendor @key(fields: "id") { id: ID! }
        """,
        vendors=FED2
        + """
        type Vendor @key(fields: "id") { id: ID! country: String }
        """,
        inventory=FED2
        + """
        type Product @key(fields: "upc") {
          upc: ID!
          vendor: Vendor @external
          tax: Int @requires(fields: "vendor { country }")
        }
        type Vendor @key(fields: "id") { id: ID! country: String @external }
        """,
    )
    assert_plan(
        p,
        "{ topProducts { tax } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  __typename
                  upc
                  vendor {
                    __typename
                    id
                  }
                }
              }
            },
            Flatten(path: "topProducts.@.vendor") {
              Fetch(service: "vendors") {
                {
                  ... on Vendor {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Vendor {
                    country
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
                    vendor {
                      country
                    }
                  }
                } =>
                {
                  ... on Product {
                    tax
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_aliased_required_field_is_fetched_again_under_its_name() -> None:
    assert_plan(
        SHOP,
        "{ topProducts { estimate: shippingEstimate deliveryNote } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  __typename
                  upc
                  weight
                  price
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "inventory") {
                {
                  ... on Product {
                    __typename
                    upc
                    weight
                    price
                  }
                } =>
                {
                  ... on Product {
                    estimate:shippingEstimate
                    shippingEstimate
                  }
                }
              },
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "delivery") {
                {
                  ... on Product {
                    __typename
                    upc
                    shippingEstimate
                  }
                } =>
                {
                  ... on Product {
                    deliveryNote
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_client_alias_named_like_a_required_field_moves_the_required_field_aside() -> None:
    query = "{ topProducts { weight: name shippingEstimate } }"
    assert_plan(
        SHOP,
        query,
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  weight:name
                  __typename
                  upc
                  gg_weight:weight
                  price
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "inventory") {
                {
                  ... on Product {
                    __typename
                    upc
                    weight
                    price
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
        }
        """,
    )
    inventory = SHOP.plan(query).fetches()[1]
    assert RepField("weight", None, "gg_weight") in inventory.requires[0].items


CIRCLE = planner(
    a=FED2
    + """
    type Query { feed: [Post] }
    type Post @key(fields: "id") {
      id: ID!
      byNovice: Boolean! @external
      byExpert: Boolean! @requires(fields: "byNovice")
    }
    type Author @key(fields: "id") { id: ID! name: String! yearsOfExperience: Int! }
    """,
    b=FED2
    + """
    type Post @key(fields: "id") {
      id: ID!
      author: Author!
      byNovice: Boolean! @requires(fields: "author { yearsOfExperience }")
    }
    type Author @key(fields: "id") { id: ID! yearsOfExperience: Int! @external }
    """,
)


def test_circular_requires_across_two_subgraphs() -> None:
    # b's byNovice requires a's Author.yearsOfExperience below b's own author; a's byExpert requires
    # byNovice: a, b, a, b, a — each waits for the one before (QUERY_PLANNING_FAILED before).
    assert_plan(
        CIRCLE,
        "{ feed { byExpert } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "a") {
              {
                feed {
                  __typename
                  id
                }
              }
            },
            Flatten(path: "feed.@") {
              Fetch(service: "b") {
                {
                  ... on Post {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Post {
                    author {
                      __typename
                      id
                    }
                  }
                }
              },
            },
            Flatten(path: "feed.@.author") {
              Fetch(service: "a") {
                {
                  ... on Author {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Author {
                    yearsOfExperience
                  }
                }
              },
            },
            Flatten(path: "feed.@") {
              Fetch(service: "b") {
                {
                  ... on Post {
                    __typename
                    id
                    author {
                      yearsOfExperience
                    }
                  }
                } =>
                {
                  ... on Post {
                    byNovice
                  }
                }
              },
            },
            Flatten(path: "feed.@") {
              Fetch(service: "a") {
                {
                  ... on Post {
                    __typename
                    id
                    byNovice
                  }
                } =>
                {
                  ... on Post {
                    byExpert
                  }
                }
              },
            },
          },
        }
        """,
    )


DIGEST = planner(
    d=FED2
    + """
    type Query { posts: [Post] }
    type Post @key(fields: "id") {
      id: ID!
      comments(limit: Int): [Comment]
      summary: String @requires(fields: "comments(limit: 3) { authorId }")
    }
    type Comment @key(fields: "id") { id: ID! authorId: ID @external }
    """,
    c=FED2
    + """
    type Comment @key(fields: "id") { id: ID! authorId: ID text: String }
    """,
)


def test_requires_external_fields_below_a_local_field_with_arguments() -> None:
    # comments is local to d, authorId external there: d fetches comments(limit: 3) under an alias,
    # c adds authorId at that alias, and d gets them back as `comments` in the representation.
    assert_plan(
        DIGEST,
        "{ posts { summary } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "d") {
              {
                posts {
                  __typename
                  id
                  gg_req_comments_0:comments(limit:3) {
                    __typename
                    id
                  }
                }
              }
            },
            Flatten(path: "posts.@.gg_req_comments_0.@") {
              Fetch(service: "c") {
                {
                  ... on Comment {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Comment {
                    authorId
                  }
                }
              },
            },
            Flatten(path: "posts.@") {
              Fetch(service: "d") {
                {
                  ... on Post {
                    __typename
                    id
                    comments(limit:3) {
                      authorId
                    }
                  }
                } =>
                {
                  ... on Post {
                    summary
                  }
                }
              },
            },
          },
        }
        """,
    )


CURRENCIES = planner(
    shop=FED2
    + """
    type Query { product: Product }
    type Product @key(fields: "id") { id: ID! price(currency: String!): Int }
    """,
    tax=FED2
    + """
    type Product @key(fields: "id") {
      id: ID!
      price(currency: String!): Int @external
      usTax: Int @requires(fields: "price(currency: \\"USD\\")")
      euTax: Int @requires(fields: "price(currency: \\"EUR\\")")
    }
    """,
)


def test_one_required_field_with_two_arguments_gets_a_call_per_value() -> None:
    # a representation holds one `price`: usTax and euTax each get their own call, each reading
    # the alias its price was fetched under.
    assert_plan(
        CURRENCIES,
        "{ product { usTax euTax } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "shop") {
              {
                product {
                  __typename
                  id
                  gg_req_price_0:price(currency:"USD")
                  gg_req_price_1:price(currency:"EUR")
                }
              }
            },
            Parallel {
              Flatten(path: "product") {
                Fetch(service: "tax") {
                  {
                    ... on Product {
                      __typename
                      id
                      price(currency:"USD")
                    }
                  } =>
                  {
                    ... on Product {
                      usTax
                    }
                  }
                },
              },
              Flatten(path: "product") {
                Fetch(service: "tax") {
                  {
                    ... on Product {
                      __typename
                      id
                      price(currency:"EUR")
                    }
                  } =>
                  {
                    ... on Product {
                      euTax
                    }
                  }
                },
              },
            },
          },
        }
        """,
    )
