"""`python -m subgraphs.issuer --port 4400 [--host 127.0.0.1] [--data-dir DIR] [--gateway-key FILE]`

The demo platform's dev identity provider (see `subgraphs/issuer/app.py`). Its ES256 key lives in
`<data-dir>/identity/issuer-key.pem`, generated on first start. `--gateway-key FILE` also makes sure
the gateway's own signing keypair exists (for a deployment without `govgraph up`, which makes it itself).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import uvicorn

from subgraphs.common.keys import ensure_keypair
from subgraphs.issuer.app import DEFAULT_AUDIENCE, DEFAULT_ISSUER, DevIssuer, create_app, issuer_key_file

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / ".govgraph" / "data"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m subgraphs.issuer", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4400)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--issuer", default=DEFAULT_ISSUER, help="the `iss` of the tokens")
    parser.add_argument("--audience", default=DEFAULT_AUDIENCE, help="the `aud` of the tokens")
    parser.add_argument(
        "--gateway-key", type=Path, help="generate the gateway's signing keypair here if missing"
    )
    args = parser.parse_args(argv)
    if args.gateway_key is not None:
        ensure_keypair(args.gateway_key, "EdDSA")
    issuer = DevIssuer(issuer_key_file(args.data_dir), args.issuer, args.audience)
    uvicorn.run(create_app(issuer), host=args.host, port=args.port, access_log=False)


if __name__ == "__main__":
    main()
