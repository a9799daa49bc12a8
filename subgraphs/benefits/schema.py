"""The benefits subgraph's GraphQL schema: claims and health cover on `Citizen`, and applications.

`benefitClaims` is nullable (the shared convention drew `[BenefitClaim!]!`): a legacy
failure must stay an error on that field, not null the whole citizen in the gateway.
`Citizen`'s fields are personal data (`personal_field`: the citizen themselves, or an official
with `benefits:read` and a purpose); `applyForBenefit` files only for the signed-in citizen
(see `subgraphs/common/access.py`), with an idempotency key so that a retry never files twice
(`subgraphs/benefits/idempotency.py`).
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.types import Info

from subgraphs.benefits.client import BenefitsClient, ClaimRecord
from subgraphs.benefits.errors import LegacyError, LegacyRejection
from subgraphs.benefits.idempotency import InvalidKey, application_key
from subgraphs.benefits.loaders import BenefitsLoaders
from subgraphs.common.access import AgencySchema, access_of, personal_field
from subgraphs.common.failures import log_failures, request_id_of


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

    @classmethod
    def of(cls, record: ClaimRecord) -> BenefitClaim:
        return cls(
            id=strawberry.ID(record.id),
            kind=BenefitKind(record.kind),
            status=BenefitClaimStatus(record.status),
            amount=float(record.amount),
            submitted=record.submitted,
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

    @personal_field(description="The citizen's benefit claims, newest first.")
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
    errors: list[BenefitApplicationError] = strawberry.field(default_factory=list)


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


schema = AgencySchema(mutation=Mutation, types=[Citizen], federation_version="2.9")
