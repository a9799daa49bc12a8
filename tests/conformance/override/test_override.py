"""Conformance: `@override` — plain, with `@requires`, on an interface implementation, unknown source.

Stale values: `ledger` still resolves every overridden field with "STALE-FROM-LEDGER" (or -1), so a
gateway that routes an overridden field to the old subgraph gives a visibly wrong answer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conformance.override.subgraphs import APPS
from tests.support.cases import Case, scenario_fixture

FOLDER = Path(__file__).parent


CASES = [
    Case(
        "plain_override_from_owner_root",
        "{ invoices { id title status } }",
        {
            "data": {
                "invoices": [
                    {"id": "inv-1", "title": "Office chairs", "status": "PAID"},
                    {"id": "inv-2", "title": "Printer paper", "status": "OVERDUE"},
                ]
            }
        },
        # ledger: invoices {id title}; payments: _entities {status}. status lives only in payments now.
        requests={"ledger": 1, "payments": 1},
    ),
    Case(
        "plain_override_from_overriding_root",
        "{ overdueInvoices { id status title } }",
        {"data": {"overdueInvoices": [{"id": "inv-2", "status": "OVERDUE", "title": "Printer paper"}]}},
        # payments answers id+status at the root; only title needs one ledger entity fetch.
        requests={"ledger": 1, "payments": 1},
    ),
    Case(
        "override_with_requires",
        "{ invoices { id amountDue } }",
        {"data": {"invoices": [{"id": "inv-1", "amountDue": 12000}, {"id": "inv-2", "amountDue": 2725}]}},
        # ledger: invoices {id net taxRate} in one fetch; payments: _entities with net+taxRate -> amountDue.
        requests={"ledger": 1, "payments": 1},
    ),
    Case(
        "override_with_requires_from_overriding_root",
        "{ overdueInvoices { amountDue status } }",
        {"data": {"overdueInvoices": [{"amountDue": 2725, "status": "OVERDUE"}]}},
        # payments root -> ledger (net, taxRate) -> payments (amountDue): the requires forces the
        # round trip; status comes with the first payments fetch.
        requests={"ledger": 1, "payments": 2},
    ),
    Case(
        "override_on_interface_implementation",
        "{ documents { __typename id title } }",
        {
            "data": {
                "documents": [
                    {"__typename": "Invoice", "id": "inv-1", "title": "Office chairs"},
                    {"__typename": "Receipt", "id": "rcp-1", "title": "Receipt for inv-1"},
                    {"__typename": "Invoice", "id": "inv-2", "title": "Printer paper"},
                ]
            }
        },
        # Document.title: ledger for Invoice, but payments for Receipt (overridden on that type only).
        # ledger: documents {... on Invoice {title} ... on Receipt {id}}; payments: _entities(Receipt).
        requests={"ledger": 1, "payments": 1},
    ),
    Case(
        "override_on_interface_with_fragments",
        """{ documents {
              id
              ... on Invoice { status }
              ... on Receipt { title }
        } }""",
        {
            "data": {
                "documents": [
                    {"id": "inv-1", "status": "PAID"},
                    {"id": "rcp-1", "title": "Receipt for inv-1"},
                    {"id": "inv-2", "status": "OVERDUE"},
                ]
            }
        },
        # one payments _entities call carries both Invoice and Receipt representations.
        requests={"ledger": 1, "payments": 1},
    ),
    Case(
        "override_from_unavailable_subgraph_owner_root",
        "{ invoices { id issuedOn } }",
        {
            "data": {
                "invoices": [
                    {"id": "inv-1", "issuedOn": "2024-03-01"},
                    {"id": "inv-2", "issuedOn": "2024-04-15"},
                ]
            }
        },
        # `@override(from: "archive")` names no subgraph of this supergraph, so it takes nothing away:
        # ledger still resolves issuedOn, and the root fetch answers everything.
        requests={"ledger": 1, "payments": 0},
    ),
    Case(
        "override_from_unavailable_subgraph_overriding_root",
        "{ overdueInvoices { id issuedOn } }",
        {"data": {"overdueInvoices": [{"id": "inv-2", "issuedOn": "2024-04-15"}]}},
        requests={"ledger": 0, "payments": 1},
    ),
]


sc = scenario_fixture(FOLDER / "supergraph.graphql", APPS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_override(sc: Any, case: Case) -> None:
    assert case.response(sc) == case.expected
    assert case.requests_sent(sc) == case.requests
