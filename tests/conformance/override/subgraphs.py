"""Subgraphs for the `override` scenario: invoices and receipts split between `ledger` and `payments`.

`ledger` owns invoices and the `Document` interface. `payments` takes over fields with `@override`:
- `Invoice.status`: plain override; ledger still resolves it, with a stale value that must never show.
- `Invoice.amountDue`: override of a field that `@requires` ledger's `net` and `taxRate`.
- `Receipt.title`: override on a type that implements `Document` (in ledger only).
- `Invoice.issuedOn`: `@override(from: "archive")`, a subgraph that is not in the supergraph; both
  subgraphs resolve it (`@shareable`) with the same value, so either may answer.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.asgi import GraphQL

STALE = "STALE-FROM-LEDGER"

INVOICES: dict[str, dict[str, Any]] = {
    "inv-1": {"title": "Office chairs", "net": 10000, "tax_rate": 20, "issued_on": "2024-03-01"},
    "inv-2": {"title": "Printer paper", "net": 2500, "tax_rate": 9, "issued_on": "2024-04-15"},
}
RECEIPTS: dict[str, str] = {"rcp-1": "Receipt for inv-1"}
STATUS: dict[str, str] = {"inv-1": "PAID", "inv-2": "OVERDUE"}


# --- ledger ---------------------------------------------------------------------------------------


@strawberry.federation.interface
class Document:
    id: strawberry.ID
    title: str


@strawberry.federation.type(keys=["id"])
class Invoice(Document):
    net: int
    tax_rate: int
    issued_on: str = strawberry.federation.field(shareable=True)

    @strawberry.field
    def status(self) -> str:
        return STALE

    @strawberry.field
    def amount_due(self) -> int:
        return -1

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Invoice:
        return ledger_invoice(id)


@strawberry.federation.type(keys=["id"])
class Receipt(Document):
    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Receipt:
        return Receipt(id=id, title=STALE)


def ledger_invoice(id: str) -> Invoice:
    row = INVOICES[id]
    return Invoice(
        id=strawberry.ID(id),
        title=row["title"],
        net=row["net"],
        tax_rate=row["tax_rate"],
        issued_on=row["issued_on"],
    )


@strawberry.type
class LedgerQuery:
    @strawberry.field
    def invoices(self) -> list[Invoice]:
        return [ledger_invoice(i) for i in INVOICES]

    @strawberry.field
    def documents(self) -> list[Document]:
        return [
            ledger_invoice("inv-1"),
            Receipt(id=strawberry.ID("rcp-1"), title=STALE),
            ledger_invoice("inv-2"),
        ]


ledger = strawberry.federation.Schema(query=LedgerQuery, types=[Receipt], federation_version="2.3")


# --- payments -------------------------------------------------------------------------------------


@strawberry.federation.type(keys=["id"], name="Invoice")
class PaymentsInvoice:
    id: strawberry.ID
    net: int = strawberry.federation.field(external=True, default=None)
    tax_rate: int = strawberry.federation.field(external=True, default=None)

    @strawberry.federation.field(override="ledger")
    def status(self) -> str:
        return STATUS[self.id]

    @strawberry.federation.field(override="ledger", requires=["net taxRate"])
    def amount_due(self) -> int:
        assert self.net is not None and self.tax_rate is not None, "requires fields missing"
        return self.net * (100 + self.tax_rate) // 100

    @strawberry.federation.field(override="archive", shareable=True)
    def issued_on(self) -> str:
        return str(INVOICES[self.id]["issued_on"])

    @classmethod
    def resolve_reference(cls, id: strawberry.ID, **rep: Any) -> PaymentsInvoice:
        return cls(id=id, net=rep.get("net"), tax_rate=rep.get("taxRate"))


@strawberry.federation.type(keys=["id"], name="Receipt")
class PaymentsReceipt:
    id: strawberry.ID

    @strawberry.federation.field(override="ledger")
    def title(self) -> str:
        return RECEIPTS[self.id]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> PaymentsReceipt:
        return cls(id=id)


@strawberry.type
class PaymentsQuery:
    @strawberry.field
    def overdue_invoices(self) -> list[PaymentsInvoice]:
        return [PaymentsInvoice(id=strawberry.ID(i)) for i, s in STATUS.items() if s == "OVERDUE"]


payments = strawberry.federation.Schema(
    query=PaymentsQuery, types=[PaymentsReceipt], federation_version="2.3"
)

SCHEMAS = {"ledger": ledger, "payments": payments}
APPS = {name: GraphQL(schema) for name, schema in SCHEMAS.items()}
