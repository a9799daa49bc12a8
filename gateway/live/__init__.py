"""The live supergraph: where the schema comes from (a watched file, or subgraphs composed
in-process) and which `Gateway` serves now; a new good schema swaps in without dropping
in-flight requests."""

from .manager import CompositionSource, FileSource, GatewayManager, ReloadError, SupergraphSource

__all__ = ["CompositionSource", "FileSource", "GatewayManager", "ReloadError", "SupergraphSource"]
