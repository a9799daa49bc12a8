"""Client for the board's legacy REST/JSON API (aiohttp).

Every call: a per-call timeout; 429 answers are retried after the advertised Retry-After,
at most `max_retries` times and only while the wait stays under `max_retry_wait`; list
endpoints are followed page by page until `totalPages`. The board's codes, cents-strings
and DD.MM.YYYY dates become plain records here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import aiohttp

from subgraphs.benefits.errors import LegacyError, LegacyRejection
from subgraphs.common.credentials import BENEFITS_LEGACY, configured_credential

KINDS = {
    "CA": "CHILD_ALLOWANCE",
    "PB": "PARENTAL_BENEFIT",
    "UB": "UNEMPLOYMENT",
    "PN": "PENSION",
    "DB": "DISABILITY",
}
KIND_CODES = {kind: code for code, kind in KINDS.items()}
STATUSES = {"S": "SUBMITTED", "R": "IN_REVIEW", "A": "APPROVED", "X": "REJECTED", "P": "PAID"}


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    id: str
    citizen_id: str
    kind: str  # CHILD_ALLOWANCE | PARENTAL_BENEFIT | UNEMPLOYMENT | PENSION | DISABILITY
    status: str  # SUBMITTED | IN_REVIEW | APPROVED | REJECTED | PAID
    amount: Decimal
    submitted: date
    decided_at: datetime | None = None  # UTC


@dataclass(frozen=True, slots=True)
class HealthRecord:
    citizen_id: str
    insured: bool
    valid_until: date | None


def _dmy(text: str | None) -> date | None:
    return None if not text else datetime.strptime(text, "%d.%m.%Y").date()


def _dmy_hms(text: str | None) -> datetime | None:
    return None if not text else datetime.strptime(text, "%d.%m.%Y %H:%M:%S").replace(tzinfo=UTC)


def parse_claim(item: dict[str, Any]) -> ClaimRecord:
    try:
        return ClaimRecord(
            id=str(item["claimNo"]),
            citizen_id=str(item["personCode"]),
            kind=KINDS[item["benefitCode"]],
            status=STATUSES[item["statusCode"]],
            amount=Decimal(item["amount"]),
            submitted=_dmy(item["submittedOn"]) or date.min,
            decided_at=_dmy_hms(item.get("decidedAt")),
        )
    except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
        raise LegacyError("LEGACY_DATA_CORRUPT", f"Benefits API sent a malformed claim: {exc!r}") from exc


def parse_health(item: dict[str, Any]) -> HealthRecord:
    try:
        if item["insured"] not in ("J", "N"):
            raise ValueError(f"insured flag {item['insured']!r}")
        return HealthRecord(str(item["personCode"]), item["insured"] == "J", _dmy(item["validTo"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise LegacyError(
            "LEGACY_DATA_CORRUPT", f"Benefits API sent a malformed cover record: {exc!r}"
        ) from exc


def _retry_after(headers: Any) -> float:
    try:
        return max(0.0, float(headers.get("Retry-After", "1")))
    except ValueError:
        return 1.0


def _error_of(status: int, body: Any) -> LegacyError:
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code", "UNKNOWN") if isinstance(error, dict) else "UNKNOWN"
    message = error.get("message", "") if isinstance(error, dict) else ""
    text = f"Benefits API error {status} {code}: {message}".rstrip(": ")
    if status == 429:
        return LegacyError("LEGACY_RATE_LIMITED", text, legacyCode=code)
    if status >= 500:
        return LegacyError("LEGACY_UNAVAILABLE", text, legacyCode=code, httpStatus=status)
    return LegacyRejection(status, code, text)


class BenefitsClient:
    """One per subgraph process; the aiohttp session is opened lazily on the serving loop."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 3.0,
        per_page: int = 100,
        max_retries: int = 3,
        max_retry_wait: float = 5.0,
        credential: str | None = None,
    ) -> None:
        """`credential`: the board's service credential (default `$GOVGRAPH_BENEFITS_LEGACY_CREDENTIAL`),
        sent as `Authorization: Bearer` on every call."""
        self.base_url = base_url.rstrip("/")
        self.credential = configured_credential(BENEFITS_LEGACY, credential)
        self.timeout = timeout
        self.per_page = per_page
        self.max_retries = max_retries
        self.max_retry_wait = max_retry_wait
        self._session: aiohttp.ClientSession | None = None

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            headers = {"Authorization": f"Bearer {self.credential}"} if self.credential else {}
            timeout = aiohttp.ClientTimeout(total=self.timeout)
            self._session = aiohttp.ClientSession(timeout=timeout, headers=headers)
        return self._session

    async def _send(self, method: str, path: str, **kwargs: Any) -> tuple[int, Any, Any]:
        try:
            async with self._get_session().request(method, self.base_url + path, **kwargs) as resp:
                try:
                    body = await resp.json(content_type=None)
                except ValueError as exc:
                    code = "LEGACY_UNAVAILABLE" if resp.status >= 500 else "LEGACY_DATA_CORRUPT"
                    raise LegacyError(code, f"Benefits API sent non-JSON (HTTP {resp.status})") from exc
                return resp.status, body, resp.headers
        except TimeoutError as exc:
            raise LegacyError(
                "LEGACY_TIMEOUT", f"Benefits API did not answer within {self.timeout}s"
            ) from exc
        except aiohttp.ClientError as exc:
            raise LegacyError("LEGACY_UNAVAILABLE", f"Benefits API unreachable: {exc}") from exc

    async def request(self, method: str, path: str, **kwargs: Any) -> tuple[Any, Any]:
        """(body, headers) of a 2xx answer; retries 429 within the bounds; raises LegacyError."""
        for attempt in range(self.max_retries + 1):
            status, body, headers = await self._send(method, path, **kwargs)
            if status < 300 and isinstance(body, dict) and body.get("status") == "OK":
                return body, headers
            if status < 300:
                raise LegacyError("LEGACY_DATA_CORRUPT", "Benefits API answer lacks status OK")
            error = _error_of(status, body)
            wait = _retry_after(headers)
            if status != 429 or attempt == self.max_retries or wait > self.max_retry_wait:
                if status == 429:
                    error.extra["attempts"] = attempt + 1
                raise error
            await asyncio.sleep(wait)
        raise AssertionError("unreachable")

    async def _all_pages(self, path: str, citizen_ids: Sequence[str]) -> list[dict[str, Any]]:
        ids = ",".join(dict.fromkeys(citizen_ids))
        items: list[dict[str, Any]] = []
        page, pages = 1, 1
        while page <= pages:
            params = {"citizen_ids": ids, "page": str(page), "per_page": str(self.per_page)}
            body, headers = await self.request("GET", path, params=params)
            data, paging = body.get("data"), body.get("paging") or {}
            if not isinstance(data, list):
                raise LegacyError("LEGACY_DATA_CORRUPT", "Benefits API page lacks a data list")
            items.extend(data)
            pages = int(paging.get("totalPages") or headers.get("X-Total-Pages") or 1)
            page += 1
        return items

    async def claims(self, citizen_ids: Sequence[str]) -> list[ClaimRecord]:
        return [parse_claim(item) for item in await self._all_pages("/api/v1/claims", citizen_ids)]

    async def health_insurance(self, citizen_ids: Sequence[str]) -> list[HealthRecord]:
        return [parse_health(item) for item in await self._all_pages("/api/v1/health-insurance", citizen_ids)]

    async def apply(self, citizen_id: str, kind: str, idempotency_key: str | None = None) -> ClaimRecord:
        """Store a new application; LegacyRejection when the board refuses it. With `idempotency_key`
        a repeat answers with the claim the first one made (subgraphs/benefits/idempotency.py)."""
        payload = {"personCode": citizen_id, "benefitCode": KIND_CODES[kind]}
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        body, _ = await self.request("POST", "/api/v1/applications", json=payload, headers=headers)
        return parse_claim(body.get("data") or {})
