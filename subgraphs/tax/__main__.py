"""`python -m subgraphs.tax --port 4102 [--host 127.0.0.1] [--tax-endpoint URL] [--timeout S]`."""

from __future__ import annotations

import argparse

import uvicorn

from subgraphs.tax.app import DEFAULT_ENDPOINT, create_app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.tax", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4102)
    parser.add_argument("--tax-endpoint", default=DEFAULT_ENDPOINT, help="the legacy TaxService SOAP address")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds per SOAP call")
    args = parser.parse_args(argv)
    uvicorn.run(create_app(args.tax_endpoint, timeout=args.timeout), host=args.host, port=args.port)


if __name__ == "__main__":
    main()
