"""`@provides`: an external field a subgraph can resolve on one path, saving an entity fetch."""

from __future__ import annotations

from .support import FED2, assert_plan, planner

SHOP = planner(
    reviews=FED2
    + """
    type Query { reviews: [Review] }
    type Review {
      body: String
      author: User @provides(fields: "username address { city }")
      editor: User
    }
    type User @key(fields: "id") {
      id: ID!
      username: String @external
      address: Address @external
    }
    type Address { city: String @external }
    """,
    accounts=FED2
    + """
    type User @key(fields: "id") { id: ID! username: String name: String address: Address }
    type Address @shareable { city: String country: String }
    """,
)


def test_provided_field_stays_in_the_providing_subgraph() -> None:
    assert_plan(
        SHOP,
        "{ reviews { body author { username } } }",
        """
        QueryPlan {
          Fetch(service: "reviews") {
            {
              reviews {
                body
                author {
                  username
                }
              }
            }
          },
        }
        """,
    )


def test_field_that_is_not_provided_needs_an_entity_fetch() -> None:
    assert_plan(
        SHOP,
        "{ reviews { author { username name } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "reviews") {
              {
                reviews {
                  author {
                    username
                    __typename
                    id
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


def test_provides_holds_only_on_its_path() -> None:
    assert_plan(
        SHOP,
        "{ reviews { editor { username } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "reviews") {
              {
                reviews {
                  editor {
                    __typename
                    id
                  }
                }
              }
            },
            Flatten(path: "reviews.@.editor") {
              Fetch(service: "accounts") {
                {
                  ... on User {
                    __typename
                    id
                  }
                } =>
                {
                  ... on User {
                    username
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_provided_nested_field() -> None:
    assert_plan(
        SHOP,
        "{ reviews { author { address { city } } } }",
        """
        QueryPlan {
          Fetch(service: "reviews") {
            {
              reviews {
                author {
                  address {
                    city
                  }
                }
              }
            }
          },
        }
        """,
    )


def test_nested_field_outside_the_provided_selection() -> None:
    assert_plan(
        SHOP,
        "{ reviews { author { address { city country } } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "reviews") {
              {
                reviews {
                  author {
                    address {
                      city
                    }
                    __typename
                    id
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
                    address {
                      country
                    }
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_federation_1_provides() -> None:
    p = planner(
        reviews="""
        type Query { reviews: [Review] }
        type Review { body: String author: User @provides(fields: "username") }
        extend type User @key(fields: "id") { id: ID! @external username: String @external }
        """,
        accounts="""
        type User @key(fields: "id") { id: ID! username: String name: String }
        """,
    )
    assert_plan(
        p,
        "{ reviews { author { username } } }",
        """
        QueryPlan {
          Fetch(service: "reviews") {
            {
              reviews {
                author {
                  username
                }
              }
            }
          },
        }
        """,
    )
    assert_plan(
        p,
        "{ reviews { author { name } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "reviews") {
              {
                reviews {
                  author {
                    __typename
                    id
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


def test_provides_inside_an_entity_fetch() -> None:
    p = planner(
        products=FED2
        + """
        type Query { topProducts: [Product] }
        type Product @key(fields: "upc") { upc: ID! }
        """,
        reviews=FED2
        + """
        type Product @key(fields: "upc") { upc: ID! reviews: [Review] }
        type Review { author: User @provides(fields: "name") }
        type User @key(fields: "id") { id: ID! name: String @external }
        """,
        accounts=FED2
        + """
        type User @key(fields: "id") { id: ID! name: String age: Int }
        """,
    )
    assert_plan(
        p,
        "{ topProducts { reviews { author { name age } } } }",
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
                        name
                        __typename
                        id
                      }
                    }
                  }
                }
              },
            },
            Flatten(path: "topProducts.@.reviews.@.author") {
              Fetch(service: "accounts") {
                {
                  ... on User {
                    __typename
                    id
                  }
                } =>
                {
                  ... on User {
                    age
                  }
                }
              },
            },
          },
        }
        """,
    )


SEARCH = planner(
    b=FED2
    + """
    type Query { search: [Result] @shareable }
    union Result = Book | Film
    type Book @key(fields: "id") { id: ID! }
    type Film @key(fields: "id") { id: ID! }
    """,
    z=FED2
    + """
    type Query { search: [Result] @shareable @provides(fields: "... on Book { title }") }
    union Result = Book | Film
    type Book @key(fields: "id") { id: ID! title: String @external }
    type Film @key(fields: "id") { id: ID! }
    """,
    c=FED2
    + """
    type Book @key(fields: "id") { id: ID! title: String }
    type Film @key(fields: "id") { id: ID! name: String }
    """,
)


def test_shared_root_field_goes_where_provides_covers_a_union_member() -> None:
    # b and z share search; only z @provides Book.title (owned by c): z answers it all at once.
    assert_plan(
        SEARCH,
        "{ search { ... on Book { title } } }",
        """
        QueryPlan {
          Fetch(service: "z") {
            {
              search {
                __typename
                ... on Book {
                  title
                }
              }
            }
          },
        }
        """,
    )
