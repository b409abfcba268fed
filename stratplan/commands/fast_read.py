"""`proposal list` without SQLAlchemy: a read-only sqlite3 connection when the store allows it.

Listing is what people run most, and importing SQLAlchemy, the models and the signing code
costs more than the listing itself. When the store is a StratPlan store at the current schema
and the command needs nothing else (no group to resolve), the rows are read directly; in every
other case (a missing file, an older store to migrate, --group) the full command runs and says
what it says.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from stratplan.commands.proposal_output import json_list, text_list, write_out
from stratplan.core import paths
from stratplan.core.db.readonly import key_is_sound, open_current
from stratplan.core.services.proposal_rows import iter_summaries


def cmd_proposal(args: argparse.Namespace) -> int:
    if args.action_name == "list" and not args.group and key_is_sound(paths.key_dir()):
        path = Path(args.db).expanduser() if args.db else paths.default_store_path()
        conn = open_current(path.absolute())
        if conn is not None:
            try:
                # One read transaction: the rows are one consistent state even while a writer commits.
                conn.execute("BEGIN")
                rows = iter_summaries(conn, with_search_text=False)
                write_out(json_list(rows) if args.json else text_list(rows))
            finally:
                conn.close()
            return 0
    from stratplan.cli import _import_quietly

    handler = _import_quietly("stratplan.commands.drafting").cmd_proposal
    return int(handler(args))
