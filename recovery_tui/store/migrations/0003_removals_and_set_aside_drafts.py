"""Deletions travel between kiosks, and a second draft is set aside instead of refused.

A ``removal`` row is the tombstone of a record taken out (an activity, a discarded draft): the
export carries it, so that an older copy from another kiosk does not bring the record back.
``response.set_aside`` marks a draft that is kept but is no longer the one resumed, as when two
kiosks each began the same form for one participant.
"""

import uuid

from peewee import *


def up(migrator, db):
    class Removal(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        created = DateTimeField()
        updated = DateTimeField()
        record_type = CharField(max_length=40)
        record_id = UUIDField(unique=True)
        removed = DateTimeField()

        class Meta:
            database = db
            table_name = "removal"

    db.create_tables([Removal])
    migrator.migrate(migrator.add_column("response", "set_aside", DateTimeField(null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("response", "set_aside"))
    db.execute_sql("drop table removal")
