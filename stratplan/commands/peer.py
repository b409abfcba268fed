"""Commands for peer-to-peer needs, offers and matches."""

from __future__ import annotations

import argparse

from sqlalchemy.orm import Session

from stratplan.commands.common import JsonObject, emit, named, read_bytes, say, store_action
from stratplan.core.messages import msg, plural
from stratplan.core.services import (
    coalition,
    peer,
)
from stratplan.core.workspace import Workspace


def cmd_peer(args: argparse.Namespace) -> int:
    with store_action(args) as (ws, s):
        if args.command == "needs" and args.action_name == "import":
            data, text = _import(args, ws, s)
        else:
            codes = {o.id: o.code for o in coalition.list_organisations(s)}
            listing = {"needs": _needs, "offers": _offers}.get(args.command, _matches)
            data, text = listing(s, codes)
    emit(args, data, lambda: text)
    return 0


def _import(args: argparse.Namespace, ws: Workspace, s: Session) -> tuple[object, str]:
    needs, offers = peer.import_csv(s, writer=ws.writer, data=read_bytes(args.file))
    return {"needs": needs, "offers": offers}, say(msg("Imported {needs} and {offers}.",
                                                       needs=plural("{n} need", "{n} needs", needs),
                                                       offers=plural("{n} offer", "{n} offers", offers)))


def _needs(s: Session, codes: dict[str, str]) -> tuple[object, str]:
    data: list[JsonObject] = [{"id": n.id, "organisation": codes.get(n.need.org, "?"), "area": n.need.area,
                               "priority": n.need.priority, "description": n.need.description}
                              for n in peer.list_needs(s)]
    return data, "\n".join(f"{d['organisation']:<6} {named('area', str(d['area'])):<26} "
                           f"{named('priority', str(d['priority'])):<6} {d['description']}" for d in data)


def _offers(s: Session, codes: dict[str, str]) -> tuple[object, str]:
    data: list[JsonObject] = [{"id": o.id, "organisation": codes.get(o.offer.org, "?"), "area": o.offer.area,
                               "name": o.offer.name, "languages": list(o.offer.languages),
                               "formats": list(o.offer.formats), "description": o.offer.description}
                              for o in peer.list_offers(s)]
    return data, "\n".join(f"{d['organisation']:<6} {named('area', str(d['area'])):<26} {d['name']}" for d in data)


def _matches(s: Session, codes: dict[str, str]) -> tuple[object, str]:
    data: list[JsonObject] = [
        {"need_organisation": codes.get(org, "?"), "area": area,
         "matches": [{"organisation": codes.get(m.offer_org, "?"), "offer": m.offer_name,
                      "score": m.score, "shared_languages": list(m.shared_languages),
                      "reasons": list(m.reasons)} for m in ms]}
        for (org, area), ms in peer.matches(s).items()]
    nobody = say(msg("(nobody yet)"))
    return data, "\n".join(f"{d['need_organisation']:<6} {named('area', str(d['area'])):<26} <- "
                           + (", ".join(m["organisation"] for m in d["matches"]) or nobody)
                           for d in data)
