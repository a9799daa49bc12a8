"""Legacy failures as values the resolvers turn into field errors with `extensions.code`.

LegacyError(code, message)                 base; `to_graphql()` gives the GraphQLError
  LEGACY_RATE_LIMITED   429 still refused after the bounded retries (or Retry-After too long)
  LEGACY_TIMEOUT        no answer within the per-call timeout
  LEGACY_UNAVAILABLE    connection failed, 5xx / 503 maintenance
  LEGACY_DATA_CORRUPT   the answer was not the JSON shape the API documents
  LEGACY_FAULT          any other error envelope
└─ LegacyRejection      a 4xx business answer (PERSON_NOT_FOUND, DUPLICATE_APPLICATION, ...);
                        the mutation reports these as user errors, not GraphQL errors
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
        return GraphQLError(self.message, extensions={"code": self.code, "service": "benefits", **self.extra})


class LegacyRejection(LegacyError):
    def __init__(self, status: int, legacy_code: str, message: str) -> None:
        super().__init__("LEGACY_FAULT", message, legacyCode=legacy_code, httpStatus=status)
        self.status = status
        self.legacy_code = legacy_code
