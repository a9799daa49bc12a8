"""`@defer`: deferred fragments in fetch groups of their own, run after the primary
(`Defer { Primary {...}, [Deferred(...) {...}] }`)."""

from __future__ import annotations

import pytest
from graphql import parse

from gateway.errors import ValidationFailed
from gateway.plan import plan_to_json, print_plan
from gateway.plan.nodes import Defer
from gateway.plugins.defer import SCHEMA_EXTENSION, check_defer_usage
from gateway.supergraph import extend_api_schema

from .support import FED2, Planner, assert_plan, planner

BASE = planner(
    people=FED2
    + """
    type Query { me: Person people: [Person] motd: String }
    type Person @key(fields: "id") { id: ID! givenName: String address: Address }
    type Address { street: String city: String }
    """,
    tax=FED2
    + """
    type Person @key(fields: "id") { id: ID! taxAccount: TaxAccount }
    type TaxAccount { balance: Int }
    """,
    benefits=FED2
    + """
    type Query { news: String }
    type Person @key(fields: "id") { id: ID! benefitClaims: [Claim!] }
    type Claim @key(fields: "id") { id: ID! kind: String status: String }
    """,
)
P = Planner(extend_api_schema(BASE.supergraph, [SCHEMA_EXTENSION]))


def plan_text(query: str) -> str:
    return print_plan(P.plan(query))


def test_subgraphs_are_never_sent_defer() -> None:
    plan = P.plan(
        '{ me { ... @defer(label: "x") { taxAccount { balance } } address { ... @defer { city } } } }'
    )
    assert isinstance(plan.node, Defer)
    assert [d.label for d in plan.node.deferred] == ["x", None]
    assert plan.fetches() and not any("@defer" in fetch.operation for fetch in plan.fetches())


def test_json_form_in_apollos_shape() -> None:
    plan = P.plan('{ me { givenName ... @defer(label: "x") { taxAccount { balance } } } }')
    node = plan_to_json(plan)["node"]
    assert node["kind"] == "Defer"
    assert node["primary"]["node"]["serviceName"] == "people"
    [deferred] = node["deferred"]
    assert (deferred["label"], deferred["queryPath"], deferred["depends"]) == ("x", ["me"], [])
    assert deferred["node"]["node"]["serviceName"] == "tax"
    assert [n["kind"] for n in node["nodes"]] == ["Fetch", "Flatten"]  # for walkers of groups


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ('{ me { ... @defer(label: "a") { id } ... @defer(label: "a") { givenName } } }', "more than once"),
        ("query ($l: String) { me { ... @defer(label: $l) { id } } }", "static string"),
        ("mutation { ... @defer { m } }", "root fields of a mutation"),
        ("mutation { ...M } fragment M on Mutation { ... @defer { m } }", "root fields of a mutation"),
    ],
)
def test_validation_rules(document: str, message: str) -> None:
    with pytest.raises(ValidationFailed, match=message) as raised:
        check_defer_usage(parse(document))
    assert raised.value.errors[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_defer_below_a_mutation_root_field_is_allowed() -> None:
    check_defer_usage(parse('mutation { m { ... @defer(label: "later") { id } } }'))


def test_dashboard_defers_an_entity_into_its_own_entities_call() -> None:
    """The primary asks the key; the deferred fragment is an `_entities` call after it."""
    assert_plan(
        P,
        "query Dashboard { me { givenName taxAccount { balance } "
        '... @defer(label: "slow") { benefitClaims { kind status } } } }',
        """
        QueryPlan {
          Defer {
            Primary {
              Sequence {
                Fetch(service: "people") {
                  {
                    me {
                      givenName
                      __typename
                      id
                    }
                  }
                },
                Flatten(path: "me") {
                  Fetch(service: "tax") {
                    {
                      ... on Person {
                        __typename
                        id
                      }
                    } =>
                    {
                      ... on Person {
                        taxAccount {
                          balance
                        }
                      }
                    }
                  },
                },
              },
            }, [
              Deferred(id: 0, depends: [primary], path: "me", label: "slow") {
                {
                  benefitClaims {
                    kind
                    status
                  }
                }:
                Flatten(path: "me") {
                  Fetch(service: "benefits") {
                    {
                      ... on Person {
                        __typename
                        id
                      }
                    } =>
                    {
                      ... on Person {
                        benefitClaims {
                          kind
                          status
                        }
                      }
                    }
                  },
                },
              },
            ]
          },
        }
        """,
    )


def test_defer_at_the_root_is_a_root_fetch_of_its_own() -> None:
    """The query root has no key: the deferred root fields are root fetches run after the primary."""
    assert_plan(
        P,
        '{ me { givenName } ... @defer(label: "news") { news } }',
        """
        QueryPlan {
          Defer {
            Primary {
              Fetch(service: "people") {
                {
                  me {
                    givenName
                  }
                }
              },
            }, [
              Deferred(id: 0, depends: [primary], path: "", label: "news") {
                {
                  news
                }:
                Fetch(service: "benefits") {
                  {
                    news
                  }
                },
              },
            ]
          },
        }
        """,
    )


def test_a_non_entity_is_fetched_with_its_parent_and_delivered_later() -> None:
    """`Address` has no key to jump with: its deferred field is fetched with its parent."""
    assert_plan(
        P,
        "{ me { givenName address { street ... @defer { city } } } }",
        """
        QueryPlan {
          Defer {
            Primary {
              Fetch(service: "people") {
                {
                  me {
                    givenName
                    address {
                      street
                      city
                    }
                  }
                }
              },
            }, [
              Deferred(id: 0, depends: [primary], path: "me.address") {
                {
                  city
                }:
                (fetched with its parent)
              },
            ]
          },
        }
        """,
    )


def test_nested_defers_and_a_variable_condition() -> None:
    """`if: $var` is planned deferred (decided per request); the inner fragment waits for the outer."""
    assert_plan(
        P,
        "query ($d: Boolean!) { people { givenName ... @defer(if: $d) { taxAccount { balance } "
        '... @defer(label: "inner") { benefitClaims { kind } } } } }',
        """
        QueryPlan {
          Defer {
            Primary {
              Fetch(service: "people") {
                {
                  people {
                    givenName
                    __typename
                    id
                  }
                }
              },
            }, [
              Deferred(id: 0, depends: [primary], path: "people.@", if: $d) {
                {
                  taxAccount {
                    balance
                  }
                  ... @defer(label: "inner") {
                    benefitClaims {
                      kind
                    }
                  }
                }:
                Flatten(path: "people.@") {
                  Fetch(service: "tax") {
                    {
                      ... on Person {
                        __typename
                        id
                      }
                    } =>
                    {
                      ... on Person {
                        taxAccount {
                          balance
                        }
                        __typename
                        id
                      }
                    }
                  },
                },
              },
              Deferred(id: 1, depends: [0], path: "people.@", label: "inner") {
                {
                  benefitClaims {
                    kind
                  }
                }:
                Flatten(path: "people.@") {
                  Fetch(service: "benefits") {
                    {
                      ... on Person {
                        __typename
                        id
                      }
                    } =>
                    {
                      ... on Person {
                        benefitClaims {
                          kind
                        }
                      }
                    }
                  },
                },
              },
            ]
          },
        }
        """,
    )


def test_a_field_both_deferred_and_not_is_asked_again_by_the_deferred_part() -> None:
    """The deferred part is complete on its own: one call per subgraph it needs, in parallel."""
    assert_plan(
        P,
        "{ me { givenName ... @defer { givenName taxAccount { balance } } } }",
        """
        QueryPlan {
          Defer {
            Primary {
              Fetch(service: "people") {
                {
                  me {
                    givenName
                    __typename
                    id
                  }
                }
              },
            }, [
              Deferred(id: 0, depends: [primary], path: "me") {
                {
                  givenName
                  taxAccount {
                    balance
                  }
                }:
                Parallel {
                  Flatten(path: "me") {
                    Fetch(service: "people") {
                      {
                        ... on Person {
                          __typename
                          id
                        }
                      } =>
                      {
                        ... on Person {
                          givenName
                        }
                      }
                    },
                  },
                  Flatten(path: "me") {
                    Fetch(service: "tax") {
                      {
                        ... on Person {
                          __typename
                          id
                        }
                      } =>
                      {
                        ... on Person {
                          taxAccount {
                            balance
                          }
                        }
                      }
                    },
                  },
                },
              },
            ]
          },
        }
        """,
    )


def test_if_false_is_not_deferred() -> None:
    """A literal `if: false`: an ordinary fragment, no Defer node."""
    assert_plan(
        P,
        "{ me { givenName ... @defer(if: false) { taxAccount { balance } } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "people") {
              {
                me {
                  givenName
                  __typename
                  id
                }
              }
            },
            Flatten(path: "me") {
              Fetch(service: "tax") {
                {
                  ... on Person {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Person {
                    taxAccount {
                      balance
                    }
                  }
                }
              },
            },
          },
        }
        """,
    )
