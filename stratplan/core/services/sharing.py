"""The shared coalition: roster versions, joining, admitting, certifying and revoking laptops."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stratplan.core import changes
from stratplan.core.db.models import (
    LocalState,
    Organisation,
    Person,
    StoreMeta,
    SyncCredential,
    SyncDevice,
    SyncOp,
    SyncPeer,
)
from stratplan.core.errors import BadFileError, ForgedDataError, NotFoundError, ValidationError
from stratplan.core.messages import msg
from stratplan.core.oplog import canonical
from stratplan.core.oplog.identity import DeviceIdentity, device_id_of, fingerprint
from stratplan.core.oplog.writer import OpWriter, new_id
from stratplan.core.services.coalition import (
    add_organisation,
    add_person,
    clean_org_fields,
    coalition_info,
    create_coalition,
)
from stratplan.core.sync import held
from stratplan.core.sync.credentials import Credential, make_credential, parse_credential
from stratplan.core.sync.keys import save_org_key
from stratplan.core.sync.trust import Trust
from stratplan.core.workspace import Workspace

REQUEST_MARK = "stratplan-request"
MAX_REQUEST_BYTES = 64 * 1024


@dataclass(frozen=True)
class DeviceView:
    device_id: str
    label: str
    fingerprint: str
    revoked_from: int | None
    this_laptop: bool


@dataclass(frozen=True)
class OrgView:
    org_id: str
    name: str
    code: str
    country: str
    fingerprint: str
    convener: bool
    devices: list[DeviceView]


@dataclass(frozen=True)
class PeerView:
    device_id: str
    label: str
    seen_at: int


@dataclass(frozen=True)
class RosterView:
    """What `coalition show` and the Coalition window display."""

    shared: bool
    coalition: str
    name: str
    version: int
    organisations: list[OrgView]
    waiting: list[str]
    held: dict[str, int]
    peers: list[PeerView]
    pending_join: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"shared": self.shared, "coalition": self.coalition, "name": self.name, "version": self.version,
                "organisations": [dict(o.__dict__, devices=[d.__dict__ for d in o.devices])
                                  for o in self.organisations],
                "waiting": self.waiting, "held": self.held, "peers": [p.__dict__ for p in self.peers],
                "pending_join": self.pending_join}


@dataclass(frozen=True)
class Request:
    """A verified join or device request read from a file."""

    kind: str
    data: dict[str, Any]
    signer_fingerprint: str
    device_cert: Credential | None = None


@dataclass
class AdmitResult:
    org_id: str
    name: str
    fingerprint: str
    roster_version: int
    device_id: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- helpers


def _store_credentials(session: Session, creds: list[Credential]) -> None:
    """Store new credentials and re-decide which operations apply."""
    # The roster and laptops bypass the materialiser: say so, for the windows that show them.
    changes.note(session, flags=("roster",))
    for cred in creds:
        if session.get(SyncCredential, cred.id) is None:
            session.add(SyncCredential(id=cred.id, kind=cred.kind, body=cred.body, sig=cred.sig))
    session.flush()
    changed = held.update_held(session, held.load_trust(session), None)
    held.reapply(session, changed)


def _trust(session: Session) -> Trust:
    trust = held.load_trust(session)
    if trust is None:
        raise NotFoundError("This coalition is not set up for sharing yet.")
    return trust


def _device_cert(org_key: DeviceIdentity, *, coalition: str, org: str, device: DeviceIdentity | str,
                 device_key: str = "", label: str) -> Credential:
    device_id = device.device_id if isinstance(device, DeviceIdentity) else device
    key = device.public_key.hex() if isinstance(device, DeviceIdentity) else device_key
    return make_credential(org_key.private_key, {"type": "device", "coalition": coalition, "org": org,
                                                 "device": device_id, "device_key": key,
                                                 "label": label[:100]})


def _roster(signer: DeviceIdentity, *, coalition: str, name: str, version: int, orgs: dict[str, Any],
            conveners: list[str], signer_org: str, prev: str) -> Credential:
    return make_credential(signer.private_key, {"type": "roster", "coalition": coalition, "name": name,
                                                "version": version, "orgs": orgs, "conveners": sorted(conveners),
                                                "signer": signer_org, "prev": prev})


# ---------------------------------------------------------------- convener


def start_sharing(session: Session, *, writer: OpWriter, org_key: DeviceIdentity,
                  label: str = "convener's laptop") -> int:
    """Make this store's coalition shareable: roster version 1, signed by this organisation's key."""
    if held.genesis_id(session):
        raise ValidationError("This coalition is already set up for sharing.")
    profile = writer.profile
    org = session.get(Organisation, profile.org_id)
    if org is None or not profile.coalition_id:
        raise NotFoundError("Create the coalition first.")
    if (session.scalar(select(func.count()).select_from(Organisation)) or 0) > 1:
        raise ValidationError("Only a coalition started on this laptop, with no other organisation yet, can be "
                              "shared; the demo coalition cannot be.")
    info = coalition_info(session)
    assert info is not None
    orgs = {org.id: {"key": org_key.public_key.hex(), "name": org.name, "code": org.code,
                     "country": org.country, "language": org.language}}
    genesis = _roster(org_key, coalition=profile.coalition_id, name=info.name, version=1, orgs=orgs,
                      conveners=[org.id], signer_org=org.id, prev="")
    cert = _device_cert(org_key, coalition=profile.coalition_id, org=org.id, device=writer.identity, label=label)
    session.merge(StoreMeta(key=held.GENESIS_KEY, value=genesis.id))
    _store_credentials(session, [genesis, cert])
    return 1


def create_shared_coalition(session: Session, *, writer: OpWriter, org_key: DeviceIdentity,
                            **values: Any) -> str:
    """A new coalition, ready to be shared from its first minute."""
    info = create_coalition(session, writer=writer, **values)
    start_sharing(session, writer=writer, org_key=org_key)
    return info.id


def set_roster_convener(session: Session, *, convener_key: DeviceIdentity, org_id: str, present: bool) -> bool:
    """Name an organisation of the roster a convener (or no longer one) in a new roster version,
    signed by this convener; False when nothing changes."""
    trust = _trust(session)
    me = trust.org_of_key(convener_key.public_key.hex())
    if me is None or me not in trust.conveners:
        raise ValidationError("Only a convener of the coalition can change its conveners, with the convener "
                              "organisation's key.")
    if org_id not in trust.orgs:
        raise ValidationError("This organisation is not in the coalition's signed roster yet: admit it first.")
    conveners = set(trust.conveners) | {org_id} if present else set(trust.conveners) - {org_id}
    if conveners == set(trust.conveners):
        return False
    if not conveners:
        raise ValidationError("A coalition needs at least one convener.")
    roster = _roster(convener_key, coalition=trust.coalition, name=trust.name, version=trust.version + 1,
                     orgs=dict(trust.orgs), conveners=sorted(conveners), signer_org=me, prev=trust.roster_id)
    _store_credentials(session, [roster])
    return True


def admit(session: Session, *, writer: OpWriter, convener_key: DeviceIdentity, request: Request) -> AdmitResult:
    """Add an organisation to the roster (a new version, signed by this convener)."""
    if request.kind != "join" or request.device_cert is None:
        raise ValidationError("This is not an organisation's join request (for a second laptop, certify it).")
    trust = _trust(session)
    me = trust.org_of_key(convener_key.public_key.hex())
    if me is None or me not in trust.conveners:
        raise ValidationError("Only a convener of the coalition can admit organisations, with the convener "
                              "organisation's key.")
    d = request.data
    org_id, key = str(d["org"]), str(d["signer_key"])
    if org_id in trust.orgs and trust.orgs[org_id]["key"] != key:
        raise ValidationError("An organisation with this id is already a member with another key.")
    orgs = dict(trust.orgs)
    orgs[org_id] = {"key": key, "name": str(d["name"]), "code": str(d["code"]), "country": str(d["country"]),
                    "language": str(d["language"])}
    creds = [request.device_cert]
    version = trust.version
    if org_id not in trust.orgs:
        version += 1
        creds.insert(0, _roster(convener_key, coalition=trust.coalition, name=trust.name, version=version,
                                orgs=orgs, conveners=sorted(trust.conveners), signer_org=me, prev=trust.roster_id))
    _store_credentials(session, creds)
    add_organisation(session, writer=writer, name=str(d["name"]), code=str(d["code"]), country=str(d["country"]),
                     language=str(d["language"]), org_id=org_id)
    if session.get(Person, str(d["person"])) is None:
        add_person(session, writer=writer, name=str(d["person_name"]), role="director", org_id=org_id,
                   person_id=str(d["person"]))
    return AdmitResult(org_id, str(d["name"]), fingerprint(bytes.fromhex(key)), version,
                       device_id=str(request.device_cert.data["device"]))


def start_shared_coalition(ws: Workspace, session: Session, **values: Any) -> str:
    """A new coalition that can be shared from its first minute; this laptop convenes it."""
    key = DeviceIdentity.generate()
    coalition_id = create_shared_coalition(session, writer=ws.writer, org_key=key, **values)
    save_org_key(ws, ws.profile.org_id, key)
    return coalition_id


# ---------------------------------------------------------------- members


def make_join_request(session: Session, *, identity: DeviceIdentity, org_key: DeviceIdentity, org_id: str,
                      name: str, code: str, country: str, language: str, person_name: str,
                      label: str = "director's laptop") -> bytes:
    """A signed request to join, for the convener; remembers that this store is waiting for the reply."""
    if held.genesis_id(session) or session.scalar(select(SyncOp.id).limit(1)) is not None:
        raise ValidationError("This store already holds a coalition; join from a new, empty store.")
    fields = clean_org_fields(name=name, code=code, country=country, language=language)
    person = person_name.strip()
    if not person or len(person) > 200:
        raise ValidationError("Your name is required (up to 200 characters).")
    person_id = new_id()
    cert = _device_cert(org_key, coalition="", org=org_id, device=identity, label=label)
    data = {"type": "join", "org": org_id, **fields, "person": person_id, "person_name": person,
            "device_cert": {"body": cert.body, "sig": cert.sig}}
    request = make_credential(org_key.private_key, data)
    session.merge(LocalState(key="join.pending", value=json.dumps({"kind": "org", "org": org_id,
                                                                   "person": person_id})))
    return _request_file(request)


def make_device_request(session: Session, *, identity: DeviceIdentity, label: str = "second laptop") -> bytes:
    """A signed request for this laptop to be certified by its organisation's other laptop."""
    if held.genesis_id(session) or session.scalar(select(SyncOp.id).limit(1)) is not None:
        raise ValidationError("This store already holds a coalition; ask from a new, empty store.")
    request = make_credential(identity.private_key, {"type": "device-request", "device": identity.device_id,
                                                     "device_key": identity.public_key.hex(), "label": label[:100]})
    session.merge(LocalState(key="join.pending", value=json.dumps({"kind": "device", "org": "", "person": ""})))
    return _request_file(request)


def request_to_join(ws: Workspace, session: Session, *, device_only: bool = False, label: str = "",
                    **values: str) -> bytes:
    """The request file's bytes: a new organisation (its key is made and kept here) or a second laptop."""
    if device_only:
        return make_device_request(session, identity=ws.identity, label=label or "second laptop")
    org_id = new_id()
    key = DeviceIdentity.generate()
    data = make_join_request(session, identity=ws.identity, org_key=key, org_id=org_id,
                             label=label or "director's laptop", **values)
    save_org_key(ws, org_id, key)
    return data


def _request_file(cred: Credential) -> bytes:
    return canonical.encode({"format": REQUEST_MARK, "body": cred.body, "sig": cred.sig})


def read_request(path: Path) -> Request:
    """Read and verify a join or device request file."""
    try:
        if path.stat().st_size > MAX_REQUEST_BYTES:
            raise BadFileError("{name} is far too large to be a join request.", name=path.name)
        raw = path.read_bytes()
    except OSError as exc:
        raise BadFileError("Cannot read {name}: {strerror}.",
                           name=path.name, strerror=exc.strerror) from exc
    not_a_request = msg("{name} is not a StratPlan join request (it is damaged, or another kind of "
                        "file).", name=path.name)
    try:
        doc = canonical.decode(raw)
    except (BadFileError, ValueError, RecursionError) as exc:
        raise BadFileError(not_a_request) from exc
    if not isinstance(doc, dict) or doc.get("format") != REQUEST_MARK:
        raise BadFileError(not_a_request)
    try:
        cred = parse_credential(str(doc["body"]), str(doc["sig"]))
    except (KeyError, TypeError, ValueError, RecursionError) as exc:
        raise BadFileError(not_a_request) from exc
    except ForgedDataError as exc:
        raise ForgedDataError("{name} was changed after it was signed; do not accept it ({exc})",
                              name=path.name, exc=exc) from exc
    signer = bytes.fromhex(cred.signer_key)
    if cred.kind == "join":
        inner = cred.data["device_cert"]
        try:
            device_cert = parse_credential(str(inner["body"]), str(inner["sig"]))
        except (KeyError, TypeError, ValueError, RecursionError) as exc:
            raise BadFileError("{name} has a damaged laptop certificate.", name=path.name) from exc
        if device_cert.kind != "device" or device_cert.signer_key != cred.signer_key \
                or device_cert.data["org"] != cred.data["org"]:
            raise ForgedDataError("{name}: the laptop certificate is not signed by the "
                                  "organisation's key.", name=path.name)
        return Request("join", cred.data, fingerprint(signer), device_cert)
    if cred.kind == "device-request":
        if device_id_of(signer) != cred.data["device"] or cred.data["device_key"] != cred.signer_key:
            raise ForgedDataError("{name} is not signed by the laptop it names.", name=path.name)
        return Request("device", cred.data, fingerprint(signer))
    raise BadFileError("{name} is not a StratPlan join request.", name=path.name)


def certify_device(session: Session, *, org_key: DeviceIdentity, request: Request) -> AdmitResult:
    """Certify a second laptop of this organisation (signed by the organisation's key)."""
    if request.kind != "device":
        raise ValidationError("This is an organisation's join request: the convener admits it.")
    trust = _trust(session)
    org = trust.org_of_key(org_key.public_key.hex())
    if org is None:
        raise ValidationError("This organisation's key is not in the coalition's roster.")
    d = request.data
    cert = _device_cert(org_key, coalition=trust.coalition, org=org, device=str(d["device"]),
                        device_key=str(d["device_key"]), label=str(d["label"]))
    _store_credentials(session, [cert])
    return AdmitResult(org, str(trust.orgs[org]["name"]), request.signer_fingerprint, trust.version,
                       device_id=str(d["device"]))


def revoke(session: Session, *, signer_key: DeviceIdentity, device: str, from_seq: int | None = None,
           reason: str = "") -> tuple[str, int]:
    """Revoke a laptop from a sequence number on (default: after the last operation held here)."""
    trust = _trust(session)
    matches = [d for d in trust.devices if d.startswith(device.strip().lower())] if len(device.strip()) >= 6 else []
    if len(matches) != 1:
        raise NotFoundError("No single certified laptop has an id starting with '{device}'.",
                            device=device)
    target = matches[0]
    signer_org = trust.org_of_key(signer_key.public_key.hex())
    if signer_org is None or (signer_org not in trust.certified[target] and signer_org not in trust.conveners):
        raise ValidationError("Only the laptop's own organisation or a convener can revoke it.")
    if from_seq is None:
        from_seq = (session.scalar(select(func.max(SyncOp.seq)).where(SyncOp.device == target)) or 0) + 1
    if from_seq < 1:
        raise ValidationError("The sequence number must be 1 or more.")
    cred = make_credential(signer_key.private_key, {"type": "revoke", "coalition": trust.coalition,
                                                    "device": target, "from_seq": from_seq,
                                                    "reason": reason.strip()[:500]})
    _store_credentials(session, [cred])
    return target, from_seq


def roster_view(session: Session, local_device: str) -> RosterView:
    """The roster, laptops, held operations and peers, for display."""
    pending = session.get(LocalState, "join.pending") is not None
    peers = [PeerView(p.device_id, p.label, p.seen_at) for p in session.scalars(select(SyncPeer))]
    trust = held.load_trust(session)
    if trust is None:
        return RosterView(False, "", "", 0, [], [], {}, peers, pending)
    orgs = []
    for org_id, info in sorted(trust.orgs.items(), key=lambda kv: str(kv[1]["name"]).casefold()):
        devices = [DeviceView(d, trust.device_labels.get(d, ""), _device_fp(session, d),
                              _revoked_from(trust, d, org_id), d == local_device)
                   for d, certified_by in sorted(trust.certified.items()) if org_id in certified_by]
        orgs.append(OrgView(org_id, str(info["name"]), str(info["code"]), str(info["country"]),
                            fingerprint(bytes.fromhex(str(info["key"]))), org_id in trust.conveners, devices))
    waiting = sorted(set(trust.waiting_devices.values()))
    return RosterView(True, trust.coalition, trust.name, trust.version, orgs, waiting,
                      held.held_counts(session), peers, pending)


def _revoked_from(trust: Trust, device: str, org: str) -> int | None:
    never = 1 << 62
    seq = trust.revoked_from(device, org, never)
    return None if seq == never else seq


def _device_fp(session: Session, device: str) -> str:
    row = session.get(SyncDevice, device)
    return fingerprint(bytes.fromhex(row.public_key)) if row else ""


# ---------------------------------------------------------------- this laptop's own settings


def local_setting(session: Session, key: str) -> str:
    """A value only this laptop keeps (the shared folder, the hub address); "" when unset."""
    row = session.get(LocalState, key)
    return row.value if row else ""


def set_local_setting(session: Session, *, key: str, value: str) -> None:
    """Remember a value on this laptop only (never shared)."""
    session.merge(LocalState(key=key, value=value))
