"""The engine: one operation through the stages — operation -> plan -> execute -> shape —
with the compiled operation cached, and the plugins' hooks called at each stage."""

from .gateway import CompiledOperation, Gateway
from .result import GraphQLRequest, GraphQLResult, Timing, encode_json

__all__ = ["CompiledOperation", "Gateway", "GraphQLRequest", "GraphQLResult", "Timing", "encode_json"]
