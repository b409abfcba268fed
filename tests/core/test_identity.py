"""This laptop's key: made on first run, private to its owner, optionally passphrase-protected."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from stratplan.core.errors import KeyError_, PassphraseRequiredError
from stratplan.core.oplog.identity import (
    KEY_FILE,
    fingerprint,
    key_is_protected,
    load_or_create_identity,
    save_identity,
)


def test_first_run_makes_a_key_readable_only_by_its_owner(tmp_path: Path) -> None:
    identity = load_or_create_identity(tmp_path / "keys")
    mode = stat.S_IMODE((tmp_path / "keys" / KEY_FILE).stat().st_mode)
    assert mode == 0o600
    again = load_or_create_identity(tmp_path / "keys")
    assert again.public_key == identity.public_key


def test_a_passphrase_protects_the_key(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    identity = load_or_create_identity(keys)
    save_identity(identity, keys, "slaptažodis ąčę")
    assert key_is_protected(keys)
    assert b"ENCRYPTED" in (keys / KEY_FILE).read_bytes()
    with pytest.raises(PassphraseRequiredError):
        load_or_create_identity(keys)
    with pytest.raises(KeyError_, match="wrong passphrase"):
        load_or_create_identity(keys, "wrong")
    assert load_or_create_identity(keys, "slaptažodis ąčę").public_key == identity.public_key


def test_a_damaged_key_file_gives_a_clear_message(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / KEY_FILE).write_text("-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n")
    with pytest.raises(KeyError_, match="damaged"):
        load_or_create_identity(keys)


def test_fingerprints_are_twenty_hex_digits_in_groups_of_four() -> None:
    text = fingerprint(b"\x01" * 32)
    groups = text.split(" ")
    assert len(groups) == 5 and all(len(g) == 4 for g in groups)
    assert all(c in "0123456789ABCDEF" for c in "".join(groups))
