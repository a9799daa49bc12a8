"""The legacy benefits REST/JSON API as an aiohttp app.

    GET  /api/v1/claims?citizen_ids=a,b&page=1&per_page=20      claims, paginated
    GET  /api/v1/health-insurance?citizen_ids=a,b&page=&per_page= health cover, slow (health_delay)
    POST /api/v1/applications {"personCode": .., "benefitCode": "CA"}  201 + the new claim; with an
         `Idempotency-Key` header (at most 255 characters) a repeat within a day answers 201 with the
         claim that key made (`Idempotent-Replayed: true`), 422 IDEMPOTENCY_KEY_REUSED for another body
    POST /api/v1/claims/{claimNo}/decision {"statusCode": "A"|"X", "amount": "123.45"}  a caseworker
         approves or rejects an open claim (amount optional: kept when absent); 200 + the claim, 404
         CLAIM_NOT_FOUND, 409 CLAIM_NOT_OPEN
    Every /api/v1 call needs a service credential, `Authorization: Bearer <credential>`
    (subgraphs/common/credentials.py): the subgraph's (`$GOVGRAPH_BENEFITS_LEGACY_CREDENTIAL`) for
    claims, health insurance and applications, the caseworker system's
    (`$GOVGRAPH_BENEFITS_CASEWORKER_CREDENTIAL`) for decisions; without the right one 401
    UNAUTHORIZED (also when none is configured).
    GET  /health (open: no data);  test hooks: GET|DELETE /_stats, GET|POST /_admin/config (see
         control.py), only with `Authorization: Bearer $GOVGRAPH_ADMIN_TOKEN` (subgraphs/common/admin.py)

Success: {"status": "OK", "data": [...], "paging": {"page", "perPage", "totalPages", "totalRecords"}}
(also X-Total-Pages / X-Total-Count headers). Failure: {"status": "ERROR", "error": {"code", "message"}}
with 400/401/404/409/429 (Retry-After)/503. Codes are the board's: benefitCode CA|PB|UB|PN|DB,
statusCode S|R|A|X|P, insured J|N; amounts are strings, dates DD.MM.YYYY, decidedAt
DD.MM.YYYY HH:MM:SS (UTC; null until decided). Every stored claim change (a new application, a
decision) is then published to the event broker (`events.py`); publishing never fails the write.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from aiohttp import web

from subgraphs.benefits.legacy.control import ServiceControl
from subgraphs.benefits.legacy.events import ClaimEvents, utc_now
from subgraphs.benefits.legacy.store import (
    BENEFIT_CODES,
    DECISIONS,
    BenefitsStore,
    ClaimRow,
    HealthRow,
    db_path,
)
from subgraphs.common.admin import admin_guard
from subgraphs.common.credentials import (
    BENEFITS_CASEWORKER,
    BENEFITS_LEGACY,
    bearer,
    configured_credential,
    credential_matches,
)

MAX_PER_PAGE = 100
MAX_IDS = 100
_CODE = re.compile(r"^\d{11}$")
STORE = web.AppKey("store", BenefitsStore)
CONTROL = web.AppKey("control", ServiceControl)
EVENTS = web.AppKey("events", ClaimEvents)
CREDENTIALS = web.AppKey("credentials", dict[str, str])  # endpoint name: the credential it needs
_AMOUNT = re.compile(r"^\d{1,9}\.\d{2}$")
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
IDEMPOTENCY_KEY = "Idempotency-Key"
MAX_KEY_LENGTH = 255


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}

    def response(self) -> web.Response:
        body = {"status": "ERROR", "error": {"code": self.code, "message": self.message}}
        return web.json_response(body, status=self.status, headers=self.headers)


def dmy(yyyymmdd: str | None) -> str | None:
    return None if not yyyymmdd else f"{yyyymmdd[6:]}.{yyyymmdd[4:6]}.{yyyymmdd[:4]}"


def dmy_hms(stamp: str | None) -> str | None:
    """YYYYMMDDHHMMSS as DD.MM.YYYY HH:MM:SS."""
    return None if not stamp else f"{dmy(stamp[:8])} {stamp[8:10]}:{stamp[10:12]}:{stamp[12:14]}"


def money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}" if cents >= 0 else "-" + money(-cents)


def claim_json(row: ClaimRow) -> dict[str, Any]:
    return {
        "claimNo": row.claim_no,
        "personCode": row.person,
        "benefitCode": row.benefit,
        "statusCode": row.status,
        "amount": money(row.amount_cents),
        "submittedOn": dmy(row.submitted),
        "decidedAt": dmy_hms(row.decided),
    }


def health_json(row: HealthRow) -> dict[str, Any]:
    return {"personCode": row.person, "insured": row.insured, "validTo": dmy(row.valid_to)}


def _int_param(request: web.Request, name: str, default: int) -> int:
    raw = request.query.get(name, str(default))
    if not raw.isdigit() or int(raw) < 1:
        raise ApiError(400, "INVALID_PARAMETER", f"{name} must be a positive integer")
    return int(raw)


def citizen_ids(request: web.Request) -> list[str]:
    ids = [i for i in request.query.get("citizen_ids", "").split(",") if i]
    if not ids:
        raise ApiError(400, "INVALID_PARAMETER", "citizen_ids is required")
    if len(ids) > MAX_IDS:
        raise ApiError(400, "TOO_MANY_IDS", f"at most {MAX_IDS} citizen_ids per call")
    bad = [i for i in ids if not _CODE.match(i)]
    if bad:
        raise ApiError(400, "INVALID_PERSON_CODE", f"invalid personal code(s): {','.join(bad)}")
    return list(dict.fromkeys(ids))


def paged(
    request: web.Request, total: int, fetch: Callable[[int, int], list[dict[str, Any]]]
) -> web.Response:
    page = _int_param(request, "page", 1)
    per_page = min(_int_param(request, "per_page", 20), MAX_PER_PAGE)
    pages = max(1, -(-total // per_page))
    data = fetch(per_page, (page - 1) * per_page) if page <= pages else []
    paging = {"page": page, "perPage": per_page, "totalPages": pages, "totalRecords": total}
    headers = {"X-Total-Pages": str(pages), "X-Total-Count": str(total)}
    return web.json_response({"status": "OK", "data": data, "paging": paging}, headers=headers)


async def claims(request: web.Request) -> web.Response:
    store, ids = request.app[STORE], citizen_ids(request)
    return paged(
        request, store.count_claims(ids), lambda n, off: [claim_json(r) for r in store.claims(ids, n, off)]
    )


async def health_insurance(request: web.Request) -> web.Response:
    store, ids = request.app[STORE], citizen_ids(request)
    delay = request.app[CONTROL].health_delay
    if delay:
        await asyncio.sleep(delay)  # the national health insurance fund's link is slow
    return paged(
        request, store.count_health(ids), lambda n, off: [health_json(r) for r in store.health(ids, n, off)]
    )


async def _application(request: web.Request) -> tuple[str, str]:
    try:
        body = await request.json()
    except ValueError as exc:
        raise ApiError(400, "VALIDATION_FAILED", "body must be JSON") from exc
    person, benefit = body.get("personCode"), body.get("benefitCode")
    if not isinstance(person, str) or not _CODE.match(person):
        raise ApiError(400, "VALIDATION_FAILED", "personCode must be an 11-digit personal code")
    if benefit not in BENEFIT_CODES.values():
        raise ApiError(400, "UNKNOWN_BENEFIT_CODE", f"unknown benefitCode {benefit!r}")
    return person, benefit


def _idempotency_key(request: web.Request, person: str, benefit: str) -> tuple[str, str] | None:
    """(key, hash of what was asked) when the request carries an Idempotency-Key."""
    key = request.headers.get(IDEMPOTENCY_KEY)
    if key is None:
        return None
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ApiError(400, "INVALID_IDEMPOTENCY_KEY", f"{IDEMPOTENCY_KEY} must be 1-{MAX_KEY_LENGTH} chars")
    return key, hashlib.sha256(f"{person}:{benefit}".encode()).hexdigest()


async def applications(request: web.Request) -> web.Response:
    store = request.app[STORE]
    person, benefit = await _application(request)
    key = _idempotency_key(request, person, benefit)
    earlier = store.keyed_claim(key[0]) if key else None
    if key and earlier:
        if earlier[0] != key[1]:
            raise ApiError(
                422, "IDEMPOTENCY_KEY_REUSED", f"this {IDEMPOTENCY_KEY} came with another application"
            )
        replayed = {"Idempotent-Replayed": "true"}
        return web.json_response(
            {"status": "OK", "data": claim_json(earlier[1])}, status=201, headers=replayed
        )
    if not store.person_known(person):
        raise ApiError(404, "PERSON_NOT_FOUND", f"person {person} is not known to the board")
    if store.has_open_claim(person, benefit):
        raise ApiError(409, "DUPLICATE_APPLICATION", f"an application for {benefit} is already open")
    row = store.add_application(person, benefit, date.today().strftime("%Y%m%d"), key)
    await _changed(request, "created", row)
    delay = request.app[CONTROL].application_delay
    if delay:
        await asyncio.sleep(delay)  # stored, but the confirmation is slow: a caller may give up waiting
    return web.json_response({"status": "OK", "data": claim_json(row)}, status=201)


async def _changed(request: web.Request, kind: str, row: ClaimRow) -> None:
    """After a stored write: publish it (a failure is logged and counted, the write stands)."""
    published = await request.app[EVENTS].publish(kind, claim_json(row))
    request.app[CONTROL].stats["events_published" if published else "events_lost"] += 1


async def _decision(request: web.Request) -> tuple[str, int | None]:
    try:
        body = await request.json()
    except ValueError as exc:
        raise ApiError(400, "VALIDATION_FAILED", "body must be JSON") from exc
    status, amount = body.get("statusCode"), body.get("amount")
    if status not in DECISIONS:
        raise ApiError(400, "VALIDATION_FAILED", f"statusCode must be one of {'|'.join(DECISIONS)}")
    if amount is not None and not (isinstance(amount, str) and _AMOUNT.match(amount)):
        raise ApiError(400, "VALIDATION_FAILED", "amount must be a string like 123.45")
    return status, None if amount is None else int(amount.replace(".", ""))


async def decisions(request: web.Request) -> web.Response:
    store, claim_no = request.app[STORE], request.match_info["claimNo"]
    status, cents = await _decision(request)
    if store.claim(claim_no) is None:
        raise ApiError(404, "CLAIM_NOT_FOUND", f"claim {claim_no} is not known to the board")
    row = store.decide(claim_no, status, cents, utc_now().strftime("%Y%m%d%H%M%S"))
    if row is None:
        raise ApiError(409, "CLAIM_NOT_OPEN", f"claim {claim_no} is already decided")
    await _changed(request, "decided", row)
    return web.json_response({"status": "OK", "data": claim_json(row)})


ENDPOINTS: dict[str, str] = {
    "/api/v1/claims": "claims",
    "/api/v1/health-insurance": "health",
    "/api/v1/applications": "applications",
    "/api/v1/claims/{claimNo}/decision": "decisions",
}


@web.middleware
async def legacy_behaviour(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Count, rate-limit and fail API calls; turn ApiError into the error envelope."""
    resource = request.match_info.route.resource
    name = ENDPOINTS.get(resource.canonical if resource is not None else request.path)
    if name is None:
        return await handler(request)
    control = request.app[CONTROL]
    control.stats["requests"] += 1
    if not credential_matches(bearer(request.headers), request.app[CREDENTIALS].get(name)):
        control.stats["refused"] += 1
        challenge = {"WWW-Authenticate": 'Bearer realm="benefits"'}
        return ApiError(401, "UNAUTHORIZED", "a valid service credential is required", challenge).response()
    control.stats[name] += 1
    try:
        retry_after = control.throttle()
        if retry_after is not None:
            control.stats["throttled"] += 1
            raise ApiError(429, "RATE_LIMITED", "too many requests", {"Retry-After": str(retry_after)})
        if control.fail():
            raise ApiError(503, "SERVICE_UNAVAILABLE", "backend maintenance in progress")
        return await handler(request)
    except ApiError as exc:
        return exc.response()


async def stats(request: web.Request) -> web.Response:
    counter = request.app[CONTROL].stats
    if request.method == "DELETE":
        counter.clear()
    return web.json_response(dict(counter))


async def admin_config(request: web.Request) -> web.Response:
    control = request.app[CONTROL]
    if request.method == "POST":
        try:
            control.update(await request.json())
        except (ValueError, TypeError) as exc:
            return web.json_response({"error": str(exc)}, status=400)
    return web.json_response(control.settings())


async def health(_: web.Request) -> web.Response:
    return web.json_response({"status": "OK"})


def create_app(
    data_dir: Path,
    control: ServiceControl | None = None,
    admin_token: str | None = None,
    nats_url: str | None = None,
    credential: str | None = None,
    caseworker_credential: str | None = None,
) -> web.Application:
    """`admin_token` opens the test hooks (default: `$GOVGRAPH_ADMIN_TOKEN`; none: they refuse);
    `nats_url`: the event broker (default `$NATS_URL`, else nats://127.0.0.1:4222); `credential`: the
    subgraph's service credential (default `$GOVGRAPH_BENEFITS_LEGACY_CREDENTIAL`),
    `caseworker_credential` the one decisions need (default `$GOVGRAPH_BENEFITS_CASEWORKER_CREDENTIAL`);
    an endpoint whose credential is not configured refuses every call."""
    app = web.Application(middlewares=[admin_guard(admin_token), legacy_behaviour])
    subgraph = configured_credential(BENEFITS_LEGACY, credential) or ""
    caseworker = configured_credential(BENEFITS_CASEWORKER, caseworker_credential) or ""
    app[CREDENTIALS] = {name: caseworker if name == "decisions" else subgraph for name in ENDPOINTS.values()}
    store = BenefitsStore(db_path(data_dir))
    app[STORE] = store
    app[CONTROL] = control or ServiceControl()
    app.router.add_get("/api/v1/claims", claims)
    app.router.add_get("/api/v1/health-insurance", health_insurance)
    app.router.add_post("/api/v1/applications", applications)
    app.router.add_post("/api/v1/claims/{claimNo}/decision", decisions)
    app.router.add_route("*", "/_stats", stats)
    app.router.add_route("*", "/_admin/config", admin_config)
    app.router.add_get("/health", health)

    events = app[EVENTS] = ClaimEvents(nats_url)

    async def start_events(_: web.Application) -> None:
        events.start()

    async def close_store(_: web.Application) -> None:
        await events.close()
        store.close()

    app.on_startup.append(start_events)
    app.on_cleanup.append(close_store)
    return app
