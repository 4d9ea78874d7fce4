"""The tables (DESIGN section 4). Every row has a UUID and created/updated times.

Models are bound to ``database_proxy``, which ``store.database.open_store``
points at SQLite or PostgreSQL. The schema itself is made only by migrations.
"""

from __future__ import annotations

import uuid

from peewee import (
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
    UUIDField,
)

from recovery_tui import clock

database_proxy = DatabaseProxy()


class BaseModel(Model):
    id = UUIDField(primary_key=True, default=uuid.uuid4)
    created = DateTimeField(default=clock.now)
    updated = DateTimeField(default=clock.now)

    class Meta:
        database = database_proxy
        legacy_table_names = False


class Worker(BaseModel):
    name = CharField(max_length=80)
    pin_hash = CharField(null=True)  # security.hash_pin's text: scrypt with a salt of the worker's own
    role = CharField(max_length=20, default="peer")  # "peer" or "supervisor"
    retired = DateTimeField(null=True)  # no longer signs in; stays in the records they made


class Participant(BaseModel):
    first_name = CharField(max_length=80)
    agency_id = CharField(max_length=40, null=True, unique=True)
    # Folded first name and agency ID (NFKC and casefold can grow a name well past 255 characters). Ordered
    # by code point on both databases: binary in SQLite, COLLATE "C" on a server (migration 0006).
    search_key = TextField()
    archived = DateTimeField(null=True)


class Visit(BaseModel):
    participant = ForeignKeyField(Participant, backref="visits", on_delete="CASCADE")
    worker = ForeignKeyField(Worker, null=True, backref="visits")
    participant_id: uuid.UUID  # peewee adds an ``<field>_id`` for each foreign key; declared for mypy
    worker_id: uuid.UUID | None
    started = DateTimeField(default=clock.now)
    ended = DateTimeField(null=True)
    note = TextField(default="")
    domains = TextField(default="")  # IC&RC domain names, one per line
    support_lines_shared = BooleanField(default=False)


class CheckIn(BaseModel):
    visit = ForeignKeyField(Visit, unique=True, backref="check_ins", on_delete="CASCADE")
    feeling = IntegerField(null=True)
    went_well = TextField(default="")
    hard = TextField(default="")
    focus = TextField(default="")


class Response(BaseModel):
    """One filled-in instrument, by a participant or (self-assessments) a worker."""

    instrument = CharField(max_length=40)
    instrument_version = CharField(max_length=20)
    participant = ForeignKeyField(Participant, null=True, backref="responses", on_delete="CASCADE")
    worker = ForeignKeyField(Worker, null=True, backref="responses")
    participant_id: uuid.UUID | None
    worker_id: uuid.UUID | None
    date = DateField()
    complete = BooleanField(default=False)
    set_aside = DateTimeField(null=True)  # a draft kept but no longer the one resumed (two kiosks began it)


class Answer(BaseModel):
    response = ForeignKeyField(Response, backref="answers", on_delete="CASCADE")
    statement = IntegerField()
    value = IntegerField(null=True)  # null means declined

    class Meta:
        indexes = ((("response", "statement"), True),)


class FocusArea(BaseModel):
    participant = ForeignKeyField(Participant, backref="focus_areas", on_delete="CASCADE")
    rank = IntegerField()
    statement = IntegerField(null=True)
    text = TextField(default="")
    chosen = DateField()
    replaced = DateField(null=True)


class Helper(BaseModel):
    participant = ForeignKeyField(Participant, backref="helpers", on_delete="CASCADE")
    name = CharField(max_length=80)
    relationship = CharField(max_length=40)
    phone = CharField(max_length=40, default="")
    notes = TextField(default="")
    archived = DateTimeField(null=True)


class Activity(BaseModel):
    participant = ForeignKeyField(Participant, backref="activities", on_delete="CASCADE")
    week_of = DateField()
    text = TextField()
    focus_area = ForeignKeyField(FocusArea, null=True, backref="activities")
    status = CharField(max_length=10, default="planned")
    review_note = TextField(default="")
    carried_from = ForeignKeyField("self", null=True, backref="carried_to")
    participant_id: uuid.UUID
    focus_area_id: uuid.UUID | None
    carried_from_id: uuid.UUID | None


class ActivityHelper(BaseModel):
    activity = ForeignKeyField(Activity, backref="helper_links", on_delete="CASCADE")
    helper = ForeignKeyField(Helper, backref="activity_links", on_delete="CASCADE")

    class Meta:
        indexes = ((("activity", "helper"), True),)


class AuditEvent(BaseModel):
    """Who did what to which record, and when. Never any record content."""

    worker = ForeignKeyField(Worker, null=True, backref="audit_events")
    at = DateTimeField(default=clock.now)
    action = CharField(max_length=20)
    record_type = CharField(max_length=40)
    record_id = CharField(max_length=40, null=True)

    class Meta:
        indexes = ((("record_id", "at"), False),)  # one record's events, newest first (a worker's PIN tries)


class Removal(BaseModel):
    """The tombstone of a record taken out (an activity, a discarded draft): the export carries it,
    so that an older copy from another kiosk does not bring the record back. No content."""

    record_type = CharField(max_length=40)
    record_id = UUIDField(unique=True)
    removed = DateTimeField(default=clock.now)
    # Whose record it was (no foreign key: the tombstone outlives the row), so that erasing a participant
    # takes their tombstones too. None in tombstones from before 0005, and in an erasure's own.
    participant = UUIDField(null=True, index=True)


class PlanFile(BaseModel):
    """A take-home plan or record written to the plans folder for a participant: only the file's name, so
    that erasing the participant removes the file too."""

    participant = ForeignKeyField(Participant, backref="plan_files", on_delete="CASCADE")
    name = CharField(max_length=80)


ALL_MODELS = [
    Worker,
    Participant,
    Visit,
    CheckIn,
    Response,
    Answer,
    FocusArea,
    Helper,
    Activity,
    ActivityHelper,
    AuditEvent,
    Removal,
    PlanFile,
]
