"""What one request's subgraphs returned so far, against the actual-cost and size ceilings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...errors import error_dict
from ...messages import SubgraphResponse

if TYPE_CHECKING:
    from . import DemandConfig

COST_ESTIMATED_TOO_EXPENSIVE = "COST_ESTIMATED_TOO_EXPENSIVE"
COST_ACTUAL_TOO_EXPENSIVE = "COST_ACTUAL_TOO_EXPENSIVE"
RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE"
COST_OK = "COST_OK"


def count_objects(data: Any) -> int:
    """Objects in a subgraph's `data` (each one costs 1, as an object type does), iteratively."""
    count, stack = 0, [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            count += 1
            stack.extend(v for v in value.values() if isinstance(v, dict | list))
        elif isinstance(value, list):
            stack.extend(v for v in value if isinstance(v, dict | list))
    return count


class Tally:
    __slots__ = ("actual", "bytes", "config", "enforce", "estimated", "result", "stopped")

    def __init__(self, config: DemandConfig, estimated: int, enforce: bool) -> None:
        self.config = config
        self.estimated = estimated
        self.enforce = enforce
        self.actual = 0
        self.bytes = 0
        self.result = COST_OK
        self.stopped = False

    def fresh(self) -> Tally:
        """The same operation's tally with nothing counted yet: one subscription event's."""
        tally = Tally(self.config, self.estimated, self.enforce)
        if self.result == COST_ESTIMATED_TOO_EXPENSIVE:  # measured only, and still true of each event
            tally.result = self.result
        return tally

    def add_bytes(self, size: int) -> bool:
        """True when this answer takes the request past `max_response_bytes` (enforced)."""
        self.bytes += size
        limit = self.config.max_response_bytes
        return bool(limit) and self.bytes > limit and self._over(RESPONSE_TOO_LARGE)

    def add_objects(self, data: Any) -> bool:
        """True when this answer takes the request past `max_actual_cost` (enforced)."""
        self.actual += count_objects(data)
        limit = self.config.max_actual_cost
        return bool(limit) and self.actual > limit and self._over(COST_ACTUAL_TOO_EXPENSIVE)

    def _over(self, code: str) -> bool:
        if self.result == COST_OK:
            self.result = code
        if self.enforce:
            self.stopped = True
        return self.enforce

    def error(self) -> dict[str, Any]:
        if self.result == RESPONSE_TOO_LARGE:
            limit = self.config.max_response_bytes
            message = f"The subgraphs' answers exceed {limit} bytes ({self.bytes} so far): withheld."
            return error_dict(message, RESPONSE_TOO_LARGE, bytes=self.bytes, budget=limit)
        limit = self.config.max_actual_cost
        message = f"The operation's actual cost is at least {self.actual}; the budget is {limit}."
        return error_dict(message, COST_ACTUAL_TOO_EXPENSIVE, cost=self.actual, budget=limit)

    def failure(self) -> SubgraphResponse:
        error = self.error()
        return SubgraphResponse(failure=error["message"], code=error["extensions"]["code"])

    def report(self) -> dict[str, Any]:
        return {
            "estimated": self.estimated,
            "actual": self.actual,
            "budget": self.config.max_cost,
            "mode": "enforce" if self.enforce else "measure",
            "result": self.result,
        }
