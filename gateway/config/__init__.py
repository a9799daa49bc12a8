"""Configuration: the settings the runtime is built from (`GatewayConfig`), and the config file
that fills them (YAML with `${ENV}` interpolation, validated against declared dataclasses)."""

from .settings import GatewayConfig

__all__ = ["GatewayConfig"]
