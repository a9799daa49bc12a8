"""The `telemetry` section: Server-Timing, Prometheus metrics, OpenTelemetry traces, access logs."""

from __future__ import annotations

from dataclasses import dataclass

from ...config.declare import setting


@dataclass(frozen=True)
class MetricsConfig:
    """Prometheus metrics (`prometheus-client`): requests, latencies, subgraph fetches, caches, process."""

    enabled: bool = setting(
        False, doc="Count and time requests and subgraph fetches; serve them for scraping."
    )
    path: str = setting("/metrics", doc="Where the metrics are served.", pattern=r"^/")
    port: int | None = setting(
        None,
        doc="Serve the metrics on this port of their own instead of the gateway's (off the public listener).",
        minimum=1,
        maximum=65535,
        example=9464,
    )
    host: str = setting("127.0.0.1", doc="The address of the metrics port.", example="0.0.0.0")
    max_operations: int = setting(
        100,
        doc="Distinct operation names labelled at most; later ones count as `other` (anonymous "
        "operations as `anonymous`, invalid ones as `unknown`).",
        minimum=1,
    )
    max_clients: int = setting(
        50,
        doc="Distinct (client name, version) pairs labelled at most; later ones count as `other`.",
        minimum=1,
    )
    process: bool = setting(
        True, doc="Also the process's CPU, memory, file descriptors and garbage collection."
    )


@dataclass(frozen=True)
class TracingConfig:
    """OpenTelemetry traces: request, parse and validate, plan, execute, one span per subgraph fetch."""

    enabled: bool = setting(
        False, doc="Record spans (with the application's tracer provider, unless `otlp_endpoint`)."
    )
    otlp_endpoint: str | None = setting(
        None,
        doc="Send spans over OTLP/HTTP to this URL (needs the `otlp` extra: "
        "`opentelemetry-exporter-otlp-proto-http`).",
        example="http://otel-collector:4318/v1/traces",
    )
    service_name: str = setting("govgraph", doc="`service.name` of the spans sent to `otlp_endpoint`.")
    sample_ratio: float = setting(
        1.0,
        doc="Share of new traces recorded (a client's `traceparent` decides for its own).",
        minimum=0,
        maximum=1,
    )
    accept_client_trace: bool = setting(True, doc="Continue the trace of a client's W3C `traceparent`.")
    propagate: bool = setting(True, doc="Send each subgraph a W3C `traceparent` (its fetch span).")


@dataclass(frozen=True)
class AccessLogConfig:
    """One JSON line per HTTP request (no identity values, no tokens)."""

    enabled: bool = setting(False, doc="Write the access log.")
    file: str | None = setting(
        None, doc="Append to this file (default: standard output).", example="access.log"
    )


@dataclass(frozen=True)
class TelemetryConfig:
    """What the gateway tells about its own work."""

    server_timing: bool = setting(True, doc="Send `Server-Timing: gateway;dur=…, subgraphs;dur=…`.")
    metrics: MetricsConfig = setting(default_factory=MetricsConfig, doc="Prometheus metrics.")
    tracing: TracingConfig = setting(default_factory=TracingConfig, doc="OpenTelemetry traces.")
    access_log: AccessLogConfig = setting(default_factory=AccessLogConfig, doc="JSON access logs.")
    ignore_paths: tuple[str, ...] = setting(
        ("/health", "/ready", "/metrics"), doc="Paths neither counted nor logged (probes, scrapes)."
    )

    @property
    def per_request(self) -> bool:
        """Whether anything is recorded per HTTP request (the middleware is needed)."""
        return self.metrics.enabled or self.access_log.enabled
