"""Workers have a role (peer worker or supervisor) and can be retired; they stay in the records they made.
The audit log is indexed by record, so that a worker's wrong PINs in a row are counted quickly."""

from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("worker", "role", CharField(max_length=20, default="peer")),
        migrator.add_column("worker", "retired", DateTimeField(null=True)),
        migrator.add_index("audit_event", ("record_id", "at"), False),
    )


def down(migrator, db):
    migrator.migrate(migrator.drop_index("audit_event", "audit_event_record_id_at"))
    migrator.migrate(migrator.drop_column("worker", "retired"), migrator.drop_column("worker", "role"))
