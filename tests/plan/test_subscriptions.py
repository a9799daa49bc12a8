"""Subscription plans: the root field on its subgraph as the primary fetch, the rest per event."""

from __future__ import annotations

import pytest

from gateway.errors import ValidationFailed
from gateway.plan import Subscription, plan_to_json
from tests.plan.support import FED2, assert_plan, planner

BENEFITS = (
    FED2
    + """
type Query { claim(id: ID!): Claim }
type Subscription { claimChanged(citizen: ID): Claim! }
type Claim @key(fields: "id") { id: ID! status: String! applicant: Person! }
type Person @key(fields: "id", resolvable: false) { id: ID! }
"""
)
PEOPLE = (
    FED2
    + """
type Query { person(id: ID!): Person }
type Person @key(fields: "id") { id: ID! name: String! address: Address }
type Address { city: String }
"""
)
P = planner(benefits=BENEFITS, people=PEOPLE)


def test_a_subscription_on_one_subgraph_has_no_rest() -> None:
    assert_plan(
        P,
        "subscription { claimChanged { id status } }",
        """
        QueryPlan {
          Subscription {
            Primary: {
              Fetch(service: "benefits") {
                {
                  claimChanged {
                    id
                    status
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_fields_from_another_subgraph_are_the_rest_run_per_event() -> None:
    assert_plan(
        P,
        "subscription S($c: ID) { claimChanged(citizen: $c) { status applicant { name address { city } } } }",
        """
        QueryPlan {
          Subscription {
            Primary: {
              Fetch(service: "benefits") {
                {
                  claimChanged(citizen:$c) {
                    status
                    applicant {
                      __typename
                      id
                    }
                  }
                }
              },
            },
            Rest: {
              Flatten(path: "claimChanged.applicant") {
                Fetch(service: "people") {
                  {
                    ... on Person {
                      __typename
                      id
                    }
                  } =>
                  {
                    ... on Person {
                      name
                      address {
                        city
                      }
                    }
                  }
                },
              },
            },
          },
        }
        """,
    )
    plan = P.plan("subscription S($c: ID) { claimChanged(citizen: $c) { applicant { name } } }")
    assert isinstance(plan.node, Subscription)
    assert plan.node.primary.operation_kind == "subscription"
    assert plan.node.primary.operation.startswith("subscription S__benefits__0($c:ID)")
    assert plan.node.rest is not None and plan.fetches()[1].service == "people"
    assert plan_to_json(plan)["node"]["kind"] == "Subscription"


def test_fragments_and_conditions_below_the_root() -> None:
    assert_plan(
        P,
        """
        subscription($withName: Boolean!) { ...F }
        fragment F on Subscription { claimChanged { id applicant { name @include(if: $withName) } } }
        """,
        """
        QueryPlan {
          Subscription {
            Primary: {
              Fetch(service: "benefits") {
                {
                  claimChanged {
                    id
                    applicant {
                      __typename
                      id
                    }
                  }
                }
              },
            },
            Rest: {
              Include(if: $withName) {
                Flatten(path: "claimChanged.applicant") {
                  Fetch(service: "people") {
                    {
                      ... on Person {
                        __typename
                        id
                      }
                    } =>
                    {
                      ... on Person {
                        name @include(if:$withName)
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


def test_skip_on_the_root_field_is_refused_by_validation() -> None:
    with pytest.raises(ValidationFailed, match="@skip"):
        P.plan("subscription($off: Boolean!) { claimChanged @skip(if: $off) { id } }")
