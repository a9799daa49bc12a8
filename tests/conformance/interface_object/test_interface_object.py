"""Conformance: `@interfaceObject` — simple, with `@requires`, non-resolvable, indirect extension.

`usage` and `licensing` see `Asset` as one object type; only `media` knows which concrete type
(Photo, Clip) an asset is, so any `__typename` or type condition on an asset that came from them
needs media. `credits` extends only `Photo`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conformance.interface_object.subgraphs import APPS
from tests.support.cases import Case, scenario_fixture

FOLDER = Path(__file__).parent


CASES = [
    Case(
        "shareable_field_of_an_interface_object_beside_its_own_field",
        "{ featuredPhoto { photographer caption downloads } }",
        {"data": {"featuredPhoto": {"photographer": "Mira Holm", "caption": "#ph-1", "downloads": 120}}},
        # caption is shareable between media and usage's interface object, downloads only in usage:
        # one usage call answers both (media is not asked).
        requests={"credits": 1, "usage": 1, "media": 0},
    ),
    Case(
        "type_condition_on_an_interface_object_field",
        "{ mostDownloaded { id ... on Clip { downloads } ... on Photo { downloads title } } }",
        {
            "data": {
                "mostDownloaded": [
                    {"id": "cl-1", "downloads": 300},
                    {"id": "ph-1", "downloads": 120, "title": "Harbour at dawn"},
                ]
            }
        },
        # usage returns downloads with the list (it does not depend on the type); media gives the
        # real __typename (and title) — no second usage call after it.
        requests={"usage": 1, "media": 1},
    ),
    Case(
        "interface_object_field_on_every_implementation",
        "{ assets { __typename id title downloads } }",
        {
            "data": {
                "assets": [
                    {"__typename": "Photo", "id": "ph-1", "title": "Harbour at dawn", "downloads": 120},
                    {"__typename": "Clip", "id": "cl-1", "title": "Ferry arrival", "downloads": 300},
                    {"__typename": "Photo", "id": "ph-2", "title": "Old town hall", "downloads": 15},
                ]
            }
        },
        # media: assets; usage: one _entities call with {__typename: "Asset", id} for all three.
        requests={"media": 1, "usage": 1, "licensing": 0, "credits": 0},
    ),
    Case(
        "interface_object_root_then_owner_field",
        "{ mostDownloaded { id downloads title } }",
        {
            "data": {
                "mostDownloaded": [
                    {"id": "cl-1", "downloads": 300, "title": "Ferry arrival"},
                    {"id": "ph-1", "downloads": 120, "title": "Harbour at dawn"},
                ]
            }
        },
        requests={"usage": 1, "media": 1},
    ),
    Case(
        "typename_of_interface_object_comes_from_owner",
        "{ mostDownloaded { __typename id } }",
        {
            "data": {
                "mostDownloaded": [
                    {"__typename": "Clip", "id": "cl-1"},
                    {"__typename": "Photo", "id": "ph-1"},
                ]
            }
        },
        # usage would answer "Asset", which is not an object type of the API schema: the concrete
        # type has to come from media.
        requests={"usage": 1, "media": 1},
    ),
    Case(
        "type_conditions_on_interface_object",
        "{ mostDownloaded { id ... on Photo { width } ... on Clip { seconds } } }",
        {"data": {"mostDownloaded": [{"id": "cl-1", "seconds": 45}, {"id": "ph-1", "width": 4000}]}},
        requests={"usage": 1, "media": 1},
    ),
    Case(
        "interface_object_requires",
        "{ assets { id sizeLabel } }",
        {
            "data": {
                "assets": [
                    {"id": "ph-1", "sizeLabel": "2.4 MB"},
                    {"id": "cl-1", "sizeLabel": "52.0 MB"},
                    {"id": "ph-2", "sizeLabel": "0.8 MB"},
                ]
            }
        },
        # media: assets {id bytes}; usage: _entities(Asset with bytes) -> sizeLabel.
        requests={"media": 1, "usage": 1},
    ),
    Case(
        "interface_object_requires_from_its_own_root",
        "{ mostDownloaded(first: 1) { downloads sizeLabel } }",
        {"data": {"mostDownloaded": [{"downloads": 300, "sizeLabel": "52.0 MB"}]}},
        # usage (ids, downloads) -> media (bytes) -> usage (sizeLabel): bytes only lives in media.
        requests={"usage": 2, "media": 1},
    ),
    Case(
        "non_resolvable_interface_object_ids_only",
        "{ licenses { code assets { id } } }",
        {
            "data": {
                "licenses": [
                    {"code": "CC-BY", "assets": [{"id": "ph-1"}, {"id": "cl-1"}]},
                    {"code": "ALL-RIGHTS", "assets": [{"id": "ph-2"}]},
                ]
            }
        },
        requests={"licensing": 1, "media": 0, "usage": 0, "credits": 0},
    ),
    Case(
        "non_resolvable_interface_object_fields_from_others",
        "{ licenses { code assets { __typename title downloads } } }",
        {
            "data": {
                "licenses": [
                    {
                        "code": "CC-BY",
                        "assets": [
                            {"__typename": "Photo", "title": "Harbour at dawn", "downloads": 120},
                            {"__typename": "Clip", "title": "Ferry arrival", "downloads": 300},
                        ],
                    },
                    {
                        "code": "ALL-RIGHTS",
                        "assets": [{"__typename": "Photo", "title": "Old town hall", "downloads": 15}],
                    },
                ]
            }
        },
        # licensing, then media (typename, title) and usage (downloads) — both keyed by id only.
        requests={"licensing": 1, "media": 1, "usage": 1, "credits": 0},
    ),
    Case(
        "indirect_extension_through_interface_object",
        "{ licenses { code assets { id ... on Photo { photographer } } } }",
        {
            "data": {
                "licenses": [
                    {
                        "code": "CC-BY",
                        "assets": [{"id": "ph-1", "photographer": "Mira Holm"}, {"id": "cl-1"}],
                    },
                    {"code": "ALL-RIGHTS", "assets": [{"id": "ph-2", "photographer": "Tor Berg"}]},
                ]
            }
        },
        # licensing -> media (which assets are photos?) -> credits (photographer of the two photos).
        requests={"licensing": 1, "media": 1, "usage": 0, "credits": 1},
    ),
    Case(
        "owner_root_with_concrete_extension_and_interface_object_field",
        '{ asset(id: "ph-2") { title ... on Photo { photographer } downloads } }',
        {"data": {"asset": {"title": "Old town hall", "photographer": "Tor Berg", "downloads": 15}}},
        # media root knows the type; credits and usage are then asked in parallel.
        requests={"media": 1, "credits": 1, "usage": 1, "licensing": 0},
    ),
]


sc = scenario_fixture(FOLDER / "supergraph.graphql", APPS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_interface_object(sc: Any, case: Case) -> None:
    assert case.response(sc) == case.expected
    assert case.requests_sent(sc) == case.requests
