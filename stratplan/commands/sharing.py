"""Commands for the shared coalition (roster, joining, laptops) and for exchanging changes."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stratplan.commands.common import emit, open_workspace_for, store_action
from stratplan.core.errors import ValidationError
from stratplan.core.oplog.identity import DeviceIdentity
from stratplan.core.services import sharing
from stratplan.core.services.coalition import coalition_info, create_coalition
from stratplan.core.sync import actions, folder, forks, keys
from stratplan.core.sync.importer import ImportSummary


def _need(args: argparse.Namespace, *names: str) -> None:
    missing = [f"--{n.replace('_', '-')}" for n in names if not getattr(args, n, None)]
    if missing:
        raise ValidationError("Also give {missing}.", missing=', '.join(missing))


def _roster_text(view: sharing.RosterView) -> str:
    if not view.shared:
        return ("This store is waiting for the convener's reply to its join request." if view.pending_join
                else "This coalition is not set up for sharing.")
    lines = [f"{view.name} — roster version {view.version}"]
    for org in view.organisations:
        mark = " (convener)" if org.convener else ""
        lines.append(f"  {org.code:<8} {org.name}{mark}   key {org.fingerprint}")
        for d in org.devices:
            state = f"  revoked from #{d.revoked_from}" if d.revoked_from else ""
            here = "  (this laptop)" if d.this_laptop else ""
            lines.append(f"      laptop {d.device_id[:8]} {d.label}  {d.fingerprint}{state}{here}")
    if view.held:
        lines.append("Held: " + ", ".join(f"{n} {k}" for k, n in sorted(view.held.items())))
    return "\n".join(lines)


def cmd_coalition(args: argparse.Namespace) -> int:
    data, text = _COALITION_ACTIONS[args.action](args)
    emit(args, data, lambda: text)
    return 0


def _create(args: argparse.Namespace) -> tuple[Any, str]:
    with store_action(args) as (ws, s):
        existing = coalition_info(s)
        if existing is None:
            _need(args, "name", "org_name", "org_code", "country", "language", "person")
            create_coalition(s, writer=ws.writer, name=args.name, description=args.description,
                             org_name=args.org_name, org_code=args.org_code, country=args.country,
                             language=args.language, person_name=args.person)
        key = DeviceIdentity.generate()
        sharing.start_sharing(s, writer=ws.writer, org_key=key)
        keys.save_org_key(ws, ws.profile.org_id, key)
        view = sharing.roster_view(s, ws.identity.device_id)
    return view.as_dict(), _roster_text(view) + "\nCompare the key fingerprints aloud when people join."


def _join(args: argparse.Namespace) -> tuple[Any, str]:
    path = Path(args.out)
    with store_action(args) as (ws, s):
        if not args.device:
            _need(args, "org_name", "org_code", "country", "language", "person")
        data = sharing.request_to_join(
            ws, s, device_only=args.device, label=args.label,
            **({} if args.device else {"name": args.org_name, "code": args.org_code, "country": args.country,
                                       "language": args.language, "person_name": args.person}))
        _write(path, data)
        fp = ws.identity.fingerprint
    return ({"request": str(path), "laptop_fingerprint": fp},
            f"Wrote {path}. Send it to the convener (or your organisation's other laptop), then import the "
            f"reply with `stratplan sync import`. This laptop's fingerprint: {fp}")


def _admit(args: argparse.Namespace) -> tuple[Any, str]:
    with open_workspace_for(args) as ws:
        request = sharing.read_request(Path(args.request))
        # Two transactions: `send` reads the store in a transaction of its own, so the
        # admission must be committed before the reply bundle that carries it is written.
        with ws.store.transaction() as s:
            if args.action == "admit":
                result = sharing.admit(s, writer=ws.writer, convener_key=keys.org_key(ws), request=request)
            else:
                result = sharing.certify_device(s, org_key=keys.org_key(ws), request=request)
        sent = actions.send(ws, Path(args.out))
    what = "Admitted" if args.action == "admit" else "Certified a laptop of"
    return ({"organisation": result.org_id, "name": result.name, "fingerprint": result.fingerprint,
             "roster_version": result.roster_version, "device": result.device_id, "reply": sent.path,
             "operations": sent.operations},
            f"{what} {result.name} (key {result.fingerprint}: compare it aloud). Roster version "
            f"{result.roster_version}. Reply written to {sent.path} ({sent.operations} operations).")


def _revoke(args: argparse.Namespace) -> tuple[Any, str]:
    with store_action(args) as (ws, s):
        # Our organisation's key signs: it may revoke our own laptops, or any laptop when we convene.
        device, seq = sharing.revoke(s, signer_key=keys.org_key(ws), device=args.device,
                                     from_seq=args.from_seq, reason=args.reason)
    return ({"device": device, "from_seq": seq},
            f"Laptop {device[:8]} is revoked from operation #{seq} on. Send changes so every laptop learns it.")


def _show(args: argparse.Namespace) -> tuple[Any, str]:
    with store_action(args) as (ws, s):
        view = sharing.roster_view(s, ws.identity.device_id)
        found = forks.list_forks(s, local_device=ws.identity.device_id)
        moved = forks.successors(s)
    data = dict(view.as_dict(), forks=[dict(f.__dict__, op_ids=list(f.op_ids)) for f in found],
                identity_changes=[m.__dict__ for m in moved])
    notes = [f.text() for f in found] + [m.text() for m in moved[-1:]]
    return data, "\n".join([_roster_text(view), *notes])


_COALITION_ACTIONS: dict[str, Callable[[argparse.Namespace], tuple[Any, str]]] = {
    "create": _create, "join": _join, "admit": _admit, "certify-device": _admit, "revoke": _revoke, "show": _show,
}


def _write(path: Path, data: bytes) -> None:
    try:
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        raise ValidationError("Cannot write {path}: {strerror}.",
                              path=path, strerror=exc.strerror) from exc


def import_text(summary: ImportSummary) -> str:
    """A director's summary of one import."""
    lines = [f"{summary.source}: {summary.new} new operations, {summary.already_here} already here."]
    if summary.joined:
        lines.append("  This laptop has joined the coalition.")
    for org in summary.organisations:
        lines.append(f"  {org.name}: {org.new_proposals} new proposals, {org.revisions} revisions, "
                     f"{org.ballots} ballots, {org.comments} comments, {org.conflicts} with conflicts")
    if summary.waiting_admission:
        lines.append(f"  {summary.waiting_admission} operations wait until their organisation is admitted.")
    if summary.gaps:
        lines.append(f"  {summary.gaps} operations wait for changes not received yet (gaps).")
    if summary.revoked:
        lines.append(f"  {summary.revoked} operations of revoked laptops are ignored.")
    if summary.forks:
        lines.append(f"  {summary.forks} operations fork a laptop's history (it was restored from a backup): "
                     "both versions are kept. See `stratplan coalition show`.")
    if summary.own_device_forked:
        lines.append("  This laptop was restored from a backup: it continues under a new laptop identity.")
    return "\n".join(lines)


def cmd_sync(args: argparse.Namespace) -> int:
    # Bundles and the folder import file by file, each in its own transaction: no store_action.
    with open_workspace_for(args) as ws:
        if args.action == "export":
            sent = actions.send(ws, Path(args.file), peer=args.peer)
            data: Any = sent.__dict__
            text = f"Wrote {sent.path}: {sent.operations} operations" + (f" for {sent.peer}." if sent.peer else ".")
        elif args.action == "import":
            results = actions.receive(ws, [Path(f) for f in args.files])
            data = [r.as_dict() for r in results]
            text = "\n".join(import_text(r) for r in results)
        elif args.action == "folder":
            result = folder.sync_folder(ws, Path(args.path))
            data = result.as_dict()
            text = "\n".join([f"Shared folder {result.folder}: wrote {result.written_operations} operations"
                              + (f" ({result.written})" if result.written else ""),
                              *(import_text(r) for r in result.imported),
                              *(f"  {w}: still being copied, tried again next time" for w in result.waiting),
                              *(f"  {f}: refused: {r}" for f, r in result.refused)])
        else:
            from stratplan.core.sync import hub

            with ws.store.transaction() as s:
                pushed = hub.sync_hub(s, args.url, identity=ws.identity, local_device=ws.identity.device_id,
                                      clock=ws.writer.clock)
            data = pushed.as_dict()
            text = f"Hub: pushed {pushed.pushed}, pulled {pushed.pulled} operations.\n" + import_text(pushed.imported)
    emit(args, data, lambda: text)
    return 0
