"""Organisation keys: made when an organisation starts or joins, kept only on its own laptops."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from stratplan.core import paths
from stratplan.core.errors import KeyError_
from stratplan.core.oplog.identity import (
    DeviceIdentity,
    load_or_create_identity,
    org_key_file,
    save_identity,
)
from stratplan.core.oplog.writer import new_id
from stratplan.core.services import sharing
from stratplan.core.workspace import Workspace


def save_org_key(ws: Workspace, org_id: str, key: DeviceIdentity) -> None:
    """Save an organisation key (encrypted with this laptop's passphrase, if it has one)."""
    save_identity(key, ws.key_dir or paths.key_dir(), ws.passphrase, org_key_file(org_id))


def org_key(ws: Workspace, org_id: str = "") -> DeviceIdentity:
    """This organisation's key, from this laptop's key folder."""
    org = org_id or ws.profile.org_id
    try:
        return load_or_create_identity(ws.key_dir or paths.key_dir(), ws.passphrase, org_key_file(org), create=False)
    except KeyError_ as exc:
        raise KeyError_("The organisation's key is not on this laptop: use the laptop that joined the "
                        "coalition for the organisation (or that set the coalition up).") from exc


def start_shared_coalition(ws: Workspace, session: Session, **values: Any) -> str:
    """A new coalition that can be shared from its first minute; this laptop convenes it."""
    key = DeviceIdentity.generate()
    coalition_id = sharing.create_shared_coalition(session, writer=ws.writer, org_key=key, **values)
    save_org_key(ws, ws.profile.org_id, key)
    return coalition_id


def request_to_join(ws: Workspace, session: Session, *, device_only: bool = False, label: str = "",
                    **values: str) -> bytes:
    """The request file's bytes: a new organisation (its key is made and kept here) or a second laptop."""
    if device_only:
        return sharing.make_device_request(session, identity=ws.identity, label=label or "second laptop")
    org_id = new_id()
    key = DeviceIdentity.generate()
    data = sharing.make_join_request(session, identity=ws.identity, org_key=key, org_id=org_id,
                                     label=label or "director's laptop", **values)
    save_org_key(ws, org_id, key)
    return data
