"""Interfaces and unions across subgraphs: kept abstract where one subgraph answers all of it,
split by concrete type where some type needs another subgraph."""

from __future__ import annotations

from gateway.plan.nodes import Rename

from .support import FED2, assert_plan, planner

LIBRARY = planner(
    catalog=FED2
    + """
    type Query { media: [Media] search(text: String!): [Result] }
    interface Media { id: ID! title: String }
    type Book implements Media @key(fields: "id") { id: ID! title: String pages: Int }
    type Movie implements Media @key(fields: "id") { id: ID! title: String minutes: Int }
    type Author { name: String }
    union Result = Book | Movie | Author
    """,
    ratings=FED2
    + """
    type Movie @key(fields: "id") { id: ID! rating: Float }
    type Podcast @key(fields: "id") { id: ID! rating: Float }
    type Query { podcasts: [Podcast] }
    """,
)


def test_interface_answered_by_one_subgraph_stays_abstract() -> None:
    assert_plan(
        LIBRARY,
        "{ media { __typename id title } }",
        """
        QueryPlan {
          Fetch(service: "catalog") {
            {
              media {
                __typename
                id
                title
              }
            }
          },
        }
        """,
    )


def test_fragment_on_a_concrete_type_with_a_local_field() -> None:
    assert_plan(
        LIBRARY,
        "{ media { title ... on Book { pages } } }",
        """
        QueryPlan {
          Fetch(service: "catalog") {
            {
              media {
                __typename
                ... on Book {
                  title
                  pages
                }
                ... on Movie {
                  title
                }
              }
            }
          },
        }
        """,
    )


def test_fragment_on_a_concrete_type_with_a_field_of_another_subgraph() -> None:
    assert_plan(
        LIBRARY,
        "{ media { title ... on Movie { rating } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "catalog") {
              {
                media {
                  __typename
                  ... on Book {
                    title
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
                  ... on Movie {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Movie {
                    rating
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_union_members_split_by_type() -> None:
    assert_plan(
        LIBRARY,
        '{ search(text: "x") { __typename ... on Author { name } ... on Movie { title rating } } }',
        """
        QueryPlan {
          Sequence {
            Fetch(service: "catalog") {
              {
                search(text:"x") {
                  __typename
                  ... on Book {
                    __typename
                  }
                  ... on Movie {
                    __typename
                    title
                    id
                  }
                  ... on Author {
                    __typename
                    name
                  }
                }
              }
            },
            Flatten(path: "search.@") {
              Fetch(service: "ratings") {
                {
                  ... on Movie {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Movie {
                    rating
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_named_fragments_on_union_members() -> None:
    assert_plan(
        LIBRARY,
        """
        query Search { search(text: "x") { ...B ...M } }
        fragment B on Book { pages }
        fragment M on Movie { rating }
        """,
        """
        QueryPlan {
          Sequence {
            Fetch(service: "catalog") {
              {
                search(text:"x") {
                  __typename
                  ... on Book {
                    pages
                  }
                  ... on Movie {
                    __typename
                    id
                  }
                }
              }
            },
            Flatten(path: "search.@") {
              Fetch(service: "ratings") {
                {
                  ... on Movie {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Movie {
                    rating
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_fragment_on_an_interface_inside_a_union() -> None:
    assert_plan(
        LIBRARY,
        '{ search(text: "x") { ... on Media { title } } }',
        """
        QueryPlan {
          Fetch(service: "catalog") {
            {
              search(text:"x") {
                __typename
                ... on Book {
                  title
                }
                ... on Movie {
                  title
                }
              }
            }
          },
        }
        """,
    )


def test_interface_implementations_differ_between_subgraphs() -> None:
    p = planner(
        catalog=FED2
        + """
        type Query { media: [Media] }
        interface Media { id: ID! }
        type Book implements Media @key(fields: "id") { id: ID! pages: Int }
        """,
        audio=FED2
        + """
        type Query { latest: [Media] }
        interface Media { id: ID! }
        type Podcast implements Media @key(fields: "id") { id: ID! episodes: Int }
        type Book implements Media @key(fields: "id") { id: ID! narrator: String }
        """,
    )
    assert_plan(
        p,
        "{ media { id ... on Podcast { episodes } ... on Book { pages } } }",
        """
        QueryPlan {
          Fetch(service: "catalog") {
            {
              media {
                __typename
                ... on Book {
                  id
                  pages
                }
              }
            }
          },
        }
        """,
    )
    assert_plan(
        p,
        "{ latest { id ... on Book { pages narrator } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "audio") {
              {
                latest {
                  __typename
                  ... on Podcast {
                    id
                  }
                  ... on Book {
                    id
                    __typename
                    narrator
                  }
                }
              }
            },
            Flatten(path: "latest.@") {
              Fetch(service: "catalog") {
                {
                  ... on Book {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Book {
                    pages
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_federation_1_interface_entity() -> None:
    p = planner(
        catalog="""
        type Query { media: [Media] }
        interface Media { id: ID! }
        type Book implements Media @key(fields: "id") { id: ID! title: String }
        type Movie implements Media @key(fields: "id") { id: ID! title: String }
        """,
        ratings="""
        extend type Movie @key(fields: "id") { id: ID! @external rating: Float }
        """,
    )
    assert_plan(
        p,
        "{ media { ... on Movie { title rating } ... on Book { title } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "catalog") {
              {
                media {
                  __typename
                  ... on Book {
                    title
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
                  ... on Movie {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Movie {
                    rating
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_same_field_of_two_types_from_two_subgraphs() -> None:
    p = planner(
        catalog=FED2
        + """
        type Query { media: [Media] }
        interface Media { id: ID! }
        type Book implements Media @key(fields: "id") { id: ID! }
        type Movie implements Media @key(fields: "id") { id: ID! }
        """,
        books=FED2
        + """
        type Book @key(fields: "id") { id: ID! rating: Int }
        """,
        movies=FED2
        + """
        type Movie @key(fields: "id") { id: ID! rating: Int }
        """,
    )
    assert_plan(
        p,
        "{ media { ... on Book { rating } ... on Movie { rating } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "catalog") {
              {
                media {
                  __typename
                  ... on Book {
                    __typename
                    id
                  }
                  ... on Movie {
                    __typename
                    id
                  }
                }
              }
            },
            Parallel {
              Flatten(path: "media.@") {
                Fetch(service: "books") {
                  {
                    ... on Book {
                      __typename
                      id
                    }
                  } =>
                  {
                    ... on Book {
                      rating
                    }
                  }
                },
              },
              Flatten(path: "media.@") {
                Fetch(service: "movies") {
                  {
                    ... on Movie {
                      __typename
                      id
                    }
                  } =>
                  {
                    ... on Movie {
                      rating
                    }
                  }
                },
              },
            },
          },
        }
        """,
    )


ROSTER = planner(
    people=FED2
    + """
    type Query { people: [Person] }
    union Person = User | Admin
    type User @key(fields: "uid") { uid: ID! id: ID! @shareable badge: UserBadge @shareable }
    type UserBadge @shareable { code: Int! }
    type Admin { id: ID badge: Badge name: String }
    type Badge { code: Int }
    """,
    directory=FED2
    + """
    type User @key(fields: "uid") { uid: ID! id: ID @shareable badge: UserBadge @shareable }
    type UserBadge @shareable { code: Int }
    """,
)


def test_same_response_key_with_other_types_in_one_subgraph_is_aliased_there_only() -> None:
    # people has User.id: ID! and Admin.id: ID, UserBadge.code: Int! and Badge.code: Int: the second
    # of each gets an internal alias (name agrees everywhere, so it stays as it is); the executor
    # renames the answer back (Fetch.renames).
    query = "{ people { ... on User { id badge { code } } ... on Admin { id name badge { code } } } }"
    assert_plan(
        ROSTER,
        query,
        """
        QueryPlan {
          Fetch(service: "people") {
            {
              people {
                __typename
                ... on User {
                  id
                  badge {
                    code
                  }
                }
                ... on Admin {
                  gg_id_1:id
                  name
                  badge {
                    gg_code_1:code
                  }
                }
              }
            }
          },
        }
        """,
    )
    (fetch,) = ROSTER.plan(query).fetches()
    assert fetch.renames == Rename(
        fields=(
            (
                "people",
                Rename(aliases=(("gg_id_1", "id"),), fields=(("badge", Rename((("gg_code_1", "code"),))),)),
            ),
        )
    )


def test_same_response_key_with_the_same_type_is_not_aliased() -> None:
    assert_plan(
        ROSTER,
        "{ people { ... on User { badge { code } } ... on Admin { name } } }",
        """
        QueryPlan {
          Fetch(service: "people") {
            {
              people {
                __typename
                ... on User {
                  badge {
                    code
                  }
                }
                ... on Admin {
                  name
                }
              }
            }
          },
        }
        """,
    )
