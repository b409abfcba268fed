"""Organisation keys: made when an organisation starts or joins, kept only on its own laptops.

Keys sit below the services (sync never imports a service): starting a shared coalition and
asking to join, which also make and save a key, live in `services.sharing`.
"""

from __future__ import annotations

from stratplan.core import paths
from stratplan.core.errors import KeyError_
from stratplan.core.oplog.identity import (
    DeviceIdentity,
    load_or_create_identity,
    org_key_file,
    save_identity,
)
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
