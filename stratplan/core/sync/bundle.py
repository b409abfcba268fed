"""Bundle files: signed operations in one gzip file, checked completely before anything is used.

A bundle is gzip of canonical JSON: {"envelope": {...}, "payload": {...}}. The payload holds
the format version, the coalition, the sender's device id and public key, the public keys of
every device whose operations it carries, the signed operations, and the sender's version
vector. The envelope holds the payload's SHA-256, the operation count and the sender's
signature of that hash. This module only proves that a file is intact and that every
operation is signed by the device it names; whether those devices belong to the coalition
is decided by the importer.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stratplan.core.errors import BadFileError, ForgedDataError
from stratplan.core.oplog import canonical
from stratplan.core.oplog.identity import DeviceIdentity, device_id_of, verify
from stratplan.core.oplog.ops import (
    CHAIN_VERSION,
    MalformedOperation,
    Operation,
    check_signatures_of,
    from_body,
)
from stratplan.core.sync.credentials import STORED_KINDS, Credential, parse_credential

FORMAT = 1
MAX_COMPRESSED = 200 * 1024 * 1024
MAX_DECOMPRESSED = 1024 * 1024 * 1024


@dataclass(frozen=True)
class Bundle:
    coalition: str
    sender: str
    devices: dict[str, str]          # device id -> public key (hex)
    ops: tuple[Operation, ...]
    version_vector: dict[str, int]   # device id -> highest sequence number the sender holds
    credentials: tuple[Credential, ...] = ()


def _payload(coalition: str, sender: DeviceIdentity, devices: dict[str, str], ops: list[Operation],
             version_vector: dict[str, int], credentials: list[Credential]) -> dict[str, object]:
    return {"format": FORMAT, "coalition": coalition, "sender": sender.device_id,
            "sender_key": sender.public_key.hex(), "devices": devices,
            "credentials": [{"body": c.body, "sig": c.sig} for c in credentials],
            "ops": [{"body": o.body, "sig": o.sig} for o in ops], "version_vector": version_vector}


def write_bundle(path: Path, *, coalition: str, sender: DeviceIdentity, devices: dict[str, str],
                 ops: list[Operation], version_vector: dict[str, int],
                 credentials: list[Credential] | None = None) -> Path:
    """Write a bundle: to a temporary file, flushed to disk, then renamed (never half-written)."""
    payload = canonical.encode(_payload(coalition, sender, devices, ops, version_vector, credentials or []))
    digest = hashlib.sha256(payload).hexdigest()
    envelope = {"payload_sha256": digest, "op_count": len(ops),
                "sig": base64.b64encode(sender.sign(digest.encode("ascii"))).decode("ascii")}
    data = gzip.compress(canonical.encode({"envelope": envelope, "payload": canonical.decode(payload)}), mtime=0)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def _inflate(data: bytes, limit: int) -> bytes:
    """Decompress with a ceiling, so a small file cannot expand into gigabytes."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    chunk = data
    while chunk:
        out += inflater.decompress(chunk, 1024 * 1024)
        if len(out) > limit:
            raise BadFileError("The bundle expands to more than the allowed size; it was not imported.")
        chunk = inflater.unconsumed_tail
    if not inflater.eof:
        raise BadFileError("The bundle file is incomplete (cut off while copying or sending). Copy it again.")
    if inflater.unused_data:
        raise BadFileError("The bundle file has extra data after its end; it may have been altered.")
    return bytes(out)


def read_bundle(path: Path, *, max_compressed: int | None = None,
                max_decompressed: int | None = None) -> Bundle:
    """Read and verify a bundle completely; any doubt refuses the whole file.

    The limits default to the module's constants, read at each call."""
    max_compressed = MAX_COMPRESSED if max_compressed is None else max_compressed
    max_decompressed = MAX_DECOMPRESSED if max_decompressed is None else max_decompressed
    try:
        size = path.stat().st_size
        if size > max_compressed:
            raise BadFileError("{name} is larger than the allowed bundle size.", name=path.name)
        data = path.read_bytes()
    except OSError as exc:
        raise BadFileError("Cannot read {name}: {strerror}.",
                           name=path.name, strerror=exc.strerror) from exc
    if data[:2] != b"\x1f\x8b":
        raise BadFileError("{name} is not a StratPlan bundle.", name=path.name)
    try:
        raw = _inflate(data, max_decompressed)
    except zlib.error as exc:
        raise BadFileError("{name} is damaged and cannot be read ({exc}).",
                           name=path.name, exc=exc) from exc
    try:
        document = canonical.decode(raw)
    except (BadFileError, ValueError, RecursionError) as exc:
        # Not JSON, not canonical, absurdly nested, or numbers too long to read.
        raise BadFileError("{name} is not a StratPlan bundle (its contents cannot be read).",
                           name=path.name) from exc
    if not isinstance(document, dict) or set(document) != {"envelope", "payload"}:
        raise BadFileError("{name} is not a StratPlan bundle.", name=path.name)
    envelope, payload = document["envelope"], document["payload"]
    if not isinstance(envelope, dict):
        raise BadFileError("{name} is not a StratPlan bundle.", name=path.name)
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise BadFileError("{name} was written in a bundle format this StratPlan does not know.",
                           name=path.name)
    body = _payload_bytes(raw, envelope, payload)
    if hashlib.sha256(body).hexdigest() != envelope.get("payload_sha256"):
        raise ForgedDataError("{name} does not match its own checksum: it was altered.",
                              name=path.name)
    try:
        return _verified(path, envelope, payload)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        # A correctly signed but malformed payload (a hostile or broken writer).
        raise BadFileError("{name} is not a well-formed StratPlan bundle ({error}).",
                           name=path.name, error=type(exc).__name__) from exc


def _payload_bytes(raw: bytes, envelope: dict[str, Any], payload: dict[str, Any]) -> bytes:
    """The payload's canonical bytes. `raw` is canonical (decode proved it), so they are its
    text after the envelope: no need to encode megabytes of operations again."""
    prefix = b'{"envelope":' + canonical.encode(envelope) + b',"payload":'
    if raw.startswith(prefix) and raw.endswith(b"}"):
        return raw[len(prefix):-1]
    return canonical.encode(payload)


def _verified(path: Path, envelope: dict[str, Any], payload: dict[str, Any]) -> Bundle:
    sender_key = bytes.fromhex(payload["sender_key"])
    signature = base64.b64decode(envelope.get("sig", ""))
    if device_id_of(sender_key) != payload["sender"] or not verify(
            sender_key, signature, envelope["payload_sha256"].encode("ascii")):
        raise ForgedDataError("{name} is not signed by the laptop it names as its sender.",
                              name=path.name)
    devices = {str(k): str(v) for k, v in payload["devices"].items()}
    for device_id, key in devices.items():
        if device_id_of(bytes.fromhex(key)) != device_id:
            raise ForgedDataError("{name} gives a key that does not belong to device "
                                  "{device_id}.", name=path.name, device_id=device_id[:8])
    credentials = tuple(parse_credential(str(c["body"]), str(c["sig"])) for c in payload.get("credentials", []))
    if any(c.kind not in STORED_KINDS for c in credentials):
        raise BadFileError("{name} carries a document that does not belong in a bundle.",
                           name=path.name)
    ops = []
    for item in payload["ops"]:
        try:
            op = from_body(item["body"], item["sig"])
        except MalformedOperation as exc:
            raise BadFileError("{name} carries a malformed operation; it was not imported.",
                               name=path.name) from exc
        if not _well_formed(op):
            raise BadFileError("{name} carries a malformed operation; it was not imported.",
                               name=path.name)
        if op.device not in devices:
            raise ForgedDataError("{name} carries an operation from an unknown device.",
                                  name=path.name)
        if op.coalition != payload["coalition"]:
            raise ForgedDataError("{name} mixes operations of another coalition.",
                                  name=path.name)
        ops.append(op)
    check_signatures(ops, {d: bytes.fromhex(k) for d, k in devices.items()})
    if len(ops) != envelope.get("op_count"):
        raise ForgedDataError("{name} holds a different number of operations than it declares.",
                              name=path.name)
    return Bundle(payload["coalition"], payload["sender"], devices, tuple(ops),
                  {str(k): int(v) for k, v in payload["version_vector"].items()}, credentials)


def chain_covered(ops: Sequence[Operation]) -> set[str]:
    """The ids of operations whose body another operation here authenticates.

    From format 2 on, each body names its device's previous operation (`prev`) by id, and an
    id is the SHA-256 of its body (computed here, never taken from the sender). So once the
    newest operation of a contiguous run is known to be signed by its device, every earlier
    one is authenticated by the links: an altered body changes its id and breaks the next
    operation's `prev`, up to the signed one. Walking back from the operations that nothing
    here names (each run's newest, which keeps its own check) marks the rest. Format 1
    operations (no `prev`) and links across devices cover nothing."""
    chained = {op.id: op for op in ops if op.version >= CHAIN_VERSION}
    named = {op.prev for op in chained.values() if op.prev in chained
             and chained[op.prev].device == op.device}
    covered: set[str] = set()
    for tail in chained.values():
        if tail.id in named:
            continue  # not a run's newest: reached by the walk from its successor
        link = chained.get(tail.prev)
        while link is not None and link.device == tail.device and link.id not in covered:
            covered.add(link.id)
            link = chained.get(link.prev)
    return covered


def check_signatures(ops: Sequence[Operation], keys: dict[str, bytes]) -> int:
    """Raise ForgedDataError unless every operation is authenticated by its device's key:
    by its own signature, or (format 2) through the chain from a signed later operation of
    the same device (see `chain_covered`). Returns how many signatures were checked.

    For 10,000 operations of one laptop: one Ed25519 check instead of 10,000.

    A covered operation's own signature is not checked, so a relay could swap it while
    leaving the body intact. That stored signature is never relied on: no operation is ever
    removed from a store, so a covered operation keeps its stored successor, and every
    export or hub push sends a device's operations from some point up to its newest. That
    newest one had its own signature checked here, and it covers the rest again at the
    receiver."""
    covered = chain_covered(ops)
    return check_signatures_of([op for op in ops if op.id not in covered], keys)


def _is_int(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value < high


def _well_formed(op: Operation) -> bool:
    """Fields of the types every reader of the log relies on (a stamp that is not a number
    would stop this laptop's clock, and with it every later save)."""
    texts = (op.kind, op.entity, op.coalition, op.org, op.author, op.device)
    return (all(isinstance(t, str) for t in texts) and _is_int(op.seq, 1, 1 << 62)
            and _is_int(op.hlc, 0, 1 << 62) and isinstance(op.payload, dict)
            and all(isinstance(p, str) for p in op.parents))  # a list: from_body checked
