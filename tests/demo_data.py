"""The demo's fictional sample, built the way the app builds records: through ``store.records``, with
the clock set to each session in turn (2026-05-04 to 2026-11-30), so that the result is the same at
every run. ``assets/demo.json`` is its export; make it again after changing anything here:

    .venv/bin/python -m tests.demo_data assets/demo.json

Every name, phone number (555-01xx, the range kept for fiction) and story here is invented.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from recovery_tui import clock
from recovery_tui.config import DATABASE_FILE, load_settings
from recovery_tui.exchange.json_export import export_document
from recovery_tui.store import records
from recovery_tui.store.database import close_store, open_store
from tests.history_data import complete_scale

SESSION_LENGTH = dt.timedelta(minutes=50)
EXPORTED_AT = dt.datetime(2026, 11, 30, 21, 0)  # naive UTC, after the last session
ID_NAMESPACE = uuid.UUID("6d0f4c1e-2b7a-5c3d-9e8f-0a1b2c3d4e5f")  # stable ids: uuid5 of the order seen
SUPPORT = "Recovery/Wellness Support"
MENTORING = "Mentoring and Education"
ADVOCACY = "Advocacy"
ETHICS = "Ethical Responsibility"


@dataclass(frozen=True)
class Plan:
    """One activity for the week, in the participant's words, with the rank of its area to grow
    in the current set and the names of the people who will help."""

    text: str
    area: int | None = None
    helpers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Session:
    day: dt.date
    feeling: int | None
    went_well: str = ""
    hard: str = ""
    focus: str = ""
    review: tuple[tuple[str, str], ...] = ()  # (status, note) for each activity of the week looked back on
    carry: int | None = None  # the reviewed activity, by place, carried into this week
    scale: int | None = None  # which of the participant's scales is completed at this session
    areas: tuple[tuple[int | None, str], ...] = ()  # a new set of areas to grow: (statement, own words)
    plan: tuple[Plan, ...] = ()
    note: str = ""
    domains: tuple[str, ...] = ()
    support_lines_shared: bool = False


@dataclass(frozen=True)
class Person:
    first_name: str
    agency_id: str | None
    at: dt.time  # the time of day (UTC) of this participant's sessions
    helpers: tuple[tuple[str, str, str, str], ...]  # name, relationship, phone, notes
    first_scale: str  # 23 answers, statements 1 to 23 (spaces only group them)
    raised: tuple[tuple[int, ...], ...]  # for each later scale, the statements one higher than before
    declined: dict[int, tuple[int, ...]]  # scale index to the statements not answered at it
    sessions: tuple[Session, ...]


def scales_of(person: Person) -> list[list[int | None]]:
    """The participant's scales in order: the first as written, each later one a little higher."""
    answers = [int(c) for c in person.first_scale if c != " "]
    assert len(answers) == 23 and all(1 <= a <= 5 for a in answers), person.first_name
    scales: list[list[int | None]] = []
    for index in range(len(person.raised) + 1):
        if index:
            for number in person.raised[index - 1]:
                answers[number - 1] = min(answers[number - 1] + 1, 5)
        given: list[int | None] = list(answers)
        for number in person.declined.get(index, ()):
            given[number - 1] = None
        scales.append(given)
    return scales


D = dt.date

ROSA = Person(
    first_name="Rosa",
    agency_id=None,
    at=dt.time(15, 0),
    helpers=(
        ("Marisol", "sponsor", "555-0112", "Best reached after 6pm. Happy to meet for coffee on Saturdays."),
        ("Luis", "family", "555-0147", "My brother. Drives me to group when the bus is late."),
        ("Tuesday evening group", "recovery group", "555-0180", "Community center, room 4, 7pm."),
    ),
    first_scale="43432 21332 33444 23142 322",
    raised=((7, 16), (6, 20, 21), (7, 17), (16, 22, 10), (6, 23)),
    declined={},
    sessions=(
        Session(
            D(2026, 5, 4),
            3,
            went_well="I made it to my first group in a long time.",
            hard="Evenings at home feel long.",
            focus="Getting a routine together.",
            scale=0,
            areas=((7, ""), (16, ""), (6, ""), (None, "Sleep through the night more often")),
            plan=(
                Plan("Go to the Tuesday evening group", 2, ("Tuesday evening group",)),
                Plan("Write down three things for my recovery plan", 1, ("Marisol",)),
                Plan("Call about the warehouse job", 3),
            ),
            note=(
                "Rosa completed her first Recovery Capital Scale and chose four areas to grow. "
                "She named her sponsor Marisol and her brother Luis as people who help."
            ),
            domains=(SUPPORT, MENTORING),
            support_lines_shared=True,
        ),
        Session(
            D(2026, 5, 11),
            3,
            went_well="I went to group and stayed for coffee after.",
            hard="I put off the phone call all week.",
            focus="Keep going with group.",
            review=(("done", ""), ("partly", "Wrote one thing down, want to add more."), ("not-yet", "")),
            carry=2,
            plan=(
                Plan("Go to group on Tuesday and Thursday", 2, ("Tuesday evening group",)),
                Plan("Finish my written plan with Marisol", 1, ("Marisol",)),
            ),
        ),
        Session(
            D(2026, 5, 18),
            4,
            went_well="I made the call! I have an interview next week.",
            focus="Getting ready for the interview.",
            review=(
                ("done", "Got an interview for next week."),
                ("done", ""),
                ("partly", "Marisol and I wrote half of it."),
            ),
            plan=(
                Plan("Walk with Luis after dinner three times", 4, ("Luis",)),
                Plan("Go to the Tuesday evening group", 2, ("Tuesday evening group",)),
            ),
        ),
        Session(
            D(2026, 6, 1),
            4,
            went_well="The interview went well, I think.",
            hard="Waiting to hear back.",
            focus="Staying steady while I wait.",
            review=(("done", "Slept better on the nights we walked."), ("done", "")),
            scale=1,
            plan=(
                Plan("Finish my written plan with Marisol", 1, ("Marisol",)),
                Plan("Go to group twice", 2, ("Tuesday evening group",)),
            ),
        ),
        Session(
            D(2026, 6, 15),
            5,
            went_well="I got the job at the warehouse!",
            hard="Early shifts are new for my body.",
            focus="Fitting group around work.",
            review=(("done", "My plan is on the fridge now."), ("partly", "Made it once; work training ran late.")),
        ),
        Session(
            D(2026, 7, 6),
            4,
            went_well="Two full weeks of work done.",
            hard="Shifts make the Tuesday group hard to reach.",
            focus="Finding time for myself.",
            scale=2,
        ),
        Session(
            D(2026, 8, 10),
            3,
            went_well="I called Marisol instead of staying alone with it.",
            hard="A tough week with family news.",
            focus="Being gentle with myself this week.",
            scale=3,
            areas=((6, ""), (22, ""), (None, "Get my driver's license back")),
            plan=(
                Plan("Find a weekend group that fits my shifts", 2, ("Marisol",)),
                Plan("Cook Sunday dinner with Luis", None, ("Luis",)),
                Plan("Ask at work about the forklift course", 1),
            ),
            note=(
                "Rosa talked through a hard week and reached out to her sponsor, which she named as a strength. "
                "She chose a new set of areas to grow. We went over the support lines together."
            ),
            domains=(SUPPORT,),
            support_lines_shared=True,
        ),
        Session(
            D(2026, 8, 24),
            4,
            went_well="Sunday dinner with Luis felt like old times.",
            focus="Keeping the weekend group going.",
            review=(("done", "Found one on Saturday mornings."), ("done", ""), ("done", "Starts in October.")),
        ),
        Session(
            D(2026, 9, 21),
            4,
            went_well="People at the Saturday group know my name now.",
            focus="Saying yes to helping set up at group.",
            scale=4,
        ),
        Session(
            D(2026, 10, 19),
            5,
            went_well="I passed the first week of the forklift course.",
            hard="Tired from long days.",
            focus="Rest and keep going.",
        ),
        Session(
            D(2026, 11, 2),
            4,
            went_well="Six months since my first group.",
            focus="Sharing my story at group.",
            scale=5,
            plan=(
                Plan("Share my story at the Saturday group", 2, ("Marisol",)),
                Plan("Practice the written test for my license", 3, ("Luis",)),
            ),
            note=(
                "Rosa looked back on six months of steady steps: work, a weekend group and a plan she wrote herself. "
                "She wants to give back by sharing her story."
            ),
            domains=(SUPPORT, ADVOCACY),
        ),
        Session(
            D(2026, 11, 16),
            5,
            went_well="I shared my story and people thanked me.",
            focus="What comes next for me.",
            review=(("done", ""), ("partly", "Two practice tests so far.")),
        ),
    ),
)

TOMASZ = Person(
    first_name="Tomasz",
    agency_id="DEMO-101",
    at=dt.time(16, 0),
    helpers=(
        ("Ewa", "partner", "555-0123", "Works nights; send a text first."),
        ("Dale", "sponsor", "555-0156", ""),
        ("Piotr", "friend", "555-0171", "We fish together on Sundays."),
    ),
    first_scale="34231 32221 23343 22132 321",
    raised=((10, 8, 17), (9, 3, 16), (10, 20, 22, 21)),
    declined={1: (19,)},
    sessions=(
        Session(
            D(2026, 5, 13),
            2,
            went_well="Dale answered when I called him.",
            hard="Sleeping badly, and worried about money.",
            focus="Getting my sleep back on track.",
            scale=0,
            areas=((10, ""), (17, ""), (3, "")),
            plan=(
                Plan("See the doctor about my sleep", 1, ("Ewa",)),
                Plan("Call Dale twice this week", 2, ("Dale",)),
                Plan("Sunday dinner at my mother's", 3, ("Ewa",)),
            ),
            note=(
                "Tomasz came in on a hard week and still made a plan with three clear steps. "
                "He is proud of reaching out to Dale."
            ),
            domains=(SUPPORT,),
            support_lines_shared=True,
        ),
        Session(
            D(2026, 5, 27),
            3,
            went_well="The doctor gave me some ideas for sleep.",
            hard="Money is still tight.",
            focus="Small steps each day.",
            review=(("done", ""), ("done", ""), ("partly", "Went, left early.")),
            plan=(
                Plan("Meet Dale before the Saturday meeting", 2, ("Dale",)),
                Plan("Walk to the river with Piotr", None, ("Piotr",)),
            ),
        ),
        Session(
            D(2026, 6, 10),
            3,
            went_well="Fished with Piotr on Sunday, phone off.",
            focus="Keeping my evenings calm.",
            review=(("partly", "Met Dale once."), ("done", "")),
        ),
        Session(
            D(2026, 7, 8),
            3,
            went_well="My mother and I talked for an hour.",
            hard="Paperwork from the past is weighing on me.",
            focus="One thing at a time.",
            scale=1,
            note="Tomasz chose not to answer one statement today, which is his choice to make.",
            domains=(ETHICS,),
        ),
        Session(
            D(2026, 8, 12),
            4,
            went_well="Sleeping six hours most nights now.",
            focus="Keeping the sleep routine.",
        ),
        Session(
            D(2026, 9, 9),
            4,
            went_well="I've been at every Saturday meeting this month.",
            focus="Building on what works.",
            scale=2,
            plan=(
                Plan("Keep the evening routine from the sleep group", 1),
                Plan("Saturday meeting with Dale", 2, ("Dale",)),
            ),
        ),
        Session(
            D(2026, 9, 23),
            4,
            went_well="Ewa says I seem lighter.",
            focus="Planning a weekend away with Ewa.",
            review=(("done", ""), ("done", "")),
        ),
        Session(
            D(2026, 10, 21),
            3,
            went_well="Ewa and I painted the kitchen together.",
            hard="The anniversary of my dad's passing.",
            focus="Remembering him in a way that feels right.",
        ),
        Session(
            D(2026, 11, 18),
            4,
            went_well="A newcomer at the meeting asked me for my number.",
            focus="Being there for others.",
            scale=3,
            note=(
                "Tomasz noticed how far he has come since May: sleep, routine and his place at the Saturday meeting. "
                "He is starting to support newer members."
            ),
            domains=(SUPPORT, MENTORING),
        ),
    ),
)

AMARA = Person(
    first_name="Amara",
    agency_id="DEMO-102",
    at=dt.time(17, 0),
    helpers=(
        ("Ngozi", "family", "555-0134", "My sister. Calls every Sunday."),
        ("Grace", "peer worker", "555-0165", "Runs the Thursday women's circle."),
        ("Adaeze", "friend", "555-0190", ""),
    ),
    first_scale="22343 13332 33444 23133 432",
    raised=((6, 1, 16), (6, 18, 23, 2)),
    declined={},
    sessions=(
        Session(
            D(2026, 6, 3),
            2,
            went_well="My sister picked me up from the bus station.",
            hard="Looking for a place to live.",
            focus="A safe place to stay.",
            scale=0,
            areas=((1, ""), (6, ""), (None, "Finish my high school diploma")),
            plan=(
                Plan("Visit the housing office with Grace", 1, ("Grace",)),
                Plan("Sign up for the diploma class", 3),
                Plan("Go to the Thursday women's circle", None, ("Grace",)),
            ),
            note=(
                "Amara shared that finding a safe home comes first for her. "
                "She knows what she wants and has her sister Ngozi close by."
            ),
            domains=(SUPPORT, ADVOCACY),
            support_lines_shared=True,
        ),
        Session(
            D(2026, 6, 17),
            3,
            went_well="The women's circle felt welcoming.",
            hard="The housing forms are long.",
            focus="Getting the forms done.",
            review=(("done", ""), ("partly", "Found the class, signing up Monday."), ("done", "")),
            plan=(
                Plan("Bring my papers to the housing office", 1, ("Grace",)),
                Plan("Thursday women's circle", None, ("Grace",)),
            ),
        ),
        Session(
            D(2026, 7, 1),
            3,
            went_well="All my papers are in.",
            focus="Patience while I wait.",
            review=(("done", ""), ("done", "")),
        ),
        Session(
            D(2026, 7, 29),
            4,
            went_well="I got the keys to my own room!",
            hard="Buying things for the room all at once.",
            focus="Making the room feel like mine.",
        ),
        Session(
            D(2026, 8, 26),
            4,
            went_well="Adaeze helped me paint my room yellow.",
            focus="Work and study.",
            scale=1,
            plan=(
                Plan("Apply for two jobs", 2, ("Adaeze",)),
                Plan("Study for the diploma test twice", 3, ("Ngozi",)),
            ),
        ),
        Session(
            D(2026, 9, 9),
            3,
            went_well="Studying with Ngozi on video calls.",
            hard="No answer from the job applications yet.",
            focus="Not giving up on the job search.",
            review=(("partly", "Sent one."), ("done", "")),
        ),
        Session(
            D(2026, 10, 14),
            4,
            went_well="I started at the bakery on Monday.",
            focus="Settling into work.",
        ),
        Session(
            D(2026, 11, 25),
            5,
            went_well="I passed two parts of the diploma test.",
            focus="Thanksgiving with my sister.",
            scale=2,
            note=(
                "Amara has a home, a job at the bakery and two parts of her diploma done. "
                "She now welcomes new women at the Thursday circle."
            ),
            domains=(SUPPORT, MENTORING),
        ),
    ),
)

KENJI = Person(
    first_name="Kenji",
    agency_id=None,
    at=dt.time(18, 0),
    helpers=(
        ("Hiro", "friend", "555-0118", "Friend from school; also in recovery."),
        ("Ms. Alvarez", "counselor", "555-0152", "Appointments on Thursdays."),
        ("Michiko", "family", "555-0177", "My mother."),
    ),
    first_scale="42322 42232 22435 11122 322",
    raised=((16, 17), (16, 9), (20, 7, 22), (17, 10, 21)),
    declined={},
    sessions=(
        Session(
            D(2026, 5, 21),
            3,
            went_well="Hiro and I went for a long run.",
            hard="Weekends feel empty.",
            focus="Finding a group that feels right.",
            scale=0,
            areas=((16, ""), (17, ""), (20, ""), (None, "Reconnect with my mother")),
            plan=(
                Plan("Try the Saturday morning group", 1, ("Hiro",)),
                Plan("Ask someone at group about sponsorship", 2),
                Plan("Call my mother", 4, ("Michiko",)),
            ),
            note="Kenji brought clear ideas about what he wants from recovery and chose four areas to grow.",
            domains=(SUPPORT,),
        ),
        Session(
            D(2026, 6, 4),
            3,
            went_well="My mother cried happy tears on the phone.",
            hard="I felt shy at the group.",
            focus="Going back to group anyway.",
            review=(("done", "Felt shy, but stayed."), ("not-yet", ""), ("done", "We talked for an hour.")),
            plan=(
                Plan("Go back to the Saturday group", 1, ("Hiro",)),
                Plan("Run with Hiro on Sunday", 3, ("Hiro",)),
            ),
        ),
        Session(
            D(2026, 6, 25),
            4,
            went_well="Someone at group offered to be my sponsor.",
            focus="Saying yes to help.",
            review=(("done", ""), ("done", "")),
            scale=1,
        ),
        Session(
            D(2026, 7, 16),
            2,
            went_well="I told Ms. Alvarez about it the same day.",
            hard="Lost my temper at work and felt ashamed after.",
            focus="Talking it through.",
            note=(
                "Kenji spoke openly about a hard day at work and the steps he took after it. "
                "We shared the support lines, and he plans to see Ms. Alvarez on Thursday."
            ),
            domains=(SUPPORT, ETHICS),
            support_lines_shared=True,
        ),
        Session(
            D(2026, 8, 6),
            3,
            went_well="Running three mornings a week.",
            focus="Calm mornings.",
            scale=2,
        ),
        Session(
            D(2026, 9, 3),
            4,
            went_well="Dinner at my mother's house for her birthday.",
            focus="Family time.",
        ),
        Session(
            D(2026, 10, 1),
            4,
            went_well="Four months at the Saturday group.",
            focus="A steady daily routine.",
            scale=3,
            plan=(
                Plan("Morning stretch before work", 3),
                Plan("Coffee with my sponsor", 2),
            ),
        ),
        Session(
            D(2026, 10, 15),
            4,
            went_well="My sponsor and I meet every week now.",
            focus="Keeping the mornings.",
            review=(("done", ""), ("partly", "Once instead of twice.")),
        ),
        Session(
            D(2026, 11, 12),
            5,
            went_well="I read at group for the first time.",
            focus="Giving back at group.",
            scale=4,
            note="Kenji's scale has risen steadily since May. He now reads at group and sees his mother every week.",
            domains=(SUPPORT, MENTORING),
        ),
    ),
)

DANA = Person(
    first_name="Dana",
    agency_id=None,
    at=dt.time(19, 0),
    helpers=(
        ("Jo", "friend", "555-0109", "Goes to the open studio on Saturdays."),
        ("Sam", "sponsor", "555-0141", "Prefers a text before a call."),
    ),
    first_scale="33333 22222 33433 22122 322",
    raised=((7, 17, 20, 21),),
    declined={},
    sessions=(
        Session(
            D(2026, 9, 14),
            3,
            went_well="I said yes to coming here today.",
            hard="Mornings.",
            focus="Knowing what to do with my days.",
            scale=0,
            areas=((7, ""), (20, ""), (None, "Get back into painting")),
            plan=(
                Plan("Make a simple morning routine", 2),
                Plan("Paint for half an hour", 3),
                Plan("Text Sam on Friday", None, ("Sam",)),
            ),
            note="Dana came to a first session and chose three areas to grow, one of them in her own words.",
            domains=(SUPPORT,),
        ),
        Session(
            D(2026, 9, 28),
            3,
            went_well="I painted twice this week.",
            hard="Getting up on time.",
            focus="Mornings again.",
            review=(("partly", "Three mornings out of seven."), ("done", ""), ("done", "")),
            plan=(
                Plan("Keep the morning routine", 2),
                Plan("Open studio on Saturday with Jo", 3, ("Jo",)),
            ),
        ),
        Session(
            D(2026, 10, 12),
            4,
            went_well="Jo and I painted all Saturday afternoon.",
            focus="Writing my recovery plan down.",
            review=(("done", ""), ("not-yet", "Jo was away; going next week.")),
        ),
        Session(
            D(2026, 10, 26),
            1,
            went_well="I came in today.",
            hard="A hard anniversary this week.",
            focus="Getting through the week.",
            note=(
                "Dana came in on a very hard week and talked about what helps her. "
                "We went over the support lines, and she will text Sam tonight."
            ),
            domains=(SUPPORT,),
            support_lines_shared=True,
        ),
        Session(
            D(2026, 11, 16),
            4,
            went_well="Sam and I met twice.",
            focus="My written plan.",
        ),
        Session(
            D(2026, 11, 30),
            4,
            went_well="My written plan is done and on my wall.",
            focus="Showing my paintings at the studio.",
            scale=1,
            note="Dana finished her written plan and has a morning routine most days.",
            domains=(SUPPORT, MENTORING),
        ),
    ),
)

PEOPLE = (ROSA, TOMASZ, AMARA, KENJI, DANA)


def _session(person: Person, participant_id: uuid.UUID, scales: list[list[int | None]], session: Session) -> None:
    start = dt.datetime.combine(session.day, person.at)
    clock.set_now(start)
    visit = records.start_or_resume_visit(participant_id)
    records.save_check_in(
        visit.id, feeling=session.feeling, went_well=session.went_well, hard=session.hard, focus=session.focus
    )
    if session.review:
        monday = records.week_to_review(participant_id)
        assert monday is not None, (person.first_name, session.day)
        planned = records.activities_of_week(participant_id, monday)
        assert len(planned) == len(session.review), (person.first_name, session.day)
        for done, (status, note) in zip(planned, session.review, strict=True):
            records.review_activity(done.id, status, note)
        if session.carry is not None:
            records.carry_forward(planned[session.carry].id)
    if session.scale is not None:
        complete_scale(participant_id, scales[session.scale])
    if session.areas:
        records.choose_focus_areas(participant_id, [records.FocusChoice(s, text) for s, text in session.areas])
    if session.plan:
        areas = {area.rank: area.id for area in records.current_focus_areas(participant_id)}
        people = {helper.name: helper.id for helper in records.helpers_of(participant_id)}
        for step in session.plan:
            records.add_activity(
                participant_id,
                step.text,
                None if step.area is None else areas[step.area],
                tuple(people[name] for name in step.helpers),
            )
    if session.note or session.domains or session.support_lines_shared:
        records.save_visit_note(
            visit.id,
            note=session.note,
            domains=list(session.domains),
            support_lines_shared=session.support_lines_shared,
        )
    clock.set_now(start + SESSION_LENGTH)
    records.end_visit(visit.id)


def build_person(person: Person) -> uuid.UUID:
    scales = scales_of(person)
    assert sorted(s.scale for s in person.sessions if s.scale is not None) == list(range(len(scales)))
    clock.set_now(dt.datetime.combine(person.sessions[0].day, person.at) - dt.timedelta(minutes=5))
    participant = records.create_participant(person.first_name, person.agency_id)
    for name, relationship, phone, notes in person.helpers:
        records.create_helper(participant.id, name, relationship, phone, notes)
    for session in person.sessions:
        _session(person, participant.id, scales, session)
    return participant.id


def build_demo() -> None:
    """The five fictional participants, on the open store. Each has its own time of day, so no two
    records are made at the same moment and the export's order never depends on random ids."""
    for person in PEOPLE:
        build_person(person)


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def with_stable_ids(document: Any) -> Any:
    """The document with every id (uuid4, different at each run) swapped for one that depends only
    on the order it is first met in, so that the file is the same at every run. Links stay links."""
    chosen: dict[str, str] = {}

    def swap(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: swap(item) for key, item in value.items()}
        if isinstance(value, list):
            return [swap(item) for item in value]
        if isinstance(value, str) and _UUID.fullmatch(value):
            return chosen.setdefault(value, str(uuid.uuid5(ID_NAMESPACE, f"demo-{len(chosen) + 1}")))
        return value

    return swap(document)


def demo_document() -> dict[str, Any]:
    """Build the demo on the open (empty) store and export it, with stable ids."""
    build_demo()
    clock.set_now(EXPORTED_AT)
    document: dict[str, Any] = with_stable_ids(export_document())
    return document


def as_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if len(arguments) != 1:
        print("usage: python -m tests.demo_data OUT.json", file=sys.stderr)
        return 2
    out = Path(arguments[0])
    os.environ["TZ"] = "UTC"  # dates of scales and weeks are local dates: the same file in any time zone
    time.tzset()
    with tempfile.TemporaryDirectory(prefix="recovery-tui-demo-build-") as folder:
        settings = load_settings(data_dir=folder, database=f"sqlite:///{Path(folder) / DATABASE_FILE}")
        db = open_store(settings)
        try:
            document = demo_document()
        finally:
            close_store(db)
            clock.set_now(None)
    out.write_text(as_json(document), encoding="utf-8")
    print(f"Wrote {len(document['participants'])} fictional participants to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
