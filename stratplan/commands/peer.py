"""Commands for peer-to-peer needs, offers and matches."""

from __future__ import annotations

import argparse
from typing import Any

from stratplan.commands.common import emit, read_bytes, store_action
from stratplan.core.services import (
    coalition,
    peer,
)


def cmd_peer(args: argparse.Namespace) -> int:
    with store_action(args) as (ws, s):
        codes = {o.id: o.code for o in coalition.list_organisations(s)}
        if args.command == "needs" and args.action_name == "import":
            needs, offers = peer.import_csv(s, writer=ws.writer, data=read_bytes(args.file))
            data: Any = {"needs": needs, "offers": offers}
            text = f"Imported {needs} needs and {offers} offers."
        elif args.command == "needs":
            data = [{"id": n.id, "organisation": codes.get(n.need.org, "?"), "area": n.need.area,
                     "priority": n.need.priority, "description": n.need.description}
                    for n in peer.list_needs(s)]
            text = "\n".join(f"{d['organisation']:<6} {d['area']:<26} {d['priority']:<6} {d['description']}"
                             for d in data)
        elif args.command == "offers":
            data = [{"id": o.id, "organisation": codes.get(o.offer.org, "?"), "area": o.offer.area,
                     "name": o.offer.name, "languages": list(o.offer.languages),
                     "formats": list(o.offer.formats), "description": o.offer.description}
                    for o in peer.list_offers(s)]
            text = "\n".join(f"{d['organisation']:<6} {d['area']:<26} {d['name']}" for d in data)
        else:
            found = peer.matches(s)
            data = [{"need_organisation": codes.get(org, "?"), "area": area,
                     "matches": [{"organisation": codes.get(m.offer_org, "?"), "offer": m.offer_name,
                                  "score": m.score, "shared_languages": list(m.shared_languages),
                                  "reasons": list(m.reasons)} for m in ms]}
                    for (org, area), ms in found.items()]
            text = "\n".join(f"{d['need_organisation']:<6} {d['area']:<26} <- "
                             + (", ".join(m["organisation"] for m in d["matches"]) or "(nobody yet)")
                             for d in data)
    emit(args, data, lambda: text)
    return 0
