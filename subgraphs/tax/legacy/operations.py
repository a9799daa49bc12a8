"""The three TaxService operations: validate the batch of personal codes, query TAXDB, shape items."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from subgraphs.tax.legacy.soap import Item, SoapFault, child_text, personal_codes, response
from subgraphs.tax.legacy.store import NO_DATE, TaxStore

MAX_BATCH = 500
_CODE = re.compile(r"^\d{11}$")


def money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    return f"{sign}{whole}.{frac:02d}"


def iso_date(yyyymmdd: str) -> str | None:
    if yyyymmdd == NO_DATE:
        return None
    return f"{yyyymmdd[:4]}-{yyyymmdd[4:6]}-{yyyymmdd[6:]}"


def checked_codes(store: TaxStore, element: etree._Element) -> list[str]:
    """The request's personal codes, or a Client fault naming the bad or unknown ones."""
    codes = list(dict.fromkeys(personal_codes(element)))
    if not codes:
        raise SoapFault("Client", "PersonalCodes must hold at least one PersonalCode", "NoPersonalCodes")
    if len(codes) > MAX_BATCH:
        raise SoapFault("Client", f"At most {MAX_BATCH} personal codes per call", "BatchTooLarge")
    invalid = [c for c in codes if not _CODE.match(c)]
    if invalid:
        raise SoapFault("Client", "Invalid personal code(s)", "InvalidPersonalCode", invalid)
    known = store.known(codes)
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise SoapFault("Client", "Person(s) not registered with the tax board", "UnknownPerson", unknown)
    return codes


def optional_year(element: etree._Element) -> int | None:
    text = child_text(element, "Year")
    if text is None:
        return None
    if not text.isdigit():
        raise SoapFault("Client", f"Year must be an integer, got {text!r}", "InvalidYear")
    return int(text)


def get_tax_account(store: TaxStore, element: etree._Element) -> bytes:
    codes = checked_codes(store, element)
    items: list[Item] = [
        [
            ("PersonalCode", r.code),
            ("Balance", money(r.balance_cents)),
            ("DueDate", iso_date(r.due)),
            ("Currency", r.currency),
        ]
        for r in store.accounts(codes)
    ]
    return response("GetTaxAccount", "TaxAccount", items)


def list_assessments(store: TaxStore, element: etree._Element) -> bytes:
    codes = checked_codes(store, element)
    items: list[Item] = [
        [
            ("PersonalCode", r.code),
            ("Year", str(r.year)),
            ("AssessedIncome", money(r.income_cents)),
            ("TaxDue", money(r.tax_due_cents)),
            ("StatusCode", r.status),
        ]
        for r in store.assessments(codes, optional_year(element))
    ]
    return response("ListAssessments", "Assessment", items)


def get_declared_income(store: TaxStore, element: etree._Element) -> bytes:
    """Year omitted: the last closed tax year (SYS_PARAM.LAST_CLOSED_YR)."""
    codes = checked_codes(store, element)
    year = optional_year(element)
    if year is None:
        year = store.last_closed_year()
    items: list[Item] = [
        [("PersonalCode", r.code), ("Year", str(r.year)), ("Amount", money(r.income_cents))]
        for r in store.declarations(codes, year)
    ]
    return response("GetDeclaredIncome", "DeclaredIncome", items)


OPERATIONS: dict[str, Callable[[TaxStore, etree._Element], bytes]] = {
    "GetTaxAccount": get_tax_account,
    "ListAssessments": list_assessments,
    "GetDeclaredIncome": get_declared_income,
}
