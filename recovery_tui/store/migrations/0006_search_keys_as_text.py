"""A participant's search key is text of any length on a server too, ordered by code point as SQLite orders it.

NFKC, casefold and the accent folding can grow an 80-character name past the 255 of a varchar, and past what
one entry of a PostgreSQL btree index may hold (about 2,700 bytes). The index on it goes, on both databases:
the list's search matches anywhere in the key, which no btree index serves, and sorting the list by it is
quick without one. SQLite's text has no length and compares by code point already.
"""

from playhouse.migrate import PostgresqlMigrator


def up(migrator, db):
    db.execute_sql("DROP INDEX IF EXISTS participant_search_key")
    if isinstance(migrator, PostgresqlMigrator):
        db.execute_sql('ALTER TABLE participant ALTER COLUMN search_key TYPE text COLLATE "C"')


def down(migrator, db):
    if isinstance(migrator, PostgresqlMigrator):
        db.execute_sql('ALTER TABLE participant ALTER COLUMN search_key TYPE varchar(255) COLLATE "default"')
    db.execute_sql("CREATE INDEX participant_search_key ON participant (search_key)")
