"""`govgraph token`: a dev bearer token for the demo platform, printed alone on stdout.

    govgraph token --citizen 39001010001
    govgraph token --official "Olga Officer" --scope tax:read --scope registry:read
    curl ... -H "authorization: Bearer $(govgraph token --citizen 39001010001)"

By default it asks the running dev issuer (`govgraph up` starts it: `--issuer-url`); with `--key-file`
it signs locally with the issuer's key file instead (`<data-dir>/identity/issuer-key.pem`).
Registered through the `govgraph.commands` entry point, like `govgraph up`.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from subgraphs.agencies import load_agencies

# where `govgraph up` runs it (the port from the agencies file, which the platform reads too)
DEFAULT_ISSUER_URL = f"http://127.0.0.1:{load_agencies().ports()['issuer']}"


def request_token(issuer_url: str, body: dict[str, Any], timeout: float = 10.0) -> str:
    """POST `body` to the issuer's /token; the access token."""
    request = urllib.request.Request(
        issuer_url.rstrip("/") + "/token",
        data=json.dumps(body).encode(),
        headers={"content-type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = json.loads(response.read())
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")
        raise SystemExit(f"govgraph token: the issuer refused ({error.code}): {detail}") from None
    except (OSError, ValueError) as error:
        raise SystemExit(
            f"govgraph token: no issuer at {issuer_url} ({error}); is `govgraph up` running? "
            "Or sign locally with --key-file"
        ) from None
    return str(answer["access_token"])


def _body(args: argparse.Namespace) -> dict[str, Any]:
    body: dict[str, Any] = {"citizen": args.citizen} if args.citizen else {"official": args.official}
    if args.scope:
        body["scopes"] = args.scope
    if args.expires_in is not None:
        body["expires_in"] = args.expires_in
    return body


def run(args: argparse.Namespace) -> int:
    body = _body(args)
    if args.key_file is not None:
        from subgraphs.issuer.app import BadTokenRequest, DevIssuer

        if not args.key_file.exists():
            raise SystemExit(f"govgraph token: no key file {args.key_file}")
        try:
            token = DevIssuer(args.key_file, args.issuer, args.audience).mint_from(body)
        except BadTokenRequest as error:
            raise SystemExit(f"govgraph token: {error}") from None
    else:
        token = request_token(args.issuer_url, body)
    sys.stdout.write(token + "\n")
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from subgraphs.issuer.app import DEFAULT_AUDIENCE, DEFAULT_ISSUER

    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--citizen", metavar="ID", help="a citizen's personal code")
    who.add_argument("--official", metavar="NAME", help="an official's name")
    parser.add_argument("--scope", action="append", default=[], help="a scope (repeatable), e.g. tax:read")
    parser.add_argument("--expires-in", type=int, metavar="SECONDS", help="lifetime (default 3600)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--issuer-url", default=DEFAULT_ISSUER_URL, help=f"the dev issuer (default {DEFAULT_ISSUER_URL})"
    )
    source.add_argument("--key-file", type=Path, help="sign locally with the issuer's private key file")
    parser.add_argument("--issuer", default=DEFAULT_ISSUER, help="with --key-file: the tokens' `iss`")
    parser.add_argument("--audience", default=DEFAULT_AUDIENCE, help="with --key-file: the tokens' `aud`")


def register_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`govgraph token`, through the `govgraph.commands` entry point."""
    token = commands.add_parser(
        "token", help="print a dev bearer token (citizen or official) for the platform"
    )
    add_arguments(token)
    token.set_defaults(run=run)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="govgraph token", description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
