"""Search ignores accents: refold every participant's stored search key ("Zoë" is found by "zoe").

The folding is written out here, as it was when this migration was made, so that the migration
does the same thing whatever later versions of the app do.
"""

import unicodedata
from typing import Any


def _fold(text: str) -> str:  # names and agency IDs are stored cleaned already
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return unicodedata.normalize("NFC", "".join(c for c in folded if unicodedata.category(c) != "Mn"))


def up(migrator: Any, db: Any) -> None:
    rows = db.execute_sql("select id, first_name, agency_id from participant").fetchall()
    for record_id, first_name, agency_id in rows:
        key = _fold(first_name) + "\n" + _fold(agency_id or "")
        db.execute_sql(f"update participant set search_key = {db.param} where id = {db.param}", (key, record_id))


def down(migrator: Any, db: Any) -> None:
    pass  # accent-folded keys still find every name the older keys found
