"""Streams end before the server stops waiting for them.

uvicorn, asked to stop (SIGTERM, SIGINT), first closes each WebSocket itself (1012) and then
waits for open HTTP responses — an SSE stream never ends on its own — up to
`server.timeout_graceful_shutdown` before it cancels them; only then does the app's lifespan end
and the plugins close. So the plugin also listens for the stop signals, chained before the
server's own handler: every open stream completes its operations and closes (WebSocket 1001,
SSE `event: complete`) as soon as the signal comes. Signals are only caught in the main thread
(`govgraph serve`, each of its worker processes); elsewhere the plugin's `close()` does it.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def on_stop_signals(stop: Callable[[], Any]) -> None:
    """Call `stop()` (a coroutine function) on the running loop when a stop signal comes, then the
    server's handler; a signal no Python handler serves (no server caught it) is left alone."""
    if threading.current_thread() is not threading.main_thread():
        return
    loop = asyncio.get_running_loop()
    for number in STOP_SIGNALS:
        previous = signal.getsignal(number)
        if not callable(previous):
            continue

        def handler(signum: int, frame: FrameType | None, previous: Any = previous) -> None:
            loop.call_soon_threadsafe(lambda: loop.create_task(stop()))
            previous(signum, frame)

        signal.signal(number, handler)
