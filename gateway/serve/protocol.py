"""uvicorn's httptools protocol with a deadline for a request's head: a connection that has not
sent a complete request line and headers within `head_timeout` seconds of opening (or of its
next request starting) is closed. uvicorn alone keeps a connection that never sends a byte, or
that sends its headers a byte a minute, open for ever: enough of them (a slowloris flood) hold
every file descriptor. After each response the keep-alive timeout governs the idle time."""

from __future__ import annotations

import asyncio
import os

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEAD_TIMEOUT_ENV = "GOVGRAPH_HEAD_TIMEOUT"  # the worker processes of --workers N read it at import


class HeadTimeoutProtocol(HttpToolsProtocol):
    head_timeout: float = float(os.environ.get(HEAD_TIMEOUT_ENV, "10"))
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_timer()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm_head_timer()

    def on_headers_complete(self) -> None:
        self._cancel_head_timer()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def _arm_head_timer(self) -> None:
        if self._head_timer is None and self.head_timeout > 0:
            self._head_timer = self.loop.call_later(self.head_timeout, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if not self.transport.is_closing():
            self.transport.close()


def with_head_timeout(seconds: float) -> type[HeadTimeoutProtocol]:
    """The protocol class for uvicorn's `http=`, with this head deadline (0: none), in this
    process and the worker processes it starts (the class travels to them by name)."""
    os.environ[HEAD_TIMEOUT_ENV] = repr(seconds)
    HeadTimeoutProtocol.head_timeout = seconds
    return HeadTimeoutProtocol
