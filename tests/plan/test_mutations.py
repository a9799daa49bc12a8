"""Mutations: root fields run in the client's order, one subgraph call per run of fields in
the same subgraph, each call's entity fetches before the next mutation."""

from __future__ import annotations

from .support import FED2, assert_plan, planner

BANK = planner(
    accounts=FED2
    + """
    type Query { account(id: ID!): Account }
    type Mutation { open(name: String!): Account close(id: ID!): Boolean }
    type Account @key(fields: "id") { id: ID! name: String }
    """,
    ledger=FED2
    + """
    type Mutation { deposit(id: ID!, amount: Int!): Account }
    type Account @key(fields: "id") { id: ID! balance: Int }
    """,
)


def test_mutations_in_two_subgraphs_run_in_order() -> None:
    assert_plan(
        BANK,
        'mutation { open(name: "a") { id } deposit(id: "1", amount: 5) { balance } }',
        """
        QueryPlan {
          Sequence {
            Fetch(service: "accounts") {
              {
                open(name:"a") {
                  id
                }
              }
            },
            Fetch(service: "ledger") {
              {
                deposit(id:"1",amount:5) {
                  balance
                }
              }
            },
          },
        }
        """,
    )


def test_consecutive_mutations_in_one_subgraph_share_a_call() -> None:
    assert_plan(
        BANK,
        'mutation { open(name: "a") { id } close(id: "2") deposit(id: "1", amount: 5) { id } }',
        """
        QueryPlan {
          Sequence {
            Fetch(service: "accounts") {
              {
                open(name:"a") {
                  id
                }
                close(id:"2")
              }
            },
            Fetch(service: "ledger") {
              {
                deposit(id:"1",amount:5) {
                  id
                }
              }
            },
          },
        }
        """,
    )


def test_a_subgraph_is_called_again_after_another() -> None:
    assert_plan(
        BANK,
        'mutation { open(name: "a") { id } deposit(id: "1", amount: 5) { id } close(id: "1") }',
        """
        QueryPlan {
          Sequence {
            Fetch(service: "accounts") {
              {
                open(name:"a") {
                  id
                }
              }
            },
            Fetch(service: "ledger") {
              {
                deposit(id:"1",amount:5) {
                  id
                }
              }
            },
            Fetch(service: "accounts") {
              {
                close(id:"1")
              }
            },
          },
        }
        """,
    )


def test_entity_fetches_of_a_mutation_run_before_the_next_mutation() -> None:
    assert_plan(
        BANK,
        'mutation { deposit(id: "1", amount: 5) { name } close(id: "1") }',
        """
        QueryPlan {
          Sequence {
            Sequence {
              Fetch(service: "ledger") {
                {
                  deposit(id:"1",amount:5) {
                    __typename
                    id
                  }
                }
              },
              Flatten(path: "deposit") {
                Fetch(service: "accounts") {
                  {
                    ... on Account {
                      __typename
                      id
                    }
                  } =>
                  {
                    ... on Account {
                      name
                    }
                  }
                },
              },
            },
            Fetch(service: "accounts") {
              {
                close(id:"1")
              }
            },
          },
        }
        """,
    )


def test_subgraph_operations_are_mutations_and_entity_fetches_queries() -> None:
    plan = BANK.plan("mutation Pay($id: ID!) { deposit(id: $id, amount: 5) { name } close(id: $id) }", "Pay")
    assert [fetch.operation for fetch in plan.fetches()] == [
        "mutation Pay__ledger__0($id:ID!){deposit(id:$id,amount:5){__typename id}}",
        "query Pay__accounts__1($representations:[_Any!]!){_entities(representations:$representations)"
        "{... on Account{name}}}",
        "mutation Pay__accounts__2($id:ID!){close(id:$id)}",
    ]


STRICT = planner(
    accounts=FED2
    + """
    type Query { account(id: ID!): Account }
    type Mutation { open(name: String!): Account! close(id: ID!): Boolean }
    type Account @key(fields: "id") { id: ID! name: String by: Owner! }
    type Owner { id: ID! nick: String }
    """,
    ledger=FED2
    + """
    type Mutation { deposit(id: ID!, amount: Int!): Account! }
    type Account @key(fields: "id") { id: ID! balance: Int! }
    """,
)


def test_a_null_in_a_non_null_chain_of_a_mutation_halts_the_later_ones() -> None:
    # open, open.by, open.by.id and open.balance (an entity field) are non-null: a null at
    # any of them nulls `data`, and deposit must not be sent. by.nick and name are nullable.
    assert_plan(
        STRICT,
        'mutation { open(name: "a") { name by { id nick } balance } deposit(id: "1", amount: 5) { id } }',
        """
        QueryPlan {
          Sequence {
            Sequence {
              Fetch(service: "accounts", haltIfNull: ["open", "open.by", "open.by.id", "open.balance"]) {
                {
                  open(name:"a") {
                    name
                    by {
                      id
                      nick
                    }
                    __typename
                    id
                  }
                }
              },
              Flatten(path: "open") {
                Fetch(service: "ledger") {
                  {
                    ... on Account {
                      __typename
                      id
                    }
                  } =>
                  {
                    ... on Account {
                      balance
                    }
                  }
                },
              },
            },
            Fetch(service: "ledger", haltIfNull: ["deposit", "deposit.id"]) {
              {
                deposit(id:"1",amount:5) {
                  id
                }
              }
            },
          },
        }
        """,
    )


def test_a_conditional_mutation_field_never_halts() -> None:
    # skipped, the field is absent, not null: it must not stop the mutations after it.
    assert_plan(
        STRICT,
        'mutation ($s: Boolean!) { open(name: "a") @skip(if: $s) { id } close(id: "1") }',
        """
        QueryPlan {
          Fetch(service: "accounts") {
            {
              open(name:"a") @skip(if:$s) {
                id
              }
              close(id:"1")
            }
          },
        }
        """,
    )
