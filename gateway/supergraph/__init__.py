"""Supergraph loading: SDL -> `Supergraph` (API schema + per-subgraph metadata)."""

from .load import load_supergraph
from .model import FieldInGraph, FieldMeta, Key, Subgraph, Supergraph, TypeMeta

__all__ = ["FieldInGraph", "FieldMeta", "Key", "Subgraph", "Supergraph", "TypeMeta", "load_supergraph"]
