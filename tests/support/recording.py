"""An ASGI wrapper that records the GraphQL requests a subgraph receives."""

from __future__ import annotations

import json
import threading
from typing import Any

Scope = dict[str, Any]


class RecordingApp:
    """Wraps a subgraph's ASGI app; keeps the JSON body of every POST it receives."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []  # of each recorded request, names lower-case
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()
            self.headers.clear()

    @property
    def count(self) -> int:
        return len(self.requests)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        more = True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = {"raw": body.decode("utf-8", "replace")}
        with self._lock:
            self.requests.append(parsed)
            self.headers.append({k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]})
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
