"""Commands for the shared coalition (roster, joining, laptops) and for exchanging changes."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stratplan.commands.common import emit, open_workspace_for, say, store_action
from stratplan.core.errors import ValidationError
from stratplan.core.messages import msg, plural
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
        return say(msg("This store is waiting for the convener's reply to its join request.") if view.pending_join
                   else msg("This coalition is not set up for sharing."))
    lines = [say(msg("{name} — roster version {version}", name=view.name, version=view.version))]
    convener, key, laptop, here = (say(msg("(convener)")), say(msg("key")), say(msg("laptop")),
                                   say(msg("(this laptop)")))
    for org in view.organisations:
        mark = f" {convener}" if org.convener else ""
        lines.append(f"  {org.code:<8} {org.name}{mark}   {key} {org.fingerprint}")
        for d in org.devices:
            state = "  " + say(msg("revoked from #{seq}", seq=d.revoked_from)) if d.revoked_from else ""
            mine = f"  {here}" if d.this_laptop else ""
            lines.append(f"      {laptop} {d.device_id[:8]} {d.label}  {d.fingerprint}{state}{mine}")
    if view.held:
        lines.append(say(msg("Held: {counts}", counts=", ".join(f"{n} {k}" for k, n in sorted(view.held.items())))))
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
    return view.as_dict(), _roster_text(view) + "\n" + say(msg("Compare the key fingerprints aloud when people join."))


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
            say(msg("Wrote {path}. Send it to the convener (or your organisation's other laptop), then import "
                    "the reply with `stratplan sync import`. This laptop's fingerprint: {fingerprint}",
                    path=path, fingerprint=fp)))


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
    values = {"name": result.name, "fingerprint": result.fingerprint, "version": result.roster_version,
              "reply": sent.path, "operations": plural("{n} operation", "{n} operations", sent.operations)}
    text = (msg("Admitted {name} (key {fingerprint}: compare it aloud). Roster version {version}. Reply written "
                "to {reply} ({operations}).", **values) if args.action == "admit" else
            msg("Certified a laptop of {name} (key {fingerprint}: compare it aloud). Roster version {version}. "
                "Reply written to {reply} ({operations}).", **values))
    return ({"organisation": result.org_id, "name": result.name, "fingerprint": result.fingerprint,
             "roster_version": result.roster_version, "device": result.device_id, "reply": sent.path,
             "operations": sent.operations}, say(text))


def _revoke(args: argparse.Namespace) -> tuple[Any, str]:
    with store_action(args) as (ws, s):
        # Our organisation's key signs: it may revoke our own laptops, or any laptop when we convene.
        device, seq = sharing.revoke(s, signer_key=keys.org_key(ws), device=args.device,
                                     from_seq=args.from_seq, reason=args.reason)
    return ({"device": device, "from_seq": seq},
            say(msg("Laptop {device} is revoked from operation #{seq} on. Send changes so every laptop learns it.",
                    device=device[:8], seq=seq)))


def _show(args: argparse.Namespace) -> tuple[Any, str]:
    with store_action(args) as (ws, s):
        view = sharing.roster_view(s, ws.identity.device_id)
        found = forks.list_forks(s, local_device=ws.identity.device_id)
        moved = forks.successors(s)
    data = dict(view.as_dict(), forks=[dict(f.__dict__, op_ids=list(f.op_ids)) for f in found],
                identity_changes=[m.__dict__ for m in moved])
    notes = [say(f.text()) for f in found] + [say(m.text()) for m in moved[-1:]]
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
    """A director's summary of one import, in the command line's language and plural forms."""
    lines = [say(msg("{source}: {new}, {known}.", source=summary.source,
                     new=plural("{n} new operation", "{n} new operations", summary.new),
                     known=plural("{n} already here", "{n} already here", summary.already_here)))]
    if summary.joined:
        lines.append("  " + say(msg("This laptop has joined the coalition.")))
    for org in summary.organisations:
        counts = [plural("{n} new proposal", "{n} new proposals", org.new_proposals),
                  plural("{n} revision", "{n} revisions", org.revisions),
                  plural("{n} ballot", "{n} ballots", org.ballots),
                  plural("{n} comment", "{n} comments", org.comments),
                  plural("{n} with conflicts", "{n} with conflicts", org.conflicts)]
        if org.amendments:
            counts.insert(3, plural("{n} amendment", "{n} amendments", org.amendments))
        lines.append(f"  {org.name}: " + ", ".join(say(c) for c in counts))
    notes = [
        (summary.waiting_admission, plural("{n} operation waits until its organisation is admitted.",
                                           "{n} operations wait until their organisation is admitted.",
                                           summary.waiting_admission)),
        (summary.gaps, plural("{n} operation waits for changes not received yet (gaps).",
                              "{n} operations wait for changes not received yet (gaps).", summary.gaps)),
        (summary.revoked, plural("{n} operation of a revoked laptop is ignored.",
                                 "{n} operations of revoked laptops are ignored.", summary.revoked)),
        (summary.forks, plural("{n} operation forks a laptop's history (it was restored from a backup): both "
                               "versions are kept. See `stratplan coalition show`.",
                               "{n} operations fork a laptop's history (it was restored from a backup): both "
                               "versions are kept. See `stratplan coalition show`.", summary.forks)),
        (summary.own_device_forked, msg("This laptop was restored from a backup: it continues under a new "
                                        "laptop identity.")),
    ]
    lines.extend("  " + say(note) for present, note in notes if present)
    return "\n".join(lines)


def cmd_sync(args: argparse.Namespace) -> int:
    # Bundles and the folder import file by file, each in its own transaction: no store_action.
    with open_workspace_for(args) as ws:
        if args.action == "export":
            sent = actions.send(ws, Path(args.file), peer=args.peer)
            data: Any = sent.__dict__
            operations = plural("{n} operation", "{n} operations", sent.operations)
            text = say(msg("Wrote {path}: {operations} for {peer}.", path=sent.path, operations=operations,
                           peer=sent.peer) if sent.peer else
                       msg("Wrote {path}: {operations}.", path=sent.path, operations=operations))
        elif args.action == "import":
            results = actions.receive(ws, [Path(f) for f in args.files])
            data = [r.as_dict() for r in results]
            text = "\n".join(import_text(r) for r in results)
        elif args.action == "folder":
            result = folder.sync_folder(ws, Path(args.path))
            data = result.as_dict()
            wrote = say(plural("Shared folder {folder}: wrote {n} operation",
                               "Shared folder {folder}: wrote {n} operations", result.written_operations,
                               folder=result.folder))
            text = "\n".join([wrote + (f" ({result.written})" if result.written else ""),
                              *(import_text(r) for r in result.imported),
                              *("  " + say(msg("{file}: still being copied, tried again next time", file=w))
                                for w in result.waiting),
                              *("  " + say(msg("{file}: refused: {reason}", file=f, reason=r))
                                for f, r in result.refused)])
        else:
            from stratplan.core.sync import hub

            with ws.store.transaction() as s:
                pushed = hub.sync_hub(s, args.url, identity=ws.identity, local_device=ws.identity.device_id,
                                      clock=ws.writer.clock)
            data = pushed.as_dict()
            text = say(msg("Hub: {pushed}, {pulled}.",
                           pushed=plural("pushed {n} operation", "pushed {n} operations", pushed.pushed),
                           pulled=plural("pulled {n} operation", "pulled {n} operations", pushed.pulled)))
            text += "\n" + import_text(pushed.imported)
    emit(args, data, lambda: text)
    return 0
