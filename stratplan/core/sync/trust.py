"""Who may write: a pure function of the roster chain, device certificates and revocations.

The roster's first version is pinned by each store (trust on first use, with fingerprints
compared aloud). A later version counts only when a convener of the version before signed
it and it keeps every organisation and key of that version. Two stores that hold the same
credentials and pin the same first version therefore trust exactly the same devices, so
they accept exactly the same operations, whatever order anything arrived in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from stratplan.core.oplog.ops import Operation
from stratplan.core.sync.credentials import Credential

# Reasons an operation is not applied.
NOT_ADMITTED = "admission"
REVOKED = "revoked"
GAP = "gap"
# Reasons a whole bundle is refused.
OTHER_ORG = "other-org"
OTHER_COALITION = "other-coalition"


@dataclass(frozen=True)
class Trust:
    """The current roster and the devices it lets write."""

    coalition: str
    name: str
    version: int
    roster_id: str
    orgs: dict[str, dict[str, Any]]          # org id -> {"key", "name", "code", ...}
    conveners: frozenset[str]
    devices: dict[str, str] = field(default_factory=dict)          # device -> org (first certificate)
    device_labels: dict[str, str] = field(default_factory=dict)
    waiting_devices: dict[str, str] = field(default_factory=dict)  # device -> org not admitted
    revoked: dict[str, int] = field(default_factory=dict)          # device -> first refused seq (convener)
    # Every organisation that certified a device. A device id and key are public, so any member
    # can certify someone else's laptop: that must not take the laptop away from its own
    # organisation, so an operation counts for the organisation it names if that one certified it.
    certified: dict[str, set[str]] = field(default_factory=dict)
    # (device, org) -> first refused seq, revoked by that organisation for its own name only.
    org_revoked: dict[tuple[str, str], int] = field(default_factory=dict)

    def verdict(self, op: Operation) -> str | None:
        """None when the operation may be applied, else the reason it may not."""
        if op.coalition != self.coalition:
            return OTHER_COALITION
        orgs = self.certified.get(op.device)
        if not orgs:
            waiting = self.waiting_devices.get(op.device)
            return OTHER_ORG if waiting is not None and waiting != op.org else NOT_ADMITTED
        if op.org not in orgs:
            return OTHER_ORG
        if op.seq >= self.revoked_from(op.device, op.org, 1 << 62):
            return REVOKED
        return None

    def revoked_from(self, device: str, org: str, default: int) -> int:
        """The first sequence number of `device` refused when it writes for `org`."""
        return min(self.revoked.get(device, default), self.org_revoked.get((device, org), default))

    def org_of_key(self, key_hex: str) -> str | None:
        return next((o for o, info in self.orgs.items() if info["key"] == key_hex), None)


def _valid_successor(prev: Credential, nxt: Credential) -> bool:
    p, n = prev.data, nxt.data
    signer = str(n.get("signer", ""))
    if n["coalition"] != p["coalition"] or n["version"] != p["version"] + 1:
        return False
    if signer not in p["conveners"] or p["orgs"].get(signer, {}).get("key") != nxt.signer_key:
        return False
    # Admission only adds: no organisation can be dropped or given another key.
    return all(n["orgs"].get(org, {}).get("key") == info["key"] for org, info in p["orgs"].items())


def _valid_genesis(cred: Credential) -> bool:
    d = cred.data
    signer = str(d.get("signer", ""))
    # Anyone can hand a joining laptop a "first roster": check its shape before reading it.
    return (cred.kind == "roster" and d["version"] == 1 and d["prev"] == ""
            and isinstance(d["conveners"], list) and signer in d["conveners"]
            and isinstance(d["orgs"], dict) and all(isinstance(v, dict) and isinstance(v.get("key"), str)
                                                    for v in d["orgs"].values())
            and d["orgs"].get(signer, {}).get("key") == cred.signer_key)


def compute_trust(credentials: Iterable[Credential], genesis_id: str) -> Trust | None:
    """The trust state from every credential a store holds; None without a valid first roster."""
    creds = sorted(credentials, key=lambda c: c.id)
    by_id = {c.id: c for c in creds}
    genesis = by_id.get(genesis_id)
    if genesis is None or not _valid_genesis(genesis):
        return None
    rosters = [c for c in creds if c.kind == "roster" and c.data["coalition"] == genesis.data["coalition"]]
    valid = {genesis.id: genesis}
    grew = True
    while grew:
        grew = False
        for cred in rosters:
            prev = valid.get(str(cred.data["prev"]))
            if cred.id not in valid and prev is not None and _valid_successor(prev, cred):
                valid[cred.id] = cred
                grew = True
    current = max(valid.values(), key=lambda c: (c.data["version"], c.id))
    data = current.data
    coalition = str(data["coalition"])
    orgs = {str(k): dict(v) for k, v in data["orgs"].items()}
    key_org = {info["key"]: org for org, info in orgs.items()}
    conveners = frozenset(str(c) for c in data["conveners"])
    trust = Trust(coalition, str(data["name"]), int(data["version"]), current.id, orgs, conveners)
    for cred in creds:
        d = cred.data
        # A certificate made with a join request does not know the coalition yet (""): the
        # organisation key that signs it is what binds it.
        if cred.kind != "device" or d["coalition"] not in (coalition, ""):
            continue
        device, org = str(d["device"]), str(d["org"])
        if key_org.get(cred.signer_key) == org:
            # The first valid certificate (by id) names the laptop, the same on every store.
            trust.devices.setdefault(device, org)
            trust.device_labels.setdefault(device, str(d["label"]))
            trust.certified.setdefault(device, set()).add(org)
        elif org not in orgs:
            trust.waiting_devices.setdefault(device, org)
    convener_keys = {orgs[c]["key"] for c in conveners if c in orgs}
    for cred in creds:
        d = cred.data
        device = str(d.get("device", ""))
        if cred.kind != "revoke" or d["coalition"] != coalition or device not in trust.devices:
            continue
        signer_org = key_org.get(cred.signer_key)
        by_convener = cred.signer_key in convener_keys
        if not by_convener and (signer_org is None or signer_org not in trust.certified[device]):
            continue
        if not isinstance(d["from_seq"], int) or isinstance(d["from_seq"], bool):
            continue  # a malformed revocation must not make the whole store unreadable
        seq = max(1, d["from_seq"])
        if by_convener:
            trust.revoked[device] = min(seq, trust.revoked.get(device, seq))
        else:
            scope = (device, str(signer_org))
            trust.org_revoked[scope] = min(seq, trust.org_revoked.get(scope, seq))
    return trust
