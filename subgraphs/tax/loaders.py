"""Per-request DataLoaders: N citizens in one `_entities` call cost one SOAP call per operation.

Keys carrying a year are grouped by year, so `assessments(year: 2024)` for 50 citizens is one
ListAssessments call; a failed call becomes the error of every key it was serving.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from subgraphs.tax.client import (
    AssessmentRecord,
    BatchResult,
    DeclaredIncomeRecord,
    TaxAccountRecord,
    TaxClient,
)
from subgraphs.tax.errors import LegacyError

MAX_BATCH = 500  # the service refuses larger PersonalCodes lists
T = TypeVar("T")
YearKey = tuple[str, int | None]


@dataclass(frozen=True)
class TaxLoaders:
    accounts: DataLoader[str, TaxAccountRecord | None]
    assessments: DataLoader[YearKey, list[AssessmentRecord]]
    incomes: DataLoader[YearKey, DeclaredIncomeRecord | None]


async def _batch(
    call: Callable[[list[str]], Awaitable[BatchResult[T]]], codes: list[str]
) -> tuple[dict[str, list[T]], dict[str, LegacyError]]:
    """Items per personal code plus per-code errors; a whole-call failure is every code's error."""
    try:
        result = await call(codes)
    except LegacyError as exc:
        return {}, dict.fromkeys(codes, exc)
    found: dict[str, list[T]] = defaultdict(list)
    for item in result.items:
        found[item.personal_code].append(item)  # type: ignore[attr-defined]
    return found, result.errors


def _load_accounts(client: TaxClient) -> Callable[[list[str]], Awaitable[list[Any]]]:
    async def load(codes: list[str]) -> list[Any]:
        found, errors = await _batch(client.get_tax_accounts, codes)
        return [errors.get(code) or next(iter(found.get(code, [])), None) for code in codes]

    return load


def _by_year(
    fetch: Callable[[Sequence[str], int | None], Awaitable[BatchResult[T]]], pick: Callable[[list[T]], Any]
) -> Callable[[list[YearKey]], Awaitable[list[Any]]]:
    async def load(keys: list[YearKey]) -> list[Any]:
        years: dict[int | None, list[str]] = defaultdict(list)
        for code, year in keys:
            years[year].append(code)
        groups = list(years.items())
        results = await asyncio.gather(
            *(_batch(lambda codes, y=year: fetch(codes, y), codes) for year, codes in groups)
        )
        answers = {year: result for (year, _), result in zip(groups, results, strict=True)}
        out: list[Any] = []
        for code, year in keys:
            found, errors = answers[year]
            out.append(errors.get(code) or pick(found.get(code, [])))
        return out

    return load


def create_loaders(client: TaxClient) -> TaxLoaders:
    return TaxLoaders(
        accounts=DataLoader(_load_accounts(client), max_batch_size=MAX_BATCH),
        assessments=DataLoader(_by_year(client.list_assessments, list), max_batch_size=MAX_BATCH),
        incomes=DataLoader(
            _by_year(client.get_declared_income, lambda items: items[0] if items else None),
            max_batch_size=MAX_BATCH,
        ),
    )
