"""One raw ASGI app serving the benchmark subgraphs, with a response cache in front.

A repeated identical request body on the same path is answered from memory
(bounded LRU keyed by (path, body bytes)) without running GraphQL again, so the
subgraphs are never the bottleneck of a gateway benchmark. Responses carry
`x-bench-cache: hit|miss`.

`GET /_stats` returns the POST requests received per path since start (cached or not) and the
cache's hits and misses: the benchmark harness reads it to count subgraph requests per client request.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import orjson
from graphql import DocumentNode, GraphQLError, GraphQLSchema, execute_sync, parse, validate

from tests.benchmarks.subgraphs.subgraphs import NAMES, build_schemas

JSON_HEADERS = [(b"content-type", b"application/json")]
MAX_CACHED_BODY = 1_000_000
CACHE_SIZE_ENV = "BENCH_SUBGRAPH_CACHE_SIZE"


class ResponseCache:
    """A thread-safe LRU of response bytes, bounded by entry count."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[tuple[str, bytes], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: tuple[str, bytes]) -> bytes | None:
        with self._lock:
            value = self._entries.get(key)
            if value is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: tuple[str, bytes], value: bytes) -> None:
        if self.max_entries <= 0 or len(value) > MAX_CACHED_BODY:
            return
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


class GraphQLEndpoint:
    """Executes GraphQL-over-HTTP JSON bodies against one schema (parsed documents cached)."""

    def __init__(self, schema: GraphQLSchema, max_documents: int = 256) -> None:
        self.schema = schema
        self._documents: dict[str, DocumentNode | list[GraphQLError]] = {}
        self._max_documents = max_documents

    def _document(self, query: str) -> DocumentNode | list[GraphQLError]:
        found = self._documents.get(query)
        if found is None:
            try:
                document = parse(query)
                errors = validate(self.schema, document)
                found = errors if errors else document
            except GraphQLError as error:
                found = [error]
            if len(self._documents) >= self._max_documents:
                self._documents.clear()
            self._documents[query] = found
        return found

    def handle(self, body: bytes) -> tuple[int, bytes]:
        try:
            request = orjson.loads(body)
            query = request["query"]
            if not isinstance(query, str):
                raise TypeError("query must be a string")
        except (orjson.JSONDecodeError, KeyError, TypeError) as error:
            return 400, orjson.dumps({"errors": [{"message": f"bad request: {error}"}]})
        document = self._document(query)
        if isinstance(document, list):
            return 200, orjson.dumps({"errors": [e.formatted for e in document]})
        result = execute_sync(
            self.schema,
            document,
            variable_values=request.get("variables"),
            operation_name=request.get("operationName"),
        )
        out: dict[str, Any] = {"data": result.data}
        if result.errors:
            out["errors"] = [e.formatted for e in result.errors]
        return 200, orjson.dumps(out)


class BenchApp:
    """Routes POST <path> to a GraphQLEndpoint; answers repeated bodies from the cache."""

    def __init__(self, endpoints: Mapping[str, GraphQLEndpoint], cache_size: int = 4096) -> None:
        self.endpoints = dict(endpoints)
        self.cache = ResponseCache(cache_size)
        self.requests: dict[str, int] = dict.fromkeys(self.endpoints, 0)

    def stats(self) -> bytes:
        """The counters served at GET /_stats."""
        requests = {"total": sum(self.requests.values()), "by_path": self.requests}
        cache = {"hits": self.cache.hits, "misses": self.cache.misses, "entries": len(self.cache)}
        return orjson.dumps({"requests": requests, "cache": cache})

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        path = scope["path"]
        if scope["method"] == "GET" and path == "/health":
            await _respond(send, 200, b'{"status":"ok"}')
            return
        if scope["method"] == "GET" and path == "/_stats":
            await _respond(send, 200, self.stats())
            return
        endpoint = self.endpoints.get(path)
        if endpoint is None:
            await _respond(send, 404, b'{"errors":[{"message":"not found"}]}')
            return
        if scope["method"] != "POST":
            await _respond(send, 405, b'{"errors":[{"message":"POST a JSON body"}]}')
            return
        self.requests[path] += 1
        body = await _read_body(receive)
        key = (path, body)
        cached = self.cache.get(key)
        if cached is not None:
            await _respond(send, 200, cached, b"hit")
            return
        status, payload = endpoint.handle(body)
        if status == 200:
            self.cache.put(key, payload)
        await _respond(send, status, payload, b"miss")


async def _read_body(receive: Any) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _respond(send: Any, status: int, body: bytes, cache: bytes | None = None) -> None:
    headers = [*JSON_HEADERS, (b"content-length", str(len(body)).encode())]
    if cache is not None:
        headers.append((b"x-bench-cache", cache))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _lifespan(receive: Any, send: Any) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def create_app(cache_size: int = 4096) -> BenchApp:
    """All four subgraphs in one app, at /accounts, /inventory, /products and /reviews."""
    schemas = build_schemas()
    return BenchApp({f"/{name}": GraphQLEndpoint(schemas[name]) for name in NAMES}, cache_size)


def create_app_from_env() -> BenchApp:
    """create_app() with the cache size from $BENCH_SUBGRAPH_CACHE_SIZE (for uvicorn --workers)."""
    return create_app(cache_size=int(os.environ.get(CACHE_SIZE_ENV, "4096")))


def create_subgraph_app(name: str, cache_size: int = 4096) -> BenchApp:
    """One subgraph alone, at /graphql and /<name> (for per-subgraph servers in tests)."""
    endpoint = GraphQLEndpoint(build_schemas()[name])
    return BenchApp({"/graphql": endpoint, f"/{name}": endpoint}, cache_size)
