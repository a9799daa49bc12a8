"""The legacy API's operational quirks: a fixed-window rate limiter and the test hooks.

`ServiceControl` is changed at runtime through `POST /_admin/config` with any of
{"rate_limit": requests per window (0 = off), "window": seconds, "health_delay": seconds,
 "throttle_next": N (the next N API calls get 429), "retry_after": seconds to advertise,
 "fail_next": N (the next N API calls get 503),
 "application_delay": seconds a new application takes to be confirmed, after it is stored}.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass, field, fields


@dataclass
class ServiceControl:
    rate_limit: int = 0
    window: float = 1.0
    health_delay: float = 0.0
    throttle_next: int = 0
    retry_after: int = 1
    fail_next: int = 0
    application_delay: float = 0.0
    stats: Counter[str] = field(default_factory=Counter)
    _window_start: float = 0.0
    _window_count: int = 0

    def update(self, changes: dict[str, object]) -> None:
        allowed = {f.name: f.type for f in fields(self) if not f.name.startswith("_") and f.name != "stats"}
        for name, value in changes.items():
            if name not in allowed:
                raise ValueError(f"unknown setting {name!r}")
            seconds = name in ("window", "health_delay", "application_delay")
            setattr(self, name, float(value) if seconds else int(value))  # type: ignore[arg-type]

    def settings(self) -> dict[str, float]:
        names = ("rate_limit", "window", "health_delay", "throttle_next", "retry_after", "fail_next")
        names += ("application_delay",)
        return {name: getattr(self, name) for name in names}

    def throttle(self) -> int | None:
        """Seconds to advertise in Retry-After when this request must be refused, else None."""
        if self.throttle_next > 0:
            self.throttle_next -= 1
            return self.retry_after
        if self.rate_limit <= 0:
            return None
        now = time.monotonic()
        if now - self._window_start >= self.window:
            self._window_start, self._window_count = now, 0
        self._window_count += 1
        if self._window_count <= self.rate_limit:
            return None
        return max(1, math.ceil(self._window_start + self.window - now))

    def fail(self) -> bool:
        if self.fail_next > 0:
            self.fail_next -= 1
            return True
        return False
