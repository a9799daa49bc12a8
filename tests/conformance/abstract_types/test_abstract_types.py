"""Conformance: interfaces and unions distributed across subgraphs.

`Item` and `SearchHit` have members that differ per subgraph (see subgraphs.py): partial unions,
interface implementations living in another subgraph, interface fields on entities where each
subgraph knows only some implementations, `__typename`, and fragments on interfaces and objects.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conformance.abstract_types.subgraphs import APPS
from tests.support.cases import Case, scenario_fixture

FOLDER = Path(__file__).parent


BOOK_EXTRAS = """query ($more: Boolean!) {
    items { id ... on Book @include(if: $more) { pages rating } ... on Film { minutes } }
}"""

CASES = [
    Case(
        "union_members_known_to_the_subgraph",
        """{ search(term: "light") {
              __typename
              ... on Book { id title pages }
              ... on Film { id title minutes }
        } }""",
        {
            "data": {
                "search": [
                    {"__typename": "Book", "id": "b-2", "title": "Harbour Lights", "pages": 210},
                    {"__typename": "Film", "id": "f-1", "title": "Northern Lights", "minutes": 98},
                ]
            }
        },
        requests={"catalog": 1, "reviews": 0},
    ),
    Case(
        "partial_union_fragment_on_member_the_subgraph_lacks",
        '{ search(term: "light") { __typename ... on Podcast { episodes } ... on Film { minutes } } }',
        {"data": {"search": [{"__typename": "Book"}, {"__typename": "Film", "minutes": 98}]}},
        # catalog cannot return a Podcast, so `... on Podcast` is dropped from its fetch (catalog would
        # reject an unknown type) and nothing else is needed.
        requests={"catalog": 1, "reviews": 0},
    ),
    Case(
        "union_member_fields_from_other_subgraph",
        """{ trending {
              __typename
              ... on Book { title pages rating }
              ... on Podcast { title episodes }
              ... on Film { minutes }
        } }""",
        {
            "data": {
                "trending": [
                    {"__typename": "Podcast", "title": "Archive Hour", "episodes": 42},
                    {"__typename": "Book", "title": "Harbour Lights", "pages": 210, "rating": 5},
                ]
            }
        },
        # reviews: trending; catalog: _entities(Book) for pages. Film is unknown to reviews: no fetch.
        requests={"reviews": 1, "catalog": 1},
    ),
    Case(
        "interface_with_implementations_in_other_subgraphs",
        "{ topRated { __typename id title ... on Book { pages } ... on Podcast { episodes } } }",
        {
            "data": {
                "topRated": [
                    {"__typename": "Book", "id": "b-2", "title": "Harbour Lights", "pages": 210},
                    {"__typename": "Book", "id": "b-1", "title": "The Long Winter", "pages": 335},
                    {"__typename": "Podcast", "id": "pod-1", "title": "Archive Hour", "episodes": 42},
                ]
            }
        },
        # one catalog _entities call carries both books.
        requests={"reviews": 1, "catalog": 1},
    ),
    Case(
        "interface_field_from_other_subgraph_on_some_implementations",
        "{ items { id title ... on Book { rating } } }",
        {
            "data": {
                "items": [
                    {"id": "b-1", "title": "The Long Winter", "rating": 4},
                    {"id": "f-1", "title": "Northern Lights"},
                    {"id": "b-2", "title": "Harbour Lights", "rating": 5},
                ]
            }
        },
        # reviews is asked about the two books only; the film needs nothing from it.
        requests={"catalog": 1, "reviews": 1},
    ),
    Case(
        "entity_with_interface_fields_in_two_subgraphs",
        """{ collection(id: "c-1") {
              name
              items { __typename title }
              featured { __typename title ... on Podcast { episodes } ... on Book { pages } }
        } }""",
        {
            "data": {
                "collection": {
                    "name": "Winter reading",
                    "items": [
                        {"__typename": "Book", "title": "The Long Winter"},
                        {"__typename": "Film", "title": "Northern Lights"},
                    ],
                    "featured": [
                        {"__typename": "Podcast", "title": "Archive Hour", "episodes": 42},
                        {"__typename": "Book", "title": "The Long Winter", "pages": 335},
                    ],
                }
            }
        },
        # catalog (collection, name, items) -> reviews (featured) -> catalog (Book.pages): pages lives
        # only in catalog and featured only in reviews, so three fetches in sequence is the minimum.
        requests={"catalog": 2, "reviews": 1},
    ),
    Case(
        "named_fragments_on_interface_and_object",
        """
        query Shelf { items { ...Basic ...FilmBits } topRated { ...Basic } }
        fragment Basic on Item { __typename id title }
        fragment FilmBits on Film { minutes }
        """,
        {
            "data": {
                "items": [
                    {"__typename": "Book", "id": "b-1", "title": "The Long Winter"},
                    {"__typename": "Film", "id": "f-1", "title": "Northern Lights", "minutes": 98},
                    {"__typename": "Book", "id": "b-2", "title": "Harbour Lights"},
                ],
                "topRated": [
                    {"__typename": "Book", "id": "b-2", "title": "Harbour Lights"},
                    {"__typename": "Book", "id": "b-1", "title": "The Long Winter"},
                    {"__typename": "Podcast", "id": "pod-1", "title": "Archive Hour"},
                ],
            }
        },
        # two independent root fields, one per subgraph (in parallel).
        requests={"catalog": 1, "reviews": 1},
    ),
    Case(
        "interface_fragment_inside_union",
        "{ trending { ... on Item { id title } } }",
        {
            "data": {
                "trending": [
                    {"id": "pod-1", "title": "Archive Hour"},
                    {"id": "b-2", "title": "Harbour Lights"},
                ]
            }
        },
        # Book.title is shareable, so reviews answers it too.
        requests={"reviews": 1, "catalog": 0},
    ),
    Case(
        "nested_abstract_fragments",
        '{ search(term: "winter") { ... on Item { __typename ... on Book { pages } } } }',
        {"data": {"search": [{"__typename": "Book", "pages": 335}]}},
        requests={"catalog": 1, "reviews": 0},
    ),
    Case(
        "typename_on_union_and_interface",
        "{ trending { __typename } topRated { t: __typename } }",
        {
            "data": {
                "trending": [{"__typename": "Podcast"}, {"__typename": "Book"}],
                "topRated": [{"t": "Book"}, {"t": "Book"}, {"t": "Podcast"}],
            }
        },
        # both root fields live in reviews: one fetch.
        requests={"reviews": 1, "catalog": 0},
    ),
    Case(
        "include_false_on_type_condition_skips_other_subgraph",
        BOOK_EXTRAS,
        {"data": {"items": [{"id": "b-1"}, {"id": "f-1", "minutes": 98}, {"id": "b-2"}]}},
        variables={"more": False},
        requests={"catalog": 1, "reviews": 0},
    ),
    Case(
        "include_true_on_type_condition",
        BOOK_EXTRAS,
        {
            "data": {
                "items": [
                    {"id": "b-1", "pages": 335, "rating": 4},
                    {"id": "f-1", "minutes": 98},
                    {"id": "b-2", "pages": 210, "rating": 5},
                ]
            }
        },
        variables={"more": True},
        requests={"catalog": 1, "reviews": 1},
    ),
    Case(
        "nested_conditions_on_type_conditions",
        """query ($x: Boolean = true) {
              topRated { id ... on Book @include(if: $x) { title ... on Book @skip(if: $x) { pages } } }
        }""",
        {
            "data": {
                "topRated": [
                    {"id": "b-2", "title": "Harbour Lights"},
                    {"id": "b-1", "title": "The Long Winter"},
                    {"id": "pod-1"},
                ]
            }
        },
        # pages (catalog) sits under @skip(if: true): reviews alone answers.
        requests={"reviews": 1, "catalog": 0},
    ),
    Case(
        "same_field_under_several_type_conditions",
        "{ topRated { ... on Book { title } ... on Podcast { title } ... on Item { title } } }",
        {
            "data": {
                "topRated": [
                    {"title": "Harbour Lights"},
                    {"title": "The Long Winter"},
                    {"title": "Archive Hour"},
                ]
            }
        },
        requests={"reviews": 1, "catalog": 0},
    ),
]


sc = scenario_fixture(FOLDER / "supergraph.graphql", APPS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_abstract_types(sc: Any, case: Case) -> None:
    assert case.response(sc) == case.expected
    assert case.requests_sent(sc) == case.requests
