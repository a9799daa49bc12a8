"""Where the response cache, the entity cache and persisted documents keep their entries: an
aiocache cache (in process, bounded; or Redis, shared) behind `Store`, with tag sets for
invalidation.

    Store.get_many(keys) -> [value | None]       one round trip (MGET)
    Store.keep(key, value, ttl, tags)            the value and, per tag, the key in the tag's set
    Store.invalidate(tag_groups) -> keys dropped  each group: the keys in every one of its tags

Values are JSON-shaped; `OrjsonSerializer` stores them as orjson bytes, which round-trip exactly.
Redis unreachable (or too slow: `timeout`) degrades to no caching: every call answers as a miss
and does nothing, with a warning at most once a minute; for `retry_interval` seconds after a
failure Redis is not even asked.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import orjson
from aiocache.base import BaseCache
from aiocache.serializers import BaseSerializer
from redis.asyncio import Redis
from redis.exceptions import RedisError

from ...config.declare import setting

log = logging.getLogger("govgraph.cache")
WARN_EVERY = 60.0
TAG_PREFIX = "tag:"


@dataclass(frozen=True)
class RedisSettings:
    """Where `backend: redis` keeps the entries."""

    url: str = setting("redis://127.0.0.1:6379/0", doc="The Redis URL.", example="${REDIS_URL}")
    key_prefix: str = setting(
        "govgraph:cache:", doc="Prefix of every key (gateways sharing it share entries)."
    )
    timeout: float = setting(0.1, doc="Seconds to wait for Redis before treating it as down.", minimum=0.001)


@dataclass(frozen=True)
class MemorySettings:
    """How much `backend: memory` keeps (least recently used out first)."""

    max_entries: int = setting(10_000, doc="Entries at most.", minimum=1)
    max_bytes: int = setting(64 * 1024 * 1024, doc="Bytes of encoded values at most.", minimum=1)


@dataclass(frozen=True, slots=True)
class Entry:
    """One value to keep, for `ttl` seconds (0: until evicted), listed under `tags`."""

    key: str
    value: Any
    ttl: float
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class BackendSettings:
    backend: Literal["memory", "redis"]
    redis: RedisSettings
    memory: MemorySettings


class OrjsonSerializer(BaseSerializer):  # type: ignore[misc]
    """JSON values as orjson bytes (exact round trip for what JSON can say)."""

    DEFAULT_ENCODING = None

    def dumps(self, value: Any) -> bytes:
        return orjson.dumps(value)

    def loads(self, value: bytes | None) -> Any:
        return None if value is None else orjson.loads(value)


class BoundedMemoryCache(BaseCache):  # type: ignore[misc]
    """aiocache's backend interface over an LRU bounded in entries and bytes, with expiry."""

    NAME = "bounded-memory"

    def __init__(self, max_entries: int, max_bytes: int, **kwargs: Any) -> None:
        super().__init__(serializer=OrjsonSerializer(), timeout=None, **kwargs)
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.size = 0
        self.evictions = 0
        self._items: OrderedDict[str, tuple[bytes, float]] = OrderedDict()

    def _live(self, key: str) -> bytes | None:
        found = self._items.get(key)
        if found is None:
            return None
        if found[1] and found[1] < time.monotonic():
            self._drop(key)
            return None
        self._items.move_to_end(key)
        return found[0]

    def _drop(self, key: str) -> bool:
        found = self._items.pop(key, None)
        if found is not None:
            self.size -= len(found[0])
        return found is not None

    async def _get(self, key: str, encoding: Any = None, _conn: Any = None) -> bytes | None:
        return self._live(key)

    async def _multi_get(self, keys: Sequence[str], encoding: Any = None, _conn: Any = None) -> list[Any]:
        return [self._live(key) for key in keys]

    async def _set(
        self, key: str, value: bytes, ttl: float | None = None, _cas_token: Any = None, _conn: Any = None
    ) -> bool:
        return self.put(key, value, ttl)

    def put(self, key: str, value: bytes, ttl: float | None) -> bool:
        if len(value) > self.max_bytes:
            return False
        self._drop(key)
        self._items[key] = (value, time.monotonic() + ttl if ttl else 0.0)
        self.size += len(value)
        while len(self._items) > self.max_entries or self.size > self.max_bytes:
            _, (dropped, _) = self._items.popitem(last=False)
            self.size -= len(dropped)
            self.evictions += 1
        return True

    async def _delete(self, key: str, _conn: Any = None) -> int:
        return int(self._drop(key))

    async def _exists(self, key: str, _conn: Any = None) -> bool:
        return self._live(key) is not None

    async def _clear(self, namespace: str | None = None, _conn: Any = None) -> bool:
        self._items.clear()
        self.size = 0
        return True

    async def _close(self, *args: Any, _conn: Any = None, **kwargs: Any) -> None:
        return None


class Store:
    """The entries of one backend; shared by the plugins configured with equal settings."""

    def __init__(self, settings: BackendSettings) -> None:
        self.settings = settings
        self.redis: Redis | None = None
        self._cache: BaseCache | None = None
        self._tags: dict[str, set[str]] = {}  # memory: tag -> keys (Redis keeps sets itself)
        self._down_until = 0.0
        self._warned_at = 0.0
        self.failures = 0

    def _connect(self) -> BaseCache:
        """The aiocache cache, made on first use (inside the serving event loop)."""
        if self._cache is None:
            if self.settings.backend == "redis":
                from aiocache import RedisCache

                redis = self.settings.redis
                cache = RedisCache(serializer=OrjsonSerializer(), timeout=None, namespace="")
                cache.client = Redis.from_url(
                    redis.url, socket_timeout=redis.timeout, socket_connect_timeout=redis.timeout
                )
                cache.build_key = lambda key, namespace=None: redis.key_prefix + key
                self.redis = cache.client
                self._cache = cache
            else:
                memory = self.settings.memory
                self._cache = BoundedMemoryCache(memory.max_entries, memory.max_bytes)
        return self._cache

    @property
    def available(self) -> bool:
        return not (self._down_until and time.monotonic() < self._down_until)

    def _failed(self, error: BaseException) -> None:
        self.failures += 1
        self._down_until = time.monotonic() + 1.0
        now = time.monotonic()
        if now - self._warned_at >= WARN_EVERY or not self._warned_at:
            self._warned_at = now
            log.warning("cache backend unavailable, caching is off until it answers: %r", error)

    async def get_many(self, keys: Sequence[str]) -> list[Any]:
        if not keys or not self.available:
            return [None] * len(keys)
        try:
            values: list[Any] = await self._connect().multi_get(list(keys))
        except (TimeoutError, RedisError, OSError, orjson.JSONDecodeError) as error:
            self._failed(error)
            return [None] * len(keys)
        self._down_until = 0.0
        return values

    async def get(self, key: str) -> Any:
        return (await self.get_many([key]))[0]

    async def keep(self, key: str, value: Any, ttl: float, tags: Iterable[str] = ()) -> bool:
        """Keep `value` for `ttl` seconds (0: until evicted), listed under each of `tags`."""
        return await self.set_many([Entry(key, value, ttl, tuple(tags))])

    async def set_many(self, entries: Sequence[Entry]) -> bool:
        """Keep every entry (one round trip to Redis)."""
        if not entries or not self.available:
            return False
        try:
            encoded = [(entry, orjson.dumps(entry.value)) for entry in entries]
        except TypeError as error:  # orjson refused a value (e.g. an integer beyond 64 bits)
            log.warning("cache: values not kept: %s", error)
            return False
        try:
            cache = self._connect()
            if self.redis is None:
                self._set_in_memory(cache, encoded)
            else:
                await self._set_in_redis(encoded)
        except (TimeoutError, RedisError, OSError) as error:
            self._failed(error)
            return False
        return True

    def _set_in_memory(self, cache: BaseCache, encoded: list[tuple[Entry, bytes]]) -> None:
        assert isinstance(cache, BoundedMemoryCache)
        if len(self._tags) > 4 * self.settings.memory.max_entries:
            self._prune_tags()
        for entry, raw in encoded:
            cache.put(entry.key, raw, entry.ttl)
            for tag in entry.tags:
                self._tags.setdefault(tag, set()).add(entry.key)

    async def _set_in_redis(self, encoded: list[tuple[Entry, bytes]]) -> None:
        assert self.redis is not None
        prefix = self.settings.redis.key_prefix
        async with self.redis.pipeline(transaction=False) as pipe:
            for entry, raw in encoded:
                pipe.set(prefix + entry.key, raw, px=int(entry.ttl * 1000) if entry.ttl else None)
                for tag in entry.tags:  # a tag set lives as long as its longest-lived entry
                    name = prefix + TAG_PREFIX + tag
                    pipe.sadd(name, entry.key)
                    if entry.ttl:
                        pipe.expire(name, int(entry.ttl) + 1, gt=True)
                        pipe.expire(name, int(entry.ttl) + 1, nx=True)
            await pipe.execute()

    def _prune_tags(self) -> None:
        cache = self._cache
        assert isinstance(cache, BoundedMemoryCache)
        for tag in list(self._tags):
            keys = {key for key in self._tags[tag] if key in cache._items}
            if keys:
                self._tags[tag] = keys
            else:
                del self._tags[tag]

    async def invalidate(self, tag_groups: Iterable[Sequence[str]]) -> int:
        """Drop the entries listed under every tag of a group, for each group; how many."""
        try:
            keys = await self._tagged(tag_groups)
            if keys:
                cache = self._connect()
                if self.redis is not None:
                    prefix = self.settings.redis.key_prefix
                    await self.redis.delete(*(prefix + key for key in keys))
                else:
                    for key in keys:
                        await cache.delete(key)
        except (TimeoutError, RedisError, OSError) as error:
            self._failed(error)
            return 0
        return len(keys)

    async def _tagged(self, tag_groups: Iterable[Sequence[str]]) -> set[str]:
        keys: set[str] = set()
        for group in tag_groups:
            if not group:
                continue
            if self.redis is None:
                sets = [self._tags.get(tag, set()) for tag in group]
                keys |= set.intersection(*sets)
                continue
            self._connect()
            prefix = self.settings.redis.key_prefix + TAG_PREFIX
            found = await self.redis.sinter([prefix + tag for tag in group])
            keys |= {m.decode() if isinstance(m, bytes) else m for m in found}
        return keys

    async def close(self) -> None:
        if self._cache is not None:
            if self.redis is not None:
                await self.redis.aclose()
            self._cache = self.redis = None

    @property
    def bytes(self) -> int:
        return self._cache.size if isinstance(self._cache, BoundedMemoryCache) else 0
