"""The support-lines loader: the shipped defaults, the agency's own list, and every way its file can be wrong."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from recovery_tui.content import support_lines
from recovery_tui.content.support_lines import SupportLine, default_support_lines, load_support_lines

DEFAULTS = (
    SupportLine(
        "988 Suicide & Crisis Lifeline",
        "Call or text 988",
        note="Free and confidential, any time, day or night.",
    ),
    SupportLine(
        "SAMHSA National Helpline",
        "Call 1-800-662-4357",
        "TTY 1-800-487-4889",
        "Free and confidential, any time. Help finding support and treatment nearby, in English and Spanish.",
    ),
    SupportLine(
        "Crisis Text Line",
        "Text HOME to 741741",
        note="Free and confidential, any time, by text message.",
    ),
)
USING_DEFAULTS = "; showing the default support lines"


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RECOVERY_TUI_SUPPORT_LINES", raising=False)


@pytest.fixture
def agency_file(tmp_path: Path) -> Path:
    return tmp_path / "support-lines.toml"


def write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


ONE_LINE = '[[lines]]\nname = "Harbor Warmline"\ncontact = "Call 555-0100"\n'


def test_the_shipped_file_holds_the_three_national_lines() -> None:
    shipped = default_support_lines()
    assert shipped.lines == DEFAULTS
    assert shipped.problem is None and shipped.source is None


def test_no_file_at_all_gives_the_defaults_without_a_problem(agency_file: Path) -> None:
    assert load_support_lines(None).lines == DEFAULTS
    result = load_support_lines(agency_file)  # the data directory has none
    assert result.lines == DEFAULTS and result.problem is None


def test_the_agency_file_is_used_in_its_own_order(agency_file: Path) -> None:
    write(
        agency_file,
        ONE_LINE
        + """
[[lines]]
name = "  988 Suicide & Crisis Lifeline  "
contact = "Call or text 988"
extra = "Chat at 988lifeline.org"
note = "Any time."
""",
    )
    result = load_support_lines(agency_file)
    assert result.problem is None and result.source == agency_file
    assert result.lines == (
        SupportLine("Harbor Warmline", "Call 555-0100"),
        SupportLine("988 Suicide & Crisis Lifeline", "Call or text 988", "Chat at 988lifeline.org", "Any time."),
    )


def test_an_edited_file_is_read_again(agency_file: Path) -> None:
    write(agency_file, ONE_LINE)
    assert load_support_lines(agency_file).lines[0].name == "Harbor Warmline"
    write(agency_file, ONE_LINE.replace("Harbor", "Bayside"))
    assert load_support_lines(agency_file).lines[0].name == "Bayside Warmline"


def test_a_byte_order_mark_is_fine(agency_file: Path) -> None:
    write(agency_file, b"\xef\xbb\xbf" + ONE_LINE.encode())
    assert load_support_lines(agency_file).lines == (SupportLine("Harbor Warmline", "Call 555-0100"),)


def test_the_environment_variable_names_the_file_instead(
    agency_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(agency_file, ONE_LINE)
    elsewhere = write(tmp_path / "county.toml", ONE_LINE.replace("Harbor", "County"))
    monkeypatch.setenv("RECOVERY_TUI_SUPPORT_LINES", str(elsewhere))
    result = load_support_lines(agency_file)
    assert result.lines[0].name == "County Warmline" and result.source == elsewhere
    assert load_support_lines(None).lines[0].name == "County Warmline"


def test_an_environment_variable_naming_no_file_is_a_problem(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "gone.toml"
    monkeypatch.setenv("RECOVERY_TUI_SUPPORT_LINES", str(missing))
    result = load_support_lines(None)
    assert result.lines == DEFAULTS
    assert result.problem == f"RECOVERY_TUI_SUPPORT_LINES names {missing}, which does not exist{USING_DEFAULTS}"


MALFORMED = [
    pytest.param(b"\xff\xfe[[lines]]", "support-lines.toml: the file is not UTF-8 text (byte 1)", id="not-utf8"),
    pytest.param(
        '[[lines]\nname = "x"\n',
        "support-lines.toml: the file is not valid TOML"
        " (Expected ']]' at the end of an array declaration (at line 1, column 8))",
        id="not-toml",
    ),
    pytest.param("", "support-lines.toml: there are no [[lines]] entries", id="empty-file"),
    pytest.param("lines = []\n", "support-lines.toml: there are no [[lines]] entries", id="no-lines"),
    pytest.param(
        'lines = "988"\n', "support-lines.toml: lines should be a list of [[lines]] entries", id="lines-not-a-list"
    ),
    pytest.param(
        "lines = [1, 2]\n", "support-lines.toml: lines should be a list of [[lines]] entries", id="lines-not-tables"
    ),
    pytest.param(
        'title = "Help"\n' + ONE_LINE,
        "support-lines.toml: unknown setting “title” (only [[lines]] entries belong here)",
        id="unknown-setting",
    ),
    pytest.param(
        ONE_LINE + '[[lines]]\nname = "Second"\n',
        "support-lines.toml: lines[2].contact is missing",
        id="contact-missing",
    ),
    pytest.param(
        '[[lines]]\ncontact = "Call 555-0100"\n', "support-lines.toml: lines[1].name is missing", id="name-missing"
    ),
    pytest.param(
        '[[lines]]\nname = "   "\ncontact = "Call 555-0100"\n',
        "support-lines.toml: lines[1].name is empty",
        id="name-empty",
    ),
    pytest.param(
        '[[lines]]\nname = "Warmline"\ncontact = 5550100\n',
        "support-lines.toml: lines[1].contact should be text in quotes, not a number",
        id="contact-a-number",
    ),
    pytest.param(
        ONE_LINE + "extra = true\n",
        "support-lines.toml: lines[1].extra should be text in quotes, not true or false",
        id="extra-a-bool",
    ),
    pytest.param(
        ONE_LINE + 'note = ["a", "b"]\n',
        "support-lines.toml: lines[1].note should be text in quotes, not a list",
        id="note-a-list",
    ),
    pytest.param(
        ONE_LINE + 'phone = "555-0100"\n',
        "support-lines.toml: lines[1] has an unknown key “phone” (allowed: name, contact, extra, note)",
        id="unknown-key",
    ),
    pytest.param(ONE_LINE * 21, "support-lines.toml: there are 21 lines; at most 20 fit", id="too-many-lines"),
    pytest.param(
        ONE_LINE.replace("Harbor Warmline", "x" * 81),
        "support-lines.toml: lines[1].name is 81 characters long; at most 80 fit",
        id="name-too-long",
    ),
    pytest.param(
        ONE_LINE + f'note = "{"n" * 201}"\n',
        "support-lines.toml: lines[1].note is 201 characters long; at most 200 fit",
        id="note-too-long",
    ),
    pytest.param(
        ONE_LINE.replace("Harbor", "\\u001b]0;pwned\\u0007Harbor"),
        "support-lines.toml: lines[1].name contains a control character",
        id="escape-sequence",
    ),
    pytest.param(
        ONE_LINE + 'note = "two\\nlines"\n',
        "support-lines.toml: lines[1].note contains a control character",
        id="line-break",
    ),
    pytest.param(
        ONE_LINE.replace("Call", "Call\\u0085"),
        "support-lines.toml: lines[1].contact contains a control character",
        id="c1-control",
    ),
    pytest.param("# padding\n" * 7000 + ONE_LINE, "support-lines.toml: the file is larger than 64 KB", id="huge-file"),
]


@pytest.mark.parametrize(("text", "problem"), MALFORMED)
def test_a_malformed_file_gives_the_defaults_and_names_the_problem(
    agency_file: Path, text: str | bytes, problem: str
) -> None:
    write(agency_file, text)
    result = load_support_lines(agency_file)
    assert result.lines == DEFAULTS  # never a part of the agency's list
    assert result.problem == problem + USING_DEFAULTS
    assert result.source == agency_file


def test_a_file_that_cannot_be_read_is_a_problem(agency_file: Path) -> None:
    agency_file.mkdir()
    result = load_support_lines(agency_file)
    assert result.lines == DEFAULTS
    assert result.problem == "support-lines.toml is a folder, not a file" + USING_DEFAULTS


def test_a_pipe_is_not_read_so_the_screen_never_waits_on_it(agency_file: Path) -> None:
    os.mkfifo(agency_file)
    result = load_support_lines(agency_file)
    assert result.lines == DEFAULTS
    assert result.problem == "support-lines.toml is not an ordinary file" + USING_DEFAULTS


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_a_file_without_read_permission_is_a_problem(agency_file: Path) -> None:
    write(agency_file, ONE_LINE).chmod(0o000)
    result = load_support_lines(agency_file)
    assert result.lines == DEFAULTS
    assert result.problem == "support-lines.toml cannot be read (Permission denied)" + USING_DEFAULTS


def test_hostile_text_is_kept_literally_and_a_hostile_key_is_named_cleanly(agency_file: Path) -> None:
    write(agency_file, '[[lines]]\nname = "[bold]Warm[/]line [link=x]"\ncontact = "[red]Call 555-0100\\u202e"\n')
    [line] = load_support_lines(agency_file).lines
    assert line == SupportLine("[bold]Warm[/]line [link=x]", "[red]Call 555-0100")  # markup kept, bidi override gone

    write(agency_file, ONE_LINE + '"[bold]\\u001b[2Jphone" = "x"\n')
    problem = load_support_lines(agency_file).problem
    assert problem is not None and problem.isprintable()
    assert "“[bold][2Jphone”" in problem


def test_the_shipped_file_is_checked_by_the_same_rules(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A broken install still shows 988, and says why."""
    broken = tmp_path / "assets"
    broken.mkdir()
    write(broken / "support-lines.toml", ONE_LINE + "phone = 1\n")
    default_support_lines.cache_clear()
    try:
        with monkeypatch.context() as patch:
            patch.setattr(support_lines, "asset_path", lambda *parts: broken.joinpath(*parts))
            result = load_support_lines(None)
    finally:
        default_support_lines.cache_clear()
    assert result.lines == (SupportLine("988 Suicide & Crisis Lifeline", "Call or text 988"),)
    assert result.problem == (
        "the shipped support-lines.toml cannot be used (lines[1] has an unknown key “phone” "
        "(allowed: name, contact, extra, note)); showing the 988 line only"
    )
    assert load_support_lines(None).lines == DEFAULTS


def test_the_loader_never_imports_textual() -> None:
    from tests.test_import_hygiene import check

    assert check("recovery_tui.content.support_lines")["forbidden"] == []
