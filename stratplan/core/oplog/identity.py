"""Device identity: an Ed25519 key made on first run, kept readable only by its owner."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from stratplan.core.errors import KeyError_, PassphraseRequiredError

KEY_FILE = "device_ed25519.pem"


def public_bytes(key: Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def device_id_of(public_key: bytes) -> str:
    """A device's id: the first 32 hex digits of the SHA-256 of its public key."""
    return hashlib.sha256(public_key).hexdigest()[:32]


def fingerprint(public_key: bytes) -> str:
    """First 20 hex digits of SHA-256, in groups of four, for comparing aloud."""
    digest = hashlib.sha256(public_key).hexdigest()[:20].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 20, 4))


def verify(public_key: bytes, signature: bytes, data: bytes) -> bool:
    """True when `signature` is a valid signature of `data` by `public_key`."""
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class DeviceIdentity:
    """A private signing key and what can be said about it in public."""

    private_key: Ed25519PrivateKey

    @property
    def public_key(self) -> bytes:
        return public_bytes(self.private_key.public_key())

    @property
    def device_id(self) -> str:
        return device_id_of(self.public_key)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)

    @classmethod
    def generate(cls) -> DeviceIdentity:
        return cls(Ed25519PrivateKey.generate())


def _write_private(path: Path, data: bytes) -> None:
    # Create with 0600 from the start, so the key is never readable by others, even briefly.
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    os.chmod(path, 0o600)


def org_key_file(org_id: str) -> str:
    """The file name of an organisation's key (kept only on its own laptops)."""
    return f"org_{org_id}_ed25519.pem"


def check_key_permissions(path: Path) -> None:
    """Refuse a key others could read or a keys folder others could write.

    Refused rather than repaired: a key that others could read may already have been copied,
    and only its owner can judge that (and revoke the laptop if so); a folder others can write
    lets them swap the key. The message says how to fix it.
    """
    if os.name == "nt":  # pragma: no cover - Windows: permissions are ACLs, set by the profile
        return
    folder = path.parent
    if folder.exists() and folder.stat().st_mode & 0o002:
        raise KeyError_(
            "The keys folder {folder} can be changed by every user of this computer, so "
            "someone could swap this laptop's key. Fix it with: chmod 700 '{folder}'",
            folder=folder
        )
    if path.is_file() and path.stat().st_mode & 0o077:
        raise KeyError_(
            "The key file {path} can be read by other users of this computer. Fix it with: "
            "chmod 600 '{path}' (if someone may have copied it, revoke this laptop and make a "
            "new key).", path=path
        )


def _key_folder(key_dir: Path) -> None:
    """Make the keys folder (owner only), or say plainly why it cannot be made."""
    try:
        key_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise KeyError_(
            "Cannot create this laptop's key in {key_dir}: {strerror}. Make that folder "
            "writable, or set STRATPLAN_HOME to a folder you can write.",
            key_dir=key_dir, strerror=exc.strerror or exc
        ) from exc


def save_identity(identity: DeviceIdentity, key_dir: Path, passphrase: str | None,
                  filename: str = KEY_FILE) -> Path:
    """Write the key as PKCS#8 PEM, encrypted when a passphrase is given."""
    _key_folder(key_dir)
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase.encode("utf-8"))
        if passphrase
        else serialization.NoEncryption()
    )
    pem = identity.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    path = key_dir / filename
    try:
        _write_private(path, pem)
    except OSError as exc:
        raise KeyError_(
            "Cannot write the key file {path}: {strerror}. Make {key_dir} writable, or set "
            "STRATPLAN_HOME to a folder you can write.",
            path=path, strerror=exc.strerror or exc, key_dir=key_dir
        ) from exc
    return path


def key_is_protected(key_dir: Path) -> bool:
    """True when the key file exists and needs a passphrase."""
    path = key_dir / KEY_FILE
    return path.is_file() and b"ENCRYPTED" in path.read_bytes()[:64]


def load_or_create_identity(key_dir: Path, passphrase: str | None = None,
                            filename: str = KEY_FILE, *, create: bool = True) -> DeviceIdentity:
    """Load this installation's key, making one on first run."""
    path = key_dir / filename
    if path.is_dir():
        raise KeyError_("The key file {path} is a folder. Move that folder away; StratPlan "
                        "keeps this laptop's key in a file of that name.", path=path)
    if not path.exists() and not create:
        raise KeyError_("The key file {path} is not on this laptop.", path=path)
    if not path.exists():
        identity = DeviceIdentity.generate()
        save_identity(identity, key_dir, passphrase, filename)
        return identity
    check_key_permissions(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyError_("The key file {path} cannot be read: {strerror}.",
                        path=path, strerror=exc.strerror or exc) from exc
    if b"ENCRYPTED" in data[:64] and not passphrase:
        raise PassphraseRequiredError(
            "This laptop's key is protected by a passphrase. Enter the passphrase to continue."
        )
    try:
        key = serialization.load_pem_private_key(
            data, password=passphrase.encode("utf-8") if passphrase and b"ENCRYPTED" in data[:64] else None
        )
    except (ValueError, TypeError) as exc:
        raise KeyError_(
            "The key file {path} could not be opened: wrong passphrase or damaged file.",
            path=path
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyError_("The key file {path} does not hold an Ed25519 key.", path=path)
    return DeviceIdentity(key)
