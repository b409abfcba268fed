"""Credentials: roster versions, device certificates and revocations, each a signed document."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from stratplan.core.errors import BadFileError, ForgedDataError
from stratplan.core.oplog import canonical
from stratplan.core.oplog.identity import public_bytes, verify

KINDS = ("roster", "device", "revoke", "join", "device-request")
# What may travel in bundles and be stored; requests only travel as request files.
STORED_KINDS = ("roster", "device", "revoke")


@dataclass(frozen=True)
class Credential:
    """One signed document. `body` is the exact canonical text that was signed."""

    id: str
    kind: str
    body: str
    sig: str
    data: dict[str, Any]

    @property
    def signer_key(self) -> str:
        return str(self.data["signer_key"])


def make_credential(key: Ed25519PrivateKey, data: dict[str, Any]) -> Credential:
    """Sign a document; the signer's public key is written into it."""
    doc = dict(data, signer_key=public_bytes(key.public_key()).hex())
    body = canonical.encode(doc)
    sig = base64.b64encode(key.sign(body)).decode("ascii")
    return parse_credential(body.decode("utf-8"), sig)


_REQUIRED: dict[str, tuple[str, ...]] = {
    "roster": ("coalition", "version", "name", "orgs", "conveners", "signer", "prev"),
    "device": ("coalition", "org", "device", "device_key", "label"),
    "revoke": ("coalition", "device", "from_seq", "reason"),
    "join": ("org", "name", "code", "country", "language", "person", "person_name", "device_cert"),
    "device-request": ("device", "device_key", "label"),
}


def parse_credential(body: str, sig: str) -> Credential:
    """Parse and check one credential: canonical, complete, signed by the key it names."""
    data = canonical.decode(body.encode("utf-8"))
    if not isinstance(data, dict) or data.get("type") not in KINDS:
        raise BadFileError("A credential of an unknown kind was found.")
    kind = str(data["type"])
    missing = [f for f in (*_REQUIRED[kind], "signer_key") if f not in data]
    if missing:
        raise BadFileError("A {kind} credential lacks {missing}.",
                           kind=kind, missing=', '.join(missing))
    try:
        key = bytes.fromhex(str(data["signer_key"]))
        signature = base64.b64decode(sig, validate=True)
    except ValueError as exc:
        raise ForgedDataError("A {kind} credential has an unreadable key or signature.",
                              kind=kind) from exc
    if len(key) != 32 or not verify(key, signature, body.encode("utf-8")):
        raise ForgedDataError("A {kind} credential does not carry a valid signature of its "
                              "signer.", kind=kind)
    return Credential(hashlib.sha256(body.encode("utf-8")).hexdigest(), kind, body, sig, data)
