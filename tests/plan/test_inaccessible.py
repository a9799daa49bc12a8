"""`@inaccessible`: hidden from clients, still usable by the planner for keys and `@requires`."""

from __future__ import annotations

import pytest

from gateway.errors import ValidationFailed

from .support import FED2, assert_plan, planner

SHOP = planner(
    products=FED2
    + """
    type Query { topProducts: [Product] media: [Media] }
    type Product @key(fields: "sku") { sku: ID! @inaccessible name: String cost: Int @inaccessible }
    interface Media { title: String }
    type Book implements Media { title: String }
    type Draft implements Media @inaccessible { title: String notes: String }
    """,
    pricing=FED2
    + """
    type Product @key(fields: "sku") {
      sku: ID! @inaccessible
      cost: Int @external
      price: Int @requires(fields: "cost")
    }
    """,
)


def test_inaccessible_key_field_is_used_as_the_key() -> None:
    assert_plan(
        SHOP,
        "{ topProducts { name price } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  name
                  __typename
                  sku
                  cost
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "pricing") {
                {
                  ... on Product {
                    __typename
                    sku
                    cost
                  }
                } =>
                {
                  ... on Product {
                    price
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_clients_cannot_select_an_inaccessible_field() -> None:
    with pytest.raises(ValidationFailed, match="sku"):
        SHOP.plan("{ topProducts { sku } }")


def test_interface_with_an_inaccessible_implementation() -> None:
    assert_plan(
        SHOP,
        "{ media { title } }",
        """
        QueryPlan {
          Fetch(service: "products") {
            {
              media {
                __typename
                title
              }
            }
          },
        }
        """,
    )


def test_union_with_an_inaccessible_member() -> None:
    p = planner(
        search=FED2
        + """
        type Query { search: [Result] }
        union Result = Page | Secret
        type Page { url: String }
        type Secret @inaccessible { code: String }
        """,
    )
    assert_plan(
        p,
        "{ search { __typename ... on Page { url } } }",
        """
        QueryPlan {
          Fetch(service: "search") {
            {
              search {
                __typename
                ... on Page {
                  __typename
                  url
                }
                ... on Secret {
                  __typename
                }
              }
            }
          },
        }
        """,
    )
