"""The engine: one operation through the stages — operation -> plan -> execute -> shape —
with the compiled operation cached, and the plugins' hooks called at each stage."""

from ..messages import GraphQLRequest, GraphQLResult, Timing, encode_json
from .gateway import CompiledOperation, Gateway

__all__ = ["CompiledOperation", "Gateway", "GraphQLRequest", "GraphQLResult", "Timing", "encode_json"]
