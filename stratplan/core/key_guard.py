"""A lost device key in a shared coalition stops the start instead of a silent new identity.

Other laptops know this laptop by its key: a new one would make it a stranger whose changes
they hold back, and its organisation would seem to have a laptop nobody certified. So when
the key file is missing and the store belongs to a shared coalition, StratPlan explains how
to restore the key from a backup, and makes a new key only when asked to
(STRATPLAN_NEW_KEY=1, then the organisation's other laptop certifies it).
"""

from __future__ import annotations

import os
from pathlib import Path

from stratplan.core.db.engine import belongs_to_shared_coalition
from stratplan.core.errors import KeyError_
from stratplan.core.oplog.identity import KEY_FILE

NEW_KEY_ENV = "STRATPLAN_NEW_KEY"


def refuse_lost_key(db_path: Path, key_dir: Path) -> None:
    """Raise KeyError_ when a shared store's laptop key has gone missing."""
    key = key_dir / KEY_FILE
    if key.exists() or os.environ.get(NEW_KEY_ENV) == "1":
        return
    if not belongs_to_shared_coalition(db_path):
        return
    raise KeyError_(
        "This laptop's key {key} is missing, but the store {name} belongs to a shared "
        "coalition that knows this laptop by that key. Restore the file {key_file} from your "
        "backup into {key_dir} and start again. If the key is lost for good, start with "
        "{new_key_env}=1 to make a new one, then have your organisation's other laptop certify "
        "it (coalition join --device), or ask the convener.",
        key=key, name=Path(db_path).name, key_file=KEY_FILE, key_dir=key_dir, new_key_env=NEW_KEY_ENV
    )
