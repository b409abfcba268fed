"""Commands for roles (conveners, coordinators) and delegated votes."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy.orm import Session

from stratplan.commands.common import (
    emit,
    resolve_group,
    resolve_org,
    resolve_round,
    say,
    store_action,
)
from stratplan.core.errors import ValidationError
from stratplan.core.messages import msg
from stratplan.core.services import delegation, role_grants, rounds
from stratplan.core.workspace import Workspace


def _roles_data(s: Session) -> tuple[dict[str, Any], str]:
    listed = role_grants.list_roles(s)
    ignored = role_grants.ignored_grants(s)
    data = {"roles": [{"role": r.role, "org": r.org_id, "code": r.org_code, "name": r.org_name,
                       "group": r.group_id, "group_name": r.group_name} for r in listed],
            "ignored": [{"id": g.id, "role": g.role, "code": g.org_code, "group_name": g.group_name,
                         "signed_by": g.signer_code, "grant": g.granted} for g in ignored]}
    lines = []
    for r in listed:
        role = say(msg("convener")) if r.role == "convener" else say(msg("coordinator of {group}", group=r.group_name))
        lines.append(f"{r.org_code:<8} {r.org_name}  {role}")
    for g in ignored:
        lines.append(say(msg("Does not count: a grant signed by {signer}, who is not a convener ({code}).",
                             signer=g.signer_code, code=g.org_code)))
    return data, "\n".join(lines)


def cmd_role(args: argparse.Namespace) -> int:
    with store_action(args) as (ws, s):
        if args.action_name != "list":
            _change_role(args, ws, s)
        data, text = _roles_data(s)
    emit(args, data, lambda: text)
    return 0


def _change_role(args: argparse.Namespace, ws: Workspace, s: Session) -> None:
    org = resolve_org(s, args.org)
    present = args.action_name == "grant"
    if args.role == "coordinator":
        if not args.group:
            raise ValidationError("Name the working group the coordinator runs, with --group.")
        role_grants.set_coordinator(s, writer=ws.writer, group_id=resolve_group(s, args.group), org_id=org,
                                    present=present)
    else:
        if args.group:
            raise ValidationError("A convener convenes the whole coalition: leave out --group.")
        from stratplan.core.sync import held, keys

        # A shared coalition's conveners are in its roster, signed with our organisation's key.
        org_key = keys.org_key(ws) if held.genesis_id(s) else None
        role_grants.set_convener(s, writer=ws.writer, org_id=org, present=present, org_key=org_key)


def _mandates_data(s: Session, rid: str) -> tuple[dict[str, Any], str]:
    listed = delegation.list_mandates(s, round_id=rid)
    result = rounds.tally(s, round_id=rid)
    data = {"round": rid, "title": result.round.title, "status": result.round.status,
            "mandates": [{"id": m.id, "kind": m.kind, "code": m.org_code, "delegate": m.delegate_code,
                          "state": m.state, "reason": m.reason.english() if m.reason else ""} for m in listed],
            "roll_call": delegation.roll_call_json(result.roll_call)}
    lines = [result.round.title]
    for m in listed:
        what = (say(msg("{org} gives its vote to {delegate}", org=m.org_code, delegate=m.delegate_code))
                if m.kind == "give" else say(msg("{org} withdraws its vote", org=m.org_code)))
        why = f" ({say(m.reason)})" if m.reason else ""
        lines.append(f"  {what}: {say(_STATES[m.state])}{why}")
    for e in result.roll_call:
        if e.how == delegation.BY_DELEGATION:
            how = say(msg("by delegation, through {org}", org=e.through_code))
        elif e.how == delegation.IN_PERSON:
            how = say(msg("in person"))
        else:
            how = say(msg("did not vote"))
        lines.append(f"{e.code:<8} {how}")
    return data, "\n".join(lines)


_STATES = {"counts": msg("counts"), "unused": msg("not needed: it voted itself"), "withdrawn": msg("withdrawn"),
           "replaced": msg("replaced"), "ignored": msg("does not count")}


def cmd_delegate(args: argparse.Namespace) -> int:
    with store_action(args) as (ws, s):
        rid = resolve_round(s, args.round)
        if args.action_name == "give":
            delegation.give_vote(s, writer=ws.writer, round_id=rid, delegate_org=resolve_org(s, args.org))
        elif args.action_name == "withdraw":
            delegation.withdraw_vote(s, writer=ws.writer, round_id=rid)
        data, text = _mandates_data(s, rid)
    emit(args, data, lambda: text)
    return 0
