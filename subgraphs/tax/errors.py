"""Legacy failures as values the resolvers turn into field errors with `extensions.code`.

LegacyError(code, message)            base; `to_graphql()` gives the GraphQLError
  codes: LEGACY_FAULT        the service answered with a SOAP fault (faultcode/faultstring kept)
         LEGACY_UNAVAILABLE  connection refused / reset, non-SOAP HTTP error
         LEGACY_TIMEOUT      no answer within the per-call timeout
         LEGACY_DATA_CORRUPT the answer was not parseable SOAP / XML or had impossible values
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError


class LegacyError(Exception):
    def __init__(self, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.extra = extra

    def to_graphql(self) -> GraphQLError:
        return GraphQLError(self.message, extensions={"code": self.code, "service": "tax", **self.extra})


class SoapFaultError(LegacyError):
    def __init__(self, faultcode: str, faultstring: str, detail_code: str, personal_codes: list[str]) -> None:
        super().__init__(
            "LEGACY_FAULT",
            f"Tax service fault: {faultstring}",
            faultcode=faultcode,
            faultDetail=detail_code,
        )
        self.faultcode = faultcode
        self.detail_code = detail_code
        self.personal_codes = personal_codes
