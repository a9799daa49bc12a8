"""Key files of the demo platform: a private key (PEM, PKCS#8, owner-only) and its public key beside
it (`<name>.pub.pem`), generated once and reused."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any, Literal

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

Algorithm = Literal["ES256", "EdDSA"]


def public_path(private: Path) -> Path:
    """`gateway-key.pem` -> `gateway-key.pub.pem`."""
    return private.with_name(private.name.removesuffix(".pem") + ".pub.pem")


def _write(path: Path, data: bytes, mode: int) -> None:
    """Atomically (a reader never sees half a key), with `mode` from the start."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def ensure_keypair(private: Path, algorithm: Algorithm = "EdDSA") -> Any:
    """The private key at `private`, generated first when the file is missing; its public key is
    (re)written beside it when missing."""
    if private.exists():
        key = serialization.load_pem_private_key(private.read_bytes(), password=None)
    else:
        key = (
            ed25519.Ed25519PrivateKey.generate()
            if algorithm == "EdDSA"
            else ec.generate_private_key(ec.SECP256R1())
        )
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        _write(private, pem, 0o600)
    public = public_path(private)
    if not public.exists():
        pem = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        _write(public, pem, 0o644)
    return key
