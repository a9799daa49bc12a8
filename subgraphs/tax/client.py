"""SOAP 1.1 client for the tax board's TaxService (aiohttp + lxml).

Every call takes a batch of personal codes. When the service faults with `UnknownPerson`
or `InvalidPersonalCode` for some codes, those codes get the fault as their own error and the call is repeated
once for the rest, so one stray code does not fail its whole batch. Each call carries the agency's
service credential as a WS-Security UsernameToken (`$GOVGRAPH_TAX_LEGACY_CREDENTIAL`,
subgraphs/common/credentials.py); without it the service answers wsse:FailedAuthentication.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Generic, TypeVar

import aiohttp
from lxml import etree

from subgraphs.common.credentials import TAX_LEGACY, configured_credential
from subgraphs.tax.errors import LegacyError, SoapFaultError

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
TNS = "http://tax.gov.example/TaxService/2009-04"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
PASSWORD_TEXT = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText"
)
SERVICE_USER = "govgraph-tax"  # the account the tax board set up for the subgraph
NS = {"soap": SOAP_ENV, "tax": TNS}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
STATUS = {"A": "ASSESSED", "P": "PAID", "O": "OVERDUE", "N": "PENDING"}

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class TaxAccountRecord:
    personal_code: str
    balance: Decimal
    due_date: date | None
    currency: str


@dataclass(frozen=True, slots=True)
class AssessmentRecord:
    personal_code: str
    year: int
    assessed_income: Decimal
    tax_due: Decimal
    status: str  # ASSESSED | PAID | OVERDUE | PENDING


@dataclass(frozen=True, slots=True)
class DeclaredIncomeRecord:
    personal_code: str
    year: int
    amount: Decimal


@dataclass
class BatchResult(Generic[T]):
    """Items the service returned, plus per-code errors (codes it faulted on)."""

    items: list[T]
    errors: dict[str, LegacyError]


def _security_header(env: etree._Element, credential: str) -> None:
    header = etree.SubElement(env, f"{{{SOAP_ENV}}}Header")
    security = etree.SubElement(header, f"{{{WSSE}}}Security", nsmap={"wsse": WSSE})
    security.set(f"{{{SOAP_ENV}}}mustUnderstand", "1")
    token = etree.SubElement(security, f"{{{WSSE}}}UsernameToken")
    etree.SubElement(token, f"{{{WSSE}}}Username").text = SERVICE_USER
    etree.SubElement(token, f"{{{WSSE}}}Password", Type=PASSWORD_TEXT).text = credential


def build_envelope(
    operation: str, codes: Sequence[str], year: int | None = None, credential: str | None = None
) -> bytes:
    env = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"soapenv": SOAP_ENV, "tax": TNS})
    if credential is not None:
        _security_header(env, credential)
    body = etree.SubElement(env, f"{{{SOAP_ENV}}}Body")
    op = etree.SubElement(body, f"{{{TNS}}}{operation}")
    codes_el = etree.SubElement(op, f"{{{TNS}}}PersonalCodes")
    for code in codes:
        etree.SubElement(codes_el, f"{{{TNS}}}PersonalCode").text = code
    if year is not None:
        etree.SubElement(op, f"{{{TNS}}}Year").text = str(year)
    return etree.tostring(env, xml_declaration=True, encoding="UTF-8")


def _text(el: etree._Element, name: str) -> str | None:
    child = el.find(f"tax:{name}", NS)
    if child is None or child.get(f"{{{XSI}}}nil") == "true" or child.text is None:
        return None
    return child.text.strip()


def _required(el: etree._Element, name: str) -> str:
    value = _text(el, name)
    if value is None:
        raise LegacyError("LEGACY_DATA_CORRUPT", f"Tax service answer lacks {name}")
    return value


def _fault(body: etree._Element) -> SoapFaultError | None:
    fault = body.find("soap:Fault", NS)
    if fault is None:
        return None
    faultcode = (fault.findtext("faultcode") or "").strip()
    local = faultcode.split(":", 1)[-1]  # QName: the prefix is whatever the server bound
    detail = fault.find("detail/tax:TaxFaultDetail", NS)
    detail_code = "" if detail is None else (detail.findtext("tax:Code", "", NS) or "").strip()
    found = [] if detail is None else detail.iterfind("tax:PersonalCode", NS)
    codes = [(c.text or "").strip() for c in found]
    return SoapFaultError(local, (fault.findtext("faultstring") or "").strip(), detail_code, codes)


def parse_response(raw: bytes, operation: str) -> list[etree._Element]:
    """The item elements of `<OperationResponse>`; raises SoapFaultError / LegacyError."""
    try:
        root = etree.fromstring(raw, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise LegacyError("LEGACY_DATA_CORRUPT", f"Tax service sent malformed XML: {exc}") from exc
    body = root.find("soap:Body", NS)
    if root.tag != f"{{{SOAP_ENV}}}Envelope" or body is None:
        raise LegacyError("LEGACY_DATA_CORRUPT", "Tax service answer is not a SOAP 1.1 envelope")
    fault = _fault(body)
    if fault is not None:
        raise fault
    wrapper = body.find(f"tax:{operation}Response", NS)
    if wrapper is None:
        raise LegacyError("LEGACY_DATA_CORRUPT", f"Tax service answer lacks {operation}Response")
    return list(wrapper)


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise LegacyError("LEGACY_DATA_CORRUPT", f"Tax service sent a bad amount {text!r}") from exc


def _account(el: etree._Element) -> TaxAccountRecord:
    due = _text(el, "DueDate")
    return TaxAccountRecord(
        personal_code=_required(el, "PersonalCode"),
        balance=_decimal(_required(el, "Balance")),
        due_date=date.fromisoformat(due) if due else None,
        currency=_text(el, "Currency") or "EUR",
    )


def _assessment(el: etree._Element) -> AssessmentRecord:
    status = _required(el, "StatusCode")
    if status not in STATUS:
        raise LegacyError("LEGACY_DATA_CORRUPT", f"Unknown assessment status code {status!r}")
    return AssessmentRecord(
        personal_code=_required(el, "PersonalCode"),
        year=int(_required(el, "Year")),
        assessed_income=_decimal(_required(el, "AssessedIncome")),
        tax_due=_decimal(_required(el, "TaxDue")),
        status=STATUS[status],
    )


def _income(el: etree._Element) -> DeclaredIncomeRecord:
    return DeclaredIncomeRecord(
        personal_code=_required(el, "PersonalCode"),
        year=int(_required(el, "Year")),
        amount=_decimal(_required(el, "Amount")),
    )


class TaxClient:
    """One per subgraph process; the aiohttp session is opened lazily on the serving loop."""

    def __init__(self, endpoint: str, *, timeout: float = 5.0, credential: str | None = None) -> None:
        """`credential`: the service credential (default `$GOVGRAPH_TAX_LEGACY_CREDENTIAL`)."""
        self.endpoint = endpoint
        self.timeout = timeout
        self.credential = configured_credential(TAX_LEGACY, credential)
        self._session: aiohttp.ClientSession | None = None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        return self._session

    async def _post(self, operation: str, envelope: bytes) -> bytes:
        headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{TNS}/{operation}"'}
        try:
            async with self._get_session().post(self.endpoint, data=envelope, headers=headers) as resp:
                raw = await resp.read()
                if resp.status not in (200, 500) or not raw:
                    raise LegacyError("LEGACY_UNAVAILABLE", f"Tax service answered HTTP {resp.status}")
                return raw
        except TimeoutError as exc:
            raise LegacyError("LEGACY_TIMEOUT", f"Tax service did not answer within {self.timeout}s") from exc
        except aiohttp.ClientError as exc:
            raise LegacyError("LEGACY_UNAVAILABLE", f"Tax service unreachable: {exc}") from exc

    async def _call(
        self, operation: str, codes: Sequence[str], year: int | None, convert: Callable[[etree._Element], T]
    ) -> BatchResult[T]:
        pending = list(dict.fromkeys(codes))
        try:
            return await self._call_once(operation, pending, year, convert, {})
        except SoapFaultError as fault:
            named = set(fault.personal_codes) & set(pending)
            if fault.detail_code not in ("UnknownPerson", "InvalidPersonalCode") or not named:
                raise
            errors: dict[str, LegacyError] = dict.fromkeys(named, fault)
            rest = [c for c in pending if c not in named]
            if not rest:
                return BatchResult([], errors)
            return await self._call_once(operation, rest, year, convert, errors)

    async def _call_once(
        self,
        operation: str,
        codes: list[str],
        year: int | None,
        convert: Callable[[etree._Element], T],
        errors: dict[str, LegacyError],
    ) -> BatchResult[T]:
        raw = await self._post(operation, build_envelope(operation, codes, year, self.credential))
        elements = parse_response(raw, operation)
        try:
            return BatchResult([convert(el) for el in elements], errors)
        except ValueError as exc:  # a year or date that is not one
            raise LegacyError("LEGACY_DATA_CORRUPT", f"Tax service sent a bad value: {exc}") from exc

    async def get_tax_accounts(self, codes: Sequence[str]) -> BatchResult[TaxAccountRecord]:
        return await self._call("GetTaxAccount", codes, None, _account)

    async def list_assessments(self, codes: Sequence[str], year: int | None) -> BatchResult[AssessmentRecord]:
        return await self._call("ListAssessments", codes, year, _assessment)

    async def get_declared_income(
        self, codes: Sequence[str], year: int | None
    ) -> BatchResult[DeclaredIncomeRecord]:
        """year None: the service's last closed tax year."""
        return await self._call("GetDeclaredIncome", codes, year, _income)
