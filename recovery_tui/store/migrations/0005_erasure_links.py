"""What erasing a participant needs to find: whose record each tombstone was (``removal.participant``,
no foreign key, since the tombstone outlives the row), and the take-home files written for them
(``plan_file``: the file's name only), so that erasing them takes both."""

import uuid

from peewee import *


def up(migrator, db):
    class Participant(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)

        class Meta:
            database = db
            table_name = "participant"

    class PlanFile(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        created = DateTimeField()
        updated = DateTimeField()
        participant = ForeignKeyField(Participant, on_delete="CASCADE")
        name = CharField(max_length=80)

        class Meta:
            database = db
            table_name = "plan_file"

    db.create_tables([PlanFile])
    migrator.migrate(
        migrator.add_column("removal", "participant", UUIDField(null=True)),
        migrator.add_index("removal", ("participant",), False),
    )


def down(migrator, db):
    migrator.migrate(migrator.drop_index("removal", "removal_participant"))
    migrator.migrate(migrator.drop_column("removal", "participant"))
    db.execute_sql("drop table plan_file")
