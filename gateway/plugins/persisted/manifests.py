"""Trusted-document manifests, loaded once at start.

Apollo's persisted-query manifest:
    {"format": "apollo-persisted-query-manifest", "version": 1,
     "operations": [{"id": "<sha256>", "name": "Dashboard", "type": "query", "body": "query …"}]}
Relay's persisted queries: {"<id>": "query …", …}

Every document is known by its manifest id and by `sha256:<hash of its text>` (and the bare
hash, as APQ clients send it); `has_text` answers whether a document sent as text is listed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from ...errors import GovgraphError


class ManifestError(GovgraphError):
    """A trusted-document manifest cannot be read."""


class Manifest:
    def __init__(self) -> None:
        self._by_id: dict[str, str] = {}
        self._hashes: set[str] = set()

    def add(self, document_id: str, text: str) -> None:
        digest = hashlib.sha256(text.encode()).hexdigest()
        self._by_id[document_id] = text
        self._by_id[digest] = text
        self._by_id["sha256:" + digest] = text
        self._hashes.add(digest)

    def text(self, document_id: str) -> str | None:
        return self._by_id.get(document_id)

    def has_text(self, text: str) -> bool:
        return hashlib.sha256(text.encode()).hexdigest() in self._hashes

    def __len__(self) -> int:
        return len(self._hashes)


def load_manifests(paths: Iterable[str]) -> Manifest:
    manifest = Manifest()
    for path in paths:
        try:
            content: Any = orjson.loads(Path(path).read_bytes())
        except (OSError, orjson.JSONDecodeError) as error:
            raise ManifestError(f"trusted documents {path}: {error}") from error
        for document_id, text in _documents(content, path):
            manifest.add(document_id, text)
    return manifest


def _documents(content: Any, path: str) -> list[tuple[str, str]]:
    if isinstance(content, dict) and content.get("format") == "apollo-persisted-query-manifest":
        operations = content.get("operations")
        if not isinstance(operations, list):
            raise ManifestError(f"trusted documents {path}: `operations` must be a list")
        found = []
        for operation in operations:
            if not isinstance(operation, dict) or not isinstance(operation.get("body"), str):
                raise ManifestError(f"trusted documents {path}: each operation needs a `body`")
            found.append((str(operation.get("id") or ""), operation["body"]))
        return found
    if isinstance(content, dict) and all(isinstance(v, str) for v in content.values()):
        return [(str(k), v) for k, v in content.items()]
    raise ManifestError(f"trusted documents {path}: neither an Apollo manifest nor Relay's {{id: text}}")
