"""What verifying a bearer token adds to a request: `IdentityPlugin.on_request` in a loop, in process,
with the JWKS already loaded (no network), per algorithm; first sight of each token (a signature
check) and a token verified before (from memory).

    python -m tests.plugins.identity.measure [--tokens 500] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from gateway.hooks import RequestContext
from gateway.messages import GraphQLRequest
from gateway.plugins.identity import IdentityPlugin
from tests.plugins.identity.support import Provider, identity_config, write_jwks


async def measure(count: int, rounds: int) -> dict[str, tuple[float, float]]:
    provider = Provider.standard()
    with tempfile.TemporaryDirectory() as folder:
        jwks = write_jwks(Path(folder) / "jwks.json", provider)
        plugin = IdentityPlugin(identity_config(jwks_file=str(jwks), verified_cache_size=count * rounds * 4))
        await plugin.start()
    request = GraphQLRequest("{ me { givenName } }")
    found = {}
    for kid, alg in (("rsa-1", "RS256"), ("ec-1", "ES256"), ("ed-1", "EdDSA")):
        best = [float("inf"), float("inf")]
        for round_ in range(rounds):  # the least of several rounds: the machine may be shared
            tokens = [provider.token(kid, citizen_id=f"{i:011d}", sub=f"s{round_}-{i}") for i in range(count)]
            for sight in range(2):  # first sight, then again
                contexts = [RequestContext(request, {"authorization": f"Bearer {t}"}) for t in tokens]
                started = time.perf_counter()
                for ctx in contexts:
                    assert await plugin.on_request(ctx) is None
                best[sight] = min(best[sight], (time.perf_counter() - started) / count * 1e6)
        found[alg] = (best[0], best[1])
    await plugin.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tokens", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    for alg, (first, again) in asyncio.run(measure(args.tokens, args.rounds)).items():
        print(f"{alg:6} first sight {first:7.1f} µs/request   verified before {again:5.1f} µs/request")


if __name__ == "__main__":
    main()
