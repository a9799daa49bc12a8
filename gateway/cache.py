"""The one bounded cache the gateway keeps things in: plans and parsed operations, shaping
functions, negotiated media types, representation layouts.

`BoundedCache` forgets the least recently used entries beyond `max_entries` and, when a
`weigh` function is given, beyond `max_bytes` of estimated size. It counts hits, misses and
evictions (`stats()`) so the metrics work can export them; `memoize` puts a pure one-argument
function in front of one. The caching issue's shared backends (aiocache: memory, Redis)
serve the response and entity caches; these in-process caches hold Python objects that
cannot leave the process (compiled functions, parsed documents).
"""

from __future__ import annotations

import functools
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
A = TypeVar("A", bound=Hashable)
R = TypeVar("R")


@dataclass(frozen=True)
class CacheStats:
    name: str
    entries: int
    bytes: int
    hits: int
    misses: int
    evictions: int


_LIVE: weakref.WeakSet[BoundedCache[Any, Any]] = weakref.WeakSet()
# hits, misses, evictions of the caches already collected, by name: the exported counters must never
# go down when a gateway (and its caches) is replaced by a new supergraph
_RETIRED: dict[str, tuple[int, int, int]] = {}


def retired_counts() -> dict[str, tuple[int, int, int]]:
    """(hits, misses, evictions) of the collected caches, by cache name."""
    return dict(_RETIRED)


def live_caches() -> list[BoundedCache[Any, Any]]:
    """Every bounded cache of the process still in use (for the metrics, at scrape time)."""
    while True:
        try:
            return list(_LIVE)
        except RuntimeError:  # a cache was made meanwhile (in another thread)
            continue


class BoundedCache(Generic[K, V]):
    """A mapping bounded in entries (and bytes, with `weigh`), least recently used out first."""

    __slots__ = (
        "__weakref__",
        "_bytes",
        "_items",
        "evictions",
        "hits",
        "max_bytes",
        "max_entries",
        "misses",
        "name",
        "weigh",
    )

    def __init__(
        self,
        name: str,
        max_entries: int,
        max_bytes: int = 0,
        weigh: Callable[[V], int] | None = None,
    ) -> None:
        if max_entries < 1:
            raise ValueError(f"cache {name}: max_entries must be at least 1")
        if max_bytes and weigh is None:
            raise ValueError(f"cache {name}: max_bytes needs a weigh function")
        self.name = name
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.weigh = weigh
        self._items: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self.hits = self.misses = self.evictions = 0
        _LIVE.add(self)

    def get(self, key: K) -> V | None:
        found = self._items.get(key)
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        self._items.move_to_end(key)
        return found[0]

    def put(self, key: K, value: V) -> None:
        size = self.weigh(value) if self.weigh is not None else 0
        if self.max_bytes and size > self.max_bytes:
            return  # larger than the whole cache: not kept
        old = self._items.pop(key, None)
        if old is not None:
            self._bytes -= old[1]
        self._items[key] = (value, size)
        self._bytes += size
        while len(self._items) > self.max_entries or (self.max_bytes and self._bytes > self.max_bytes):
            _, (_, dropped) = self._items.popitem(last=False)
            self._bytes -= dropped
            self.evictions += 1

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def keys(self) -> list[K]:
        """Oldest (least recently used) first."""
        return list(self._items)

    def clear(self) -> None:
        self._items.clear()
        self._bytes = 0

    def stats(self) -> CacheStats:
        return CacheStats(self.name, len(self._items), self._bytes, self.hits, self.misses, self.evictions)

    def __del__(self) -> None:
        hits, misses, evictions = _RETIRED.get(self.name, (0, 0, 0))
        _RETIRED[self.name] = (hits + self.hits, misses + self.misses, evictions + self.evictions)


def memoize(name: str, max_entries: int) -> Callable[[Callable[[A], R]], Callable[[A], R]]:
    """Cache a pure function of one hashable argument in a `BoundedCache` (`fn.cache`)."""

    def decorate(function: Callable[[A], R]) -> Callable[[A], R]:
        cache: BoundedCache[A, tuple[R]] = BoundedCache(name, max_entries)

        @functools.wraps(function)
        def cached(argument: A) -> R:
            found = cache.get(argument)
            if found is None:
                found = (function(argument),)
                cache.put(argument, found)
            return found[0]

        cached.cache = cache  # type: ignore[attr-defined]
        return cached

    return decorate
