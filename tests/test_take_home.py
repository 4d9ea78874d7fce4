"""The take-home plan and the participant's own record: what goes in, the PDF read back, the text
file, the QR codes decoded back, the plans folder's files and their removal, the audit lines,
printing, the command line, and the screen driven by keys."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import stat
import sys
import unicodedata

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from recovery_tui import clock, plans_folder
from recovery_tui.cli import main
from recovery_tui.config import Settings
from recovery_tui.content.support_lines import load_support_lines
from recovery_tui.exchange import qr
from recovery_tui.exchange.pdf import IN_TEXT_VERSION, as_pdf
from recovery_tui.exchange.take_home import LEFT_OUT_AT_FIRST, PLAN_PARTS, as_text, plan_document, record_document
from recovery_tui.store import records
from recovery_tui.store.models import AuditEvent
from recovery_tui.ui.screens.large_text import LargeTextScreen
from recovery_tui.ui.screens.qr_codes import QrCodesScreen
from recovery_tui.ui.screens.take_home import TakeHomeScreen
from tests.history_data import complete_scale, values_for
from tests.ui_support import screen_text

pytestmark = pytest.mark.backend  # run again on PostgreSQL in CI

DEFAULT_PARTS = set(PLAN_PARTS) - LEFT_OUT_AT_FIRST
TODAY = dt.date(2026, 3, 4)  # the fixed clock


def someone(first_name: str = "Ляля", agency_id: str | None = "K-7") -> records.ParticipantRow:
    """A participant with two scales, areas to grow, two people and this week's plan."""
    person = records.create_participant(first_name, agency_id)
    clock.set_now(clock.now() - dt.timedelta(days=30))
    complete_scale(person.id, values_for(10))
    clock.set_now(clock.now() + dt.timedelta(days=30))
    complete_scale(person.id, values_for(20))
    records.choose_focus_areas(
        person.id, [records.FocusChoice(7, ""), records.FocusChoice(None, "Cook [more] at home")]
    )
    mo = records.create_helper(person.id, "Mo", "sponsor", "555-0101")
    records.create_helper(person.id, "Жанна", "family", "555-0199")
    records.add_activity(person.id, "Go to the Tuesday meeting", None, (mo.id,))
    records.add_activity(person.id, "Walk by the river", None, ())
    records.save_visit_note(records.start_or_resume_visit(person.id).id, note="Talked about the bakery job.")
    return person


def plan_of(person, parts=DEFAULT_PARTS):
    return plan_document(records.take_home(person.id), parts, load_support_lines(None).lines, clock.today())


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in reader.pages))


# What goes in ---------------------------------------------------------------------------------


def test_the_plan_holds_the_chosen_parts_in_the_participants_words_and_nothing_else(store, frozen_clock) -> None:
    person = someone()
    text = as_text(plan_of(person))
    assert text.startswith("My plan for the week of 2 Mar 2026\nЛяля, 4 Mar 2026\n")
    assert "1. I have a written plan for my recovery" in text and "2. Cook [more] at home" in text
    assert "- Go to the Tuesday meeting (with Mo)" in text and "- Walk by the river" in text
    assert "Mo (sponsor): 555-0101" in text and "Жанна (family): 555-0199" in text
    assert "988 Suicide & Crisis Lifeline: Call or text 988" in text
    assert "My Score" not in text  # the score stays out unless chosen
    assert "K-7" not in text and "bakery" not in text  # no agency ID, no worker's notes
    with_score = as_text(plan_of(person, {"score"}))
    assert "My Score: 66 of 115 on 4 Mar 2026, 10 more than last time." in with_score
    assert "Mo (sponsor)" not in with_score and "988" not in with_score


def test_the_record_holds_everything_recorded_including_the_workers_notes(store, frozen_clock) -> None:
    person = someone()
    text = as_text(record_document(records.read_participant(person.id), clock.today()))
    for expected in (
        "First name: Ляля",
        "Agency ID: K-7",
        "I have a written plan for my recovery: Agree a little",
        "Week of 2 Mar 2026: Go to the Tuesday meeting (planned), with Mo",
        "Жанна (family): 555-0199",
        "note: Talked about the bakery job.",
    ):
        assert expected in text


# The PDF ------------------------------------------------------------------------------------------


def test_the_pdf_holds_the_chosen_parts_and_not_the_others(store, frozen_clock) -> None:
    person = someone()
    chosen = pdf_text(as_pdf(plan_of(person, {"focus", "helpers"})))
    assert "Ляля" in chosen and "Жанна" in chosen  # Cyrillic, drawn
    assert "I have a written plan for my recovery" in chosen and "Mo (sponsor): 555-0101" in chosen
    assert "Tuesday meeting" not in chosen and "988" not in chosen and "My Score" not in chosen
    everything = pdf_text(as_pdf(plan_of(person, set(PLAN_PARTS))))
    assert "Tuesday meeting" in everything and "988" in everything and "My Score: 66 of 115" in everything
    assert IN_TEXT_VERSION not in everything


def test_an_arabic_and_a_hebrew_name_are_drawn_not_left_to_the_text_version(store, frozen_clock) -> None:
    person = someone("مريم", None)
    records.create_helper(person.id, "שרה", "friend")
    drawn = pdf_text(as_pdf(plan_of(person)))
    assert IN_TEXT_VERSION not in drawn
    letters = set(drawn)
    assert {"م", "ر", "ي"} <= letters or {"\ufee3", "\ufeae"} & letters  # as letters, or as joined forms
    assert {"ש", "ר", "ה"} <= letters


def test_a_name_the_font_cannot_draw_is_marked_and_the_text_file_has_it(store, frozen_clock) -> None:
    person = someone("美咲", None)
    records.add_activity(person.id, "Cook one meal 🍲 with my sister", None, ())
    document = plan_of(person)
    drawn = pdf_text(as_pdf(document))
    assert "美咲" not in drawn and "🍲" not in drawn
    assert drawn.count(IN_TEXT_VERSION) == 2  # the name's line and the activity's line
    assert "Cook one meal with my sister (in full in the text version)" in drawn
    text = as_text(document)
    assert "美咲, 4 Mar 2026" in text and "Cook one meal 🍲 with my sister" in text


def test_a_long_plan_stays_within_two_pages(store, frozen_clock) -> None:
    person = someone()
    for n in range(8):
        records.add_activity(person.id, f"Activity {n} " + "with a long description " * 7, None, ())
        records.create_helper(person.id, f"Helper {n}", "friend", f"555-01{n:02}")
    assert len(PdfReader(io.BytesIO(as_pdf(plan_of(person, set(PLAN_PARTS))))).pages) <= 2


# QR codes ------------------------------------------------------------------------------------------


def decoded(modules: list[list[bool]]) -> str:
    scale = 6
    image = Image.new("L", (len(modules[0]) * scale, len(modules) * scale), 255)
    for y, row in enumerate(modules):
        for x, dark in enumerate(row):
            if dark:
                image.paste(0, (x * scale, y * scale, (x + 1) * scale, (y + 1) * scale))
    [found] = zxingcpp.read_barcodes(image)
    return str(found.text)


def test_a_plan_too_long_for_one_code_is_split_into_numbered_codes_that_read_back_whole(store, frozen_clock) -> None:
    text = as_text(plan_of(someone()), underlined=False)
    codes = qr.split(text, version=5)
    assert len(codes) > 1 and all(c.startswith(f"({n}/{len(codes)}) ") for n, c in enumerate(codes, 1))
    read = [decoded(qr.matrix(code)) for code in codes]
    assert read == codes
    assert "".join(c.split(") ", 1)[1] for c in read) == text


def test_a_short_text_is_one_code_without_a_number() -> None:
    assert qr.split("Walk with Mo", version=5) == ["Walk with Mo"]
    assert decoded(qr.matrix("Ляля: مريم")) == "Ляля: مريم"


def test_no_character_is_cut_in_half_between_codes() -> None:
    text = "я" * 300  # two bytes each
    codes = qr.split(text, version=3)
    assert "".join(c.split(") ", 1)[1] for c in codes) == text


def test_the_capacities_are_segnos_own() -> None:
    import segno

    for version, room in enumerate(qr.BYTES_AT_L, 1):
        assert segno.make_qr("a" * room, error="l", mode="byte", boost_error=False).version == version


# The plans folder ------------------------------------------------------------------------------------


def test_plans_are_written_0600_in_a_0700_folder_with_no_name_in_the_file_name(tmp_path, frozen_clock) -> None:
    folder = tmp_path / "plans"
    pdf, text = plans_folder.write_files(folder, "plan", b"%PDF-", "My plan")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in (pdf, text)} == {0o600}
    assert plans_folder.NAMED.match(pdf.name) and plans_folder.NAMED.match(text.name)
    assert pdf.name.startswith("plan-20260304-153000-") and text.read_text() == "My plan"


def test_plans_are_removed_after_the_agencys_number_of_days(tmp_path, frozen_clock) -> None:
    folder = tmp_path / "plans"
    old = plans_folder.write_files(folder, "plan", b"%PDF-", "old")
    (folder / "notes.txt").write_text("not ours")
    clock.set_now(frozen_clock + dt.timedelta(days=30))
    assert plans_folder.remove_expired(folder, keep_days=30) == 0
    newer = plans_folder.write_files(folder, "record", b"%PDF-", "newer")
    clock.set_now(frozen_clock + dt.timedelta(days=31))
    assert plans_folder.remove_expired(folder, keep_days=30) == 2
    assert not any(p.exists() for p in old) and all(p.exists() for p in newer)
    assert (folder / "notes.txt").exists()


def test_a_failing_print_says_why(tmp_path) -> None:
    document = tmp_path / "plan.pdf"
    document.write_bytes(b"%PDF-")
    with pytest.raises(plans_folder.PrintFailed, match="not installed"):
        plans_folder.print_file("no-such-printer-command", document)
    with pytest.raises(plans_folder.PrintFailed, match=re.escape("did not take it (lp: The printer is off.)")):
        plans_folder.print_file(f"{sys.executable} -c \"import sys; sys.exit('lp: The printer is off.')\"", document)
    assert document.exists()


# The audit log --------------------------------------------------------------------------------------


def test_each_plan_or_record_written_is_an_audit_line_naming_the_participant_not_the_content(
    store, frozen_clock
) -> None:
    person = someone()
    for what in ("plan", "record", "printed"):
        records.note_written(person.id, what)
    lines = [(a.action, a.record_type, a.record_id) for a in AuditEvent.select().where(AuditEvent.action == "export")]
    assert lines == [
        ("export", "take-home plan", str(person.id)),
        ("export", "participant record", str(person.id)),
        ("export", "printed plan", str(person.id)),
    ]


# The command line ----------------------------------------------------------------------------------------


def test_export_plan_by_agency_id_writes_the_chosen_parts(store: Settings, frozen_clock, tmp_path, capsys) -> None:
    person = someone()
    out = tmp_path / "plan.txt"
    args = ["export", "plan", "--data-dir", str(store.data_dir), "--participant", "K-7", "--out", str(out)]
    assert main([*args, "--include", "focus,score"]) == 0
    text = out.read_text()
    assert "I have a written plan for my recovery" in text and "My Score: 66 of 115" in text
    assert "Mo (sponsor)" not in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    pdf = tmp_path / "plan.pdf"
    assert main([*args[:5], str(person.id), "--out", str(pdf)]) == 0
    assert "Mo (sponsor): 555-0101" in pdf_text(pdf.read_bytes())


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (["--participant", "K-404", "--out", "p.txt"], "no participant with the id or agency ID 'K-404'"),
        (["--participant", "K-7", "--out", "p.doc"], "--out FILE.pdf or FILE.txt"),
        (["--participant", "K-7", "--out", "p.txt", "--include", "focus,secrets"], "secrets is not a part"),
    ],
)
def test_export_plan_refuses_calmly(store: Settings, frozen_clock, tmp_path, capsys, extra, said) -> None:
    someone()
    os.chdir(tmp_path)
    assert main(["export", "plan", "--data-dir", str(store.data_dir), *extra]) == 1
    assert said in capsys.readouterr().err
    assert not any(tmp_path.glob("p.*"))


# The screen, by keys ------------------------------------------------------------------------------------


async def wait(pilot) -> str:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen_text(pilot.app)


async def test_e_chooses_parts_and_writes_the_plan_where_it_says(make_app, store, frozen_clock) -> None:
    person = someone()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "e")
        assert isinstance(app.screen, TakeHomeScreen)
        text = screen_text(app)
        assert "[x] Areas I want to grow" in text and "[ ] My score and its change" in text
        assert "My plan for the week of 2 Mar 2026" in text
        await pilot.press("down", "space")  # leave out this week's activities
        await pilot.press("down", "down", "down", "space")  # put in the score
        assert "[ ] This week's activities" in screen_text(app)
        await pilot.press("w")
        text = await wait(pilot)
    folder = store.plans_folder
    [pdf] = folder.glob("plan-*.pdf")
    [txt] = folder.glob("plan-*.txt")
    assert f"The plan is saved as {pdf.name} and {txt.name} in" in " ".join(text.split())
    assert "It is removed after 30 days." in " ".join(text.split())
    written = txt.read_text()
    assert "My Score" in written and "Tuesday meeting" not in written and "Mo (sponsor)" in written
    assert "Ляля" not in pdf.name
    assert [a.record_type for a in AuditEvent.select().where(AuditEvent.record_id == str(person.id))][-1] == (
        "take-home plan"
    )


async def test_m_writes_the_whole_record(make_app, store, frozen_clock) -> None:
    someone()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "e", "m")
        text = " ".join((await wait(pilot)).split())
    [txt] = store.plans_folder.glob("record-*.txt")
    assert f"Your whole record is saved as {txt.with_suffix('.pdf').name} and {txt.name}" in text
    assert "note: Talked about the bakery job." in txt.read_text()


async def test_p_prints_and_a_failed_print_keeps_the_file_and_says_why(store, frozen_clock) -> None:
    from dataclasses import replace

    from recovery_tui.ui.app import RecoveryApp

    someone()
    app = RecoveryApp(cursor_blink=False, settings=replace(store, print_command="no-such-printer-command"))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("enter", "e", "p")
        text = " ".join((await wait(pilot)).split())
    assert "Not printed: the print command 'no-such-printer-command' is not installed on this computer." in text
    assert len(list(store.plans_folder.glob("plan-*.pdf"))) == 1


async def test_without_a_print_command_there_is_no_print_key(make_app, store, frozen_clock) -> None:
    someone()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "e", "p")
        assert "p Print" not in screen_text(app)
        await wait(pilot)
    assert not store.plans_folder.exists()


def modules_on_screen(app) -> list[list[bool]]:
    """The QR code as the terminal draws it, read back module by module from its half blocks."""
    lines = str(app.screen.query_one("#qr-code").render()).splitlines()
    modules = []
    for line in lines:
        modules.append([c in "▀█" for c in line])
        modules.append([c in "▄█" for c in line])
    return modules


async def test_q_draws_the_plan_as_codes_that_read_back_to_the_plan(make_app, store, frozen_clock) -> None:
    person = someone()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "e", "q")
        assert isinstance(app.screen, QrCodesScreen)
        count = len(app.screen.codes)
        read = []
        for _ in range(count):
            read.append(decoded(modules_on_screen(app)))
            await pilot.press("right")
        assert "Nothing is sent anywhere." in screen_text(app)
    pieces = [r.split(") ", 1)[1] for r in read] if count > 1 else read
    assert "".join(pieces) == as_text(plan_of(person), underlined=False)


async def test_l_shows_the_plan_large_part_by_part(make_app, store, frozen_clock) -> None:
    someone()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "e", "l")
        assert isinstance(app.screen, LargeTextScreen)
        assert "My plan for the week of 2 Mar 2026" in screen_text(app)
        await pilot.press("right")
        assert "WHAT I WANT TO GROW" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, TakeHomeScreen)


async def test_p_prints_the_plan_as_chosen_now_not_as_last_written(store, frozen_clock, tmp_path) -> None:
    from dataclasses import replace

    from recovery_tui.ui.app import RecoveryApp

    someone()
    printed = tmp_path / "printed.txt"
    script = tmp_path / "printer.py"  # a printer that keeps the text beside the PDF it is given
    script.write_text(
        "import pathlib, sys\n"
        "given = pathlib.Path(sys.argv[1]).with_suffix('.txt')\n"
        f"pathlib.Path({str(printed)!r}).write_text(given.read_text())\n"
    )
    copy_text = f"{sys.executable} {script}"
    app = RecoveryApp(cursor_blink=False, settings=replace(store, print_command=copy_text))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "e", "down", "down", "down", "down", "space", "w")  # the score put in, written
        await wait(pilot)
        await pilot.press("space", "p")  # the score left out again, then printed
        text = " ".join((await wait(pilot)).split())
    assert "Sent to the printer." in text
    assert "My Score" not in printed.read_text()
    assert len(list(store.plans_folder.glob("plan-*.pdf"))) == 2


def test_a_print_command_that_cannot_be_read_says_so(tmp_path) -> None:
    document = tmp_path / "plan.pdf"
    document.write_bytes(b"%PDF-")
    with pytest.raises(plans_folder.PrintFailed, match=r"cannot be read .*RECOVERY_TUI_PRINT_COMMAND"):
        plans_folder.print_file("lp -d 'front desk", document)
