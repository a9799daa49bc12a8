"""The benefits subgraph's GraphQL schema: claims and health cover on `Citizen`, applications, and the
claim changes as subscriptions.

`benefitClaims` is nullable (the shared convention drew `[BenefitClaim!]!`): a legacy
failure must stay an error on that field, not null the whole citizen in the gateway.
`Citizen`'s fields are personal data (`personal_field`: the citizen themselves, or an official
with `benefits:read` and a purpose); `applyForBenefit` files only for the signed-in citizen
(see `subgraphs/common/access.py`), with an idempotency key so that a retry never files twice
(`subgraphs/benefits/idempotency.py`). `myBenefitClaimChanged` follows the signed-in citizen's own
claims, `benefitClaimChanged(citizenId:)` anyone's for whoever may read them (the `personal_field`
rule); both are fed by the event broker (`subgraphs/benefits/feed.py`), the identity verified when the
subscription starts, each event reported in `extensions.govgraph.disclosures` of its `next` payload.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import date, datetime
from enum import Enum
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.federation.schema_directives import ListSize
from strawberry.types import Info

from subgraphs.benefits.client import BenefitsClient, ClaimRecord
from subgraphs.benefits.errors import LegacyError, LegacyRejection
from subgraphs.benefits.feed import BrokerUnavailable, ClaimFeed
from subgraphs.benefits.idempotency import InvalidKey, application_key
from subgraphs.benefits.loaders import BenefitsLoaders
from subgraphs.common.access import (
    PERSONAL_TAG,
    Access,
    AgencySchema,
    access_of,
    coordinate,
    forbidden,
    personal_field,
)
from subgraphs.common.failures import log_failures, request_id_of

# @listSize for the gateway's demand control: the board's five benefits, a claim or so each over the
# years a citizen's record covers (SB_CLAIM)
CLAIMS_PER_CITIZEN = 5

logger = logging.getLogger(__name__)


@strawberry.enum(description="The kinds of benefit the social insurance board pays.")
class BenefitKind(Enum):
    CHILD_ALLOWANCE = "CHILD_ALLOWANCE"
    PARENTAL_BENEFIT = "PARENTAL_BENEFIT"
    UNEMPLOYMENT = "UNEMPLOYMENT"
    PENSION = "PENSION"
    DISABILITY = "DISABILITY"


@strawberry.enum(description="Where a benefit claim stands.")
class BenefitClaimStatus(Enum):
    SUBMITTED = "SUBMITTED"
    IN_REVIEW = "IN_REVIEW"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    PAID = "PAID"


@strawberry.type(description="A claim (or application) for a benefit.")
class BenefitClaim:
    id: strawberry.ID
    kind: BenefitKind
    status: BenefitClaimStatus
    amount: float = strawberry.field(description="Monthly amount in EUR; 0 until decided.")
    submitted: date
    decided_at: datetime | None = strawberry.field(description="When it was approved or rejected (UTC).")
    citizen_id: strawberry.Private[str]

    @strawberry.field(description="The claimant (the other agencies resolve the rest of the Citizen).")
    def citizen(self) -> Citizen:
        return Citizen(id=strawberry.ID(self.citizen_id))

    @classmethod
    def of(cls, record: ClaimRecord) -> BenefitClaim:
        return cls(
            id=strawberry.ID(record.id),
            kind=BenefitKind(record.kind),
            status=BenefitClaimStatus(record.status),
            amount=float(record.amount),
            submitted=record.submitted,
            decided_at=record.decided_at,
            citizen_id=record.citizen_id,
        )


@strawberry.type(description="Whether the citizen is covered by public health insurance.")
class HealthInsurance:
    insured: bool
    valid_until: date | None


async def _load(loader: Any, key: str) -> Any:
    try:
        return await loader.load(key)
    except LegacyError as exc:
        raise exc.to_graphql() from exc


def _loaders(info: Info) -> BenefitsLoaders:
    return info.context["loaders"]


@strawberry.federation.type(keys=["id"], description="A person in the population register.")
class Citizen:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Citizen:
        return cls(id=id)

    @personal_field(
        description="The citizen's benefit claims, newest first.",
        directives=[ListSize(assumed_size=CLAIMS_PER_CITIZEN)],
    )
    async def benefit_claims(self, info: Info) -> list[BenefitClaim] | None:
        records = await _load(_loaders(info).claims, str(self.id))
        return [BenefitClaim.of(r) for r in records]

    @personal_field(description="Public health insurance cover; null when the board has no record.")
    async def health_insurance(self, info: Info) -> HealthInsurance | None:
        record = await _load(_loaders(info).health, str(self.id))
        return (
            None
            if record is None
            else HealthInsurance(insured=record.insured, valid_until=record.valid_until)
        )


@strawberry.input(description="A new application for a benefit.")
class BenefitApplicationInput:
    citizen_id: strawberry.ID
    kind: BenefitKind


@strawberry.type(description="Why an application was not accepted.")
class BenefitApplicationError:
    code: str = strawberry.field(description="PERSON_NOT_FOUND, DUPLICATE_APPLICATION, NOT_ALLOWED, ...")
    message: str


@strawberry.type(description="The outcome of applyForBenefit.")
class BenefitApplicationResult:
    success: bool
    claim: BenefitClaim | None = None
    citizen: Citizen | None = None
    errors: list[BenefitApplicationError] = strawberry.field(
        default_factory=list,
        directives=[ListSize(assumed_size=1)],  # one refusal per application
    )


def _refused(info: Info, citizen_id: str) -> BenefitApplicationResult | None:
    """Only the signed-in citizen applies, and only for themselves."""
    caller = access_of(info.context).citizen_id
    if caller is None:
        message = "Sign in as a citizen to apply for a benefit."
    elif caller != citizen_id:
        message = "You may only apply for yourself."
    else:
        return None
    return _failed("NOT_ALLOWED", message)


REJECTIONS = {  # the board's codes, in our words (its own text is logged, not sent)
    "PERSON_NOT_FOUND": "The benefits board does not know this person.",
    "DUPLICATE_APPLICATION": "An application for this benefit is already open.",
    "UNKNOWN_BENEFIT_CODE": "The benefits board does not offer this benefit.",
    "IDEMPOTENCY_KEY_REUSED": "This Idempotency-Key was used for another application.",
}


def _rejected(info: Info, rejection: LegacyRejection) -> BenefitApplicationResult:
    code = rejection.legacy_code  # the board's code is kept; its text is logged
    failure = GraphQLError(rejection.message, extensions={"code": "LEGACY_FAULT", **rejection.extra})
    log_failures("benefits", request_id_of(info.context["request"]), [(code, failure)])
    return _failed(code, REJECTIONS.get(code, "The benefits board refused the application."))


def _failed(code: str, message: str) -> BenefitApplicationResult:
    error = BenefitApplicationError(code=code, message=message)
    return BenefitApplicationResult(success=False, errors=[error])


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Apply for a benefit for yourself (the signed-in citizen).")
    async def apply_for_benefit(self, info: Info, input: BenefitApplicationInput) -> BenefitApplicationResult:
        refused = _refused(info, str(input.citizen_id))
        if refused is not None:
            return refused
        client: BenefitsClient = info.context["client"]
        citizen_id, kind = str(input.citizen_id), input.kind.value
        try:
            # the caller is the applicant (_refused checked it)
            key = application_key(info.context["request"].headers, citizen_id, citizen_id, kind)
            record = await client.apply(citizen_id, kind, key)
        except InvalidKey as exc:
            return _failed("INVALID_IDEMPOTENCY_KEY", str(exc))
        except LegacyRejection as exc:
            return _rejected(info, exc)
        except LegacyError as exc:
            raise exc.to_graphql() from exc
        access_of(info.context).disclose(str(input.citizen_id), "BenefitApplicationResult.claim")
        return BenefitApplicationResult(
            success=True, claim=BenefitClaim.of(record), citizen=Citizen(id=input.citizen_id)
        )


def unauthenticated(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "UNAUTHENTICATED"})


def _subscriber(info: Info) -> Access:
    """The caller, its `x-govgraph-identity` verified now (a subscription outlives the token: it is
    checked when the subscription starts); UNAUTHENTICATED without a valid one. A token in the
    handshake and one in `connection_init` must both verify and name the same caller."""
    context = info.context
    checked = [context["identity"].access(headers) for headers in context["identities"]]
    for access in checked:
        if access.invalid is not None:
            raise unauthenticated(access.invalid)
    if not checked:
        raise unauthenticated("Sign in to follow benefit claims")
    if len({access.caller for access in checked}) > 1:
        raise unauthenticated("The handshake and connection_init name different callers")
    return access_of(context)  # the connection's: what each event discloses is reported from there


async def _follow(info: Info, access: Access, citizen_id: str) -> AsyncIterator[BenefitClaim]:
    where = coordinate(info)

    def claim(record: ClaimRecord) -> BenefitClaim:
        access.disclose(citizen_id, where)
        return BenefitClaim.of(record)

    feed: ClaimFeed = info.context["feed"]
    try:
        return await feed.follow(citizen_id, claim)
    except ValueError as exc:
        raise GraphQLError(str(exc), extensions={"code": "BAD_USER_INPUT"}) from exc
    except BrokerUnavailable as exc:
        raise GraphQLError(
            str(exc), extensions={"code": "BROKER_UNAVAILABLE", "service": "benefits"}
        ) from exc


Claims = AsyncIterator[BenefitClaim]


@strawberry.type
class Subscription:
    @strawberry.federation.field(
        is_subscription=True,
        tags=[PERSONAL_TAG],
        description="The signed-in citizen's benefit claims, each time one changes.",
    )
    async def my_benefit_claim_changed(self, info: Info) -> Claims:
        access = _subscriber(info)
        if access.citizen_id is None:
            raise forbidden("myBenefitClaimChanged follows a signed-in citizen's own claims")
        return await _follow(info, access, access.citizen_id)

    @strawberry.federation.field(
        is_subscription=True,
        tags=[PERSONAL_TAG],
        description="A citizen's benefit claims, each time one changes: for the citizen themselves, or "
        "an official with benefits:read and a purpose.",
    )
    async def benefit_claim_changed(self, info: Info, citizen_id: strawberry.ID) -> Claims:
        access = _subscriber(info)
        access.require(str(citizen_id))
        return await _follow(info, access, str(citizen_id))


class EventDisclosures(SchemaExtension):
    """Over a WebSocket one context (and its `Access`) serves the whole connection: once an event's
    disclosures are reported (`DisclosureReport`, the extension before this one), forget them, so that
    each `next` payload reports what that event disclosed."""

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        access = context.get("access") if isinstance(context, dict) else None
        if isinstance(access, Access):
            access.disclosed.clear()
        return {}


schema = AgencySchema(
    mutation=Mutation,
    subscription=Subscription,
    types=[Citizen],
    extensions=[EventDisclosures],
    federation_version="2.9",
)
