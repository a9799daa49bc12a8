"""The tax subgraph's GraphQL schema: tax facts on `Citizen` (owned by registry).

Money is `Float` in euros (rounded to cents by the tax board), the same type services
requires for `annualIncome`. Every field is nullable so a tax-service failure stays an
error on that field only. Every `Citizen` field here is personal data (`personal_field`: the citizen
themselves, or an official with `tax:read` and a purpose; see `subgraphs/common/access.py`).
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

import strawberry
from strawberry.federation.schema_directives import ListSize
from strawberry.types import Info

from subgraphs.common.access import AgencySchema, personal_field
from subgraphs.tax.client import AssessmentRecord, DeclaredIncomeRecord, TaxAccountRecord
from subgraphs.tax.errors import LegacyError
from subgraphs.tax.loaders import TaxLoaders

# @listSize for the gateway's demand control: the tax board keeps a citizen's assessments for the
# last three closed tax years (TXP_ASSMT)
ASSESSMENT_YEARS = 3


@strawberry.enum(description="Where an annual income tax assessment stands.")
class AssessmentStatus(Enum):
    ASSESSED = "ASSESSED"
    PAID = "PAID"
    OVERDUE = "OVERDUE"
    PENDING = "PENDING"


@strawberry.type(description="The citizen's running account with the tax board.")
class TaxAccount:
    balance: float = strawberry.field(description="Positive: the citizen owes; negative: a refund is due.")
    due_date: date | None = strawberry.field(description="Payment due date; null when nothing is due.")
    currency: str

    @classmethod
    def of(cls, record: TaxAccountRecord) -> TaxAccount:
        return cls(balance=float(record.balance), due_date=record.due_date, currency=record.currency)


@strawberry.type(description="One year's income tax assessment.")
class Assessment:
    year: int
    assessed_income: float
    tax_due: float
    status: AssessmentStatus

    @classmethod
    def of(cls, record: AssessmentRecord) -> Assessment:
        return cls(
            year=record.year,
            assessed_income=float(record.assessed_income),
            tax_due=float(record.tax_due),
            status=AssessmentStatus(record.status),
        )


@strawberry.type(description="Income the citizen declared for one tax year.")
class DeclaredIncome:
    year: int
    amount: float

    @classmethod
    def of(cls, record: DeclaredIncomeRecord) -> DeclaredIncome:
        return cls(year=record.year, amount=float(record.amount))


def _loaders(info: Info) -> TaxLoaders:
    return info.context["loaders"]


async def _load(loader: Any, key: Any) -> Any:
    try:
        return await loader.load(key)
    except LegacyError as exc:
        raise exc.to_graphql() from exc


@strawberry.federation.type(keys=["id"], description="A person in the population register.")
class Citizen:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Citizen:
        return cls(id=id)

    @personal_field(description="Balance and due date of the citizen's tax account; null if none.")
    async def tax_account(self, info: Info) -> TaxAccount | None:
        record = await _load(_loaders(info).accounts, str(self.id))
        return None if record is None else TaxAccount.of(record)

    @personal_field(
        description="Income tax assessments, newest first; only `year` when given.",
        directives=[ListSize(assumed_size=ASSESSMENT_YEARS)],
    )
    async def assessments(self, info: Info, year: int | None = None) -> list[Assessment] | None:
        records = await _load(_loaders(info).assessments, (str(self.id), year))
        return [Assessment.of(r) for r in sorted(records, key=lambda r: -r.year)]

    @personal_field(description="Income declared for `year`; null when nothing was declared.")
    async def declared_income(self, info: Info, year: int) -> DeclaredIncome | None:
        record = await _load(_loaders(info).incomes, (str(self.id), year))
        return None if record is None else DeclaredIncome.of(record)

    @personal_field(description="Declared income (EUR) of the last closed tax year; null if none.")
    async def annual_income(self, info: Info) -> float | None:
        record = await _load(_loaders(info).incomes, (str(self.id), None))
        return None if record is None else float(record.amount)


schema = AgencySchema(types=[Citizen], federation_version="2.9")
