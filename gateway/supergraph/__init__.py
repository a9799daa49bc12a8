"""Supergraph loading: SDL -> `Supergraph` (API schema + per-subgraph metadata)."""

from .extend import extend_api_schema
from .load import load_supergraph
from .model import FieldInGraph, FieldMeta, Key, Subgraph, Supergraph, TypeMeta

__all__ = [
    "FieldInGraph",
    "FieldMeta",
    "Key",
    "Subgraph",
    "Supergraph",
    "TypeMeta",
    "extend_api_schema",
    "load_supergraph",
]
