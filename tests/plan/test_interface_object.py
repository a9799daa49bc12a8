"""`@interfaceObject`: a subgraph that sees an entity interface as one object type."""

from __future__ import annotations

from .support import FED2, assert_plan, planner

LIBRARY = planner(
    catalog=FED2
    + """
    type Query { media: [Media] }
    interface Media @key(fields: "id") { id: ID! title: String }
    type Book implements Media @key(fields: "id") { id: ID! title: String author: String }
    type Movie implements Media @key(fields: "id") { id: ID! title: String director: String }
    """,
    ratings=FED2
    + """
    type Query { trending: [Media] }
    type Media @key(fields: "id") @interfaceObject { id: ID! stars: Int }
    """,
)


def test_field_of_the_interface_object_from_the_owning_subgraph() -> None:
    assert_plan(
        LIBRARY,
        "{ media { title stars } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "catalog") {
              {
                media {
                  __typename
                  ... on Book {
                    title
                    __typename
                    id
                  }
                  ... on Movie {
                    title
                    __typename
                    id
                  }
                }
              }
            },
            Flatten(path: "media.@") {
              Fetch(service: "ratings") {
                {
                  ... on Book {
                    __typename
                    id
                  }
                  ... on Movie {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Media {
                    stars
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_field_of_the_interface_object_under_a_type_condition() -> None:
    assert_plan(
        LIBRARY,
        "{ media { ... on Book { author stars } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "catalog") {
              {
                media {
                  __typename
                  ... on Book {
                    author
                    __typename
                    id
                  }
                }
              }
            },
            Flatten(path: "media.@") {
              Fetch(service: "ratings") {
                {
                  ... on Book {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Media {
                    stars
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_interface_object_fields_only() -> None:
    assert_plan(
        LIBRARY,
        "{ trending { id stars } }",
        """
        QueryPlan {
          Fetch(service: "ratings") {
            {
              trending {
                __typename
                id
                stars
              }
            }
          },
        }
        """,
    )


def test_real_typename_comes_from_the_subgraph_that_knows_the_implementations() -> None:
    assert_plan(
        LIBRARY,
        "{ trending { __typename stars } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "ratings") {
              {
                trending {
                  __typename
                  stars
                  id
                }
              }
            },
            Flatten(path: "trending.@") {
              Fetch(service: "catalog") {
                {
                  ... on Media {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Media {
                    __typename
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_interface_field_the_interface_object_lacks() -> None:
    assert_plan(
        LIBRARY,
        "{ trending { title } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "ratings") {
              {
                trending {
                  __typename
                  id
                }
              }
            },
            Flatten(path: "trending.@") {
              Fetch(service: "catalog") {
                {
                  ... on Media {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Media {
                    __typename
                    title
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_type_condition_below_an_interface_object() -> None:
    assert_plan(
        LIBRARY,
        "{ trending { stars ... on Movie { director } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "ratings") {
              {
                trending {
                  __typename
                  stars
                  id
                }
              }
            },
            Flatten(path: "trending.@") {
              Fetch(service: "catalog") {
                {
                  ... on Media {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Media {
                    __typename
                    ... on Movie {
                      director
                    }
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_representations_are_sent_with_the_interface_name() -> None:
    plan = LIBRARY.plan("{ media { title stars } }")
    assert [fragment.typename_as for fetch in plan.fetches() for fragment in fetch.requires] == [
        "Media",
        "Media",
    ]


def test_type_condition_on_an_interface_object_field() -> None:
    # stars does not depend on the runtime type: ratings returns it with the list, and the type
    # condition is applied to the result (two fetches in a row, not three).
    assert_plan(
        LIBRARY,
        "{ trending { ... on Book { stars author } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "ratings") {
              {
                trending {
                  __typename
                  stars
                  id
                }
              }
            },
            Flatten(path: "trending.@") {
              Fetch(service: "catalog") {
                {
                  ... on Media {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Media {
                    __typename
                    ... on Book {
                      author
                    }
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_type_condition_holding_only_interface_object_fields_still_asks_the_real_type() -> None:
    # everything in `... on Book` comes from ratings, but only catalog knows which items are Books.
    assert_plan(
        LIBRARY,
        "{ trending { ... on Book { stars } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "ratings") {
              {
                trending {
                  __typename
                  stars
                  id
                }
              }
            },
            Flatten(path: "trending.@") {
              Fetch(service: "catalog") {
                {
                  ... on Media {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Media {
                    __typename
                    ... on Book {
                      __typename
                    }
                  }
                }
              },
            },
          },
        }
        """,
    )


SHELF = planner(
    catalog=FED2
    + """
    type Query { media: [Media] }
    interface Media @key(fields: "id") { id: ID! title: String }
    type Book implements Media @key(fields: "id") { id: ID! title: String @shareable author: String }
    type Movie implements Media @key(fields: "id") { id: ID! title: String @shareable director: String }
    """,
    ratings=FED2
    + """
    type Query { trending: [Media] }
    type Media @key(fields: "id") @interfaceObject { id: ID! stars: Int title: String @shareable }
    """,
    shop=FED2
    + """
    type Query { topBook: Book }
    type Book @key(fields: "id") { id: ID! }
    """,
)


def test_shareable_field_goes_with_the_interface_object_field_beside_it() -> None:
    # title is shareable between catalog (Book) and ratings (the Media interface object); stars is
    # only in ratings: one ratings call answers both, as the reference planners choose.
    assert_plan(
        SHELF,
        "{ topBook { title stars } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "shop") {
              {
                topBook {
                  __typename
                  id
                }
              }
            },
            Flatten(path: "topBook") {
              Fetch(service: "ratings") {
                {
                  ... on Book {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Media {
                    title
                    stars
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_shareable_field_goes_with_the_implementation_field_beside_it() -> None:
    assert_plan(
        SHELF,
        "{ topBook { title author } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "shop") {
              {
                topBook {
                  __typename
                  id
                }
              }
            },
            Flatten(path: "topBook") {
              Fetch(service: "catalog") {
                {
                  ... on Book {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Book {
                    title
                    author
                  }
                }
              },
            },
          },
        }
        """,
    )
