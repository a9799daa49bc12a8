"""One subgraph's guard: a bulkhead (requests in flight at most) and a circuit breaker.

    closed ──(threshold consecutive failures, each within `window` of the one before)──► open
    open ──(cool_down elapsed: the next request is the probe)──► half-open
    half-open ──(the probe succeeds)──► closed        ──(the probe fails)──► open again

While open, and while a half-open probe is out, every other request fails fast without touching
the network. Clocks are `time.monotonic()`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half-open"
BREAKER_OPEN, BULKHEAD_FULL = "breaker_open", "bulkhead_full"  # why a request failed fast


@dataclass(frozen=True, slots=True)
class Limits:
    """One subgraph's resolved policy (see `SubgraphPolicy` for the meaning of each)."""

    max_in_flight: int
    failure_threshold: int
    failure_window: float
    cool_down: float
    retries: int
    backoff: float
    max_backoff: float
    retry_budget: float


class Guard:
    """Bulkhead and breaker state of one subgraph; one per subgraph for the plugin's life (it
    outlives schema generations)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.in_flight = 0
        self.state = CLOSED
        self.failures = 0  # consecutive
        self.last_failure = 0.0
        self.opened_at = 0.0
        self.probing = False
        self.rejected = {BREAKER_OPEN: 0, BULKHEAD_FULL: 0}  # requests failed fast, by why: for metrics

    def admit(self) -> tuple[str | None, bool]:
        """(None, probe?): go, and call `done` after with `probe`; else (why not, False): the
        request fails fast."""
        if self.in_flight >= self.limits.max_in_flight:
            return self._reject(BULKHEAD_FULL, f"{self.in_flight} requests to it are in flight already")
        probe = False
        if self.state == OPEN:
            if time.monotonic() - self.opened_at < self.limits.cool_down:
                return self._reject(BREAKER_OPEN, "its circuit breaker is open")
            self.state = HALF_OPEN
        if self.state == HALF_OPEN:
            if self.probing:
                return self._reject(BREAKER_OPEN, "its circuit breaker is open (a probe is out)")
            self.probing = probe = True
        self.in_flight += 1
        return None, probe

    def _reject(self, why: str, reason: str) -> tuple[str, bool]:
        self.rejected[why] += 1
        return reason, False

    def done(self, failed: bool, probe: bool = False) -> None:
        self.in_flight -= 1
        now = time.monotonic()
        if probe:
            self.probing = False
            if failed:
                self.state, self.opened_at = OPEN, now
            else:
                self.state, self.failures = CLOSED, 0
            return
        if not failed:
            self.failures = 0
            return
        if self.failures and now - self.last_failure > self.limits.failure_window:
            self.failures = 0  # the streak went cold
        self.failures += 1
        self.last_failure = now
        threshold = self.limits.failure_threshold
        if self.state == CLOSED and threshold and self.failures >= threshold:
            self.state, self.opened_at = OPEN, now

    def describe(self) -> dict[str, object]:
        """For `/ready`."""
        return {"state": self.state, "failures": self.failures, "in_flight": self.in_flight}

    def abandon(self, probe: bool) -> None:
        """The caller was cancelled: no verdict on the subgraph (an abandoned probe re-opens)."""
        self.in_flight -= 1
        if probe:
            self.probing = False
            self.state, self.opened_at = OPEN, time.monotonic()
