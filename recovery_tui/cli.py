"""The command line: its arguments, running the app and the demo, printing an instrument; the commands
that read or write the records are in ``record_commands``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from recovery_tui import __version__, audit_commands, record_commands
from recovery_tui.config import Settings, SettingsError, debug_from_environment, load_settings
from recovery_tui.record_commands import CommandError, open_records, print_json
from recovery_tui.store import server
from recovery_tui.store.errors import StoreError

SOMETHING_WENT_WRONG = (
    "Something went wrong and was not saved. Please try again; if it keeps happening, ask the agency's IT contact."
)


def _parser() -> argparse.ArgumentParser:
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="folder for the data (or set RECOVERY_TUI_DATA_DIR)",
    )
    where.add_argument(
        "--database",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="sqlite:///FILE or postgresql://... (or set RECOVERY_TUI_DATABASE)",
    )
    where.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the full error when something goes wrong (or set RECOVERY_TUI_DEBUG=1)",
    )

    parser = argparse.ArgumentParser(
        prog="recovery-tui",
        description="Peer recovery support sessions at one keyboard. With no command, starts the app.",
        parents=[where],
    )
    parser.add_argument("--version", action="version", version=f"recovery-tui {__version__}")
    parser.add_argument(
        "--console",
        action="store_true",
        help="draw with the glyphs a bare Linux console has (on by itself where TERM=linux; or RECOVERY_TUI_CONSOLE=1)",
    )
    parser.add_argument(
        "--kiosk",
        action="store_true",
        help="kiosk mode: a worker with a PIN first, quitting needs a PIN, the screen locks when idle "
        "(or kiosk = true in config.toml in the data folder, or RECOVERY_TUI_KIOSK=1)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    export = commands.add_parser("export", parents=[where], help="write the records to a file")
    export.add_argument(
        "format",
        choices=["json", "csv", "fhir", "plan"],
        help="json: the full, lossless record; csv: one row per completed scale, without names; "
        "fhir: a FHIR R4 Bundle of QuestionnaireResponses; plan: one participant's take-home plan",
    )
    export.add_argument("--out", metavar="FILE", type=Path, help="write here (mode 0600) instead of standard output")
    export.add_argument("--participant", metavar="P", help="plan, csv, fhir: the participant's id or agency ID")
    export.add_argument("--with-agency-id", action="store_true", help="csv: add the agency ID")
    export.add_argument("--with-names", action="store_true", help="csv, fhir: add first names")
    export.add_argument(
        "--include",
        metavar="PARTS",
        help="plan: the parts, comma-separated, from focus,activities,helpers,support,score (default: all but score)",
    )

    audit_commands.add_parser(commands, where)

    backup = commands.add_parser("backup", parents=[where], help="a consistent copy of the store, while the app runs")
    backup.add_argument("path", metavar="PATH", type=Path, help="the copy to write (mode 0600)")

    commands.add_parser(
        "migrate",
        parents=[where],
        help="upgrade the records to this version (on a server, run by the agency with the role that owns them)",
    )

    commands.add_parser("demo", help="practise on fictional participants; the real records are not touched")

    commands.add_parser(
        "encrypt",
        parents=[where],
        help="encrypt the records and their backup copies with a passphrase (asked twice, or RECOVERY_TUI_PASSPHRASE)",
    )
    commands.add_parser(
        "rekey",
        parents=[where],
        help="change the passphrase (the new one asked twice, or RECOVERY_TUI_NEW_PASSPHRASE)",
    )

    erase = commands.add_parser(
        "erase",
        parents=[where],
        help="erase a participant for good: every record, their take-home files and what upgrade copies hold",
    )
    erase.add_argument("--participant", metavar="P", required=True, help="the participant's id or agency ID")
    erase.add_argument(
        "--confirm", metavar="NAME", help="their first name, for a script (else it is asked on the terminal)"
    )

    read = commands.add_parser("import", parents=[where], help="read a JSON export back in, merging by id")
    read.add_argument("file", metavar="FILE", type=Path)

    form = commands.add_parser("questionnaire", help="print an instrument as a FHIR R4 Questionnaire")
    form.add_argument("instrument", metavar="CODE", help="for example idaho-rcs")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    debug = getattr(args, "debug", False) or debug_from_environment()
    try:
        if args.command in {"questionnaire", "demo"}:
            server.keep_driver_out()
        if args.command == "questionnaire":
            return _questionnaire(args.instrument)
        if args.command == "demo":
            from recovery_tui.demo import run_demo

            return run_demo(debug, console=args.console)
        settings = load_settings(
            getattr(args, "data_dir", None),
            getattr(args, "database", None),
            getattr(args, "console", False),
            getattr(args, "kiosk", False),
        )
        if not server.is_server_url(settings.database_url):
            server.keep_driver_out()
        if args.command == "migrate":
            return record_commands.migrate(settings)
        if args.command == "export" and args.format == "plan":
            return record_commands.export_plan(settings, args.participant, args.out, args.include)
        if args.command == "export" and args.format in {"csv", "fhir"}:
            return record_commands.export_report(settings, args)
        if args.command == "export":
            return record_commands.export_json(settings, args.out)
        if args.command == "audit":
            return audit_commands.print_audit(settings, args)
        if args.command == "backup":
            return record_commands.backup(settings, args.path)
        if args.command == "import":
            return record_commands.import_file(settings, args.file)
        if args.command == "erase":
            from recovery_tui import erasure_commands

            return erasure_commands.erase(settings, args.participant, args.confirm)
        if args.command in {"encrypt", "rekey"}:
            from recovery_tui import encryption_commands

            return (
                encryption_commands.encrypt(settings)
                if args.command == "encrypt"
                else encryption_commands.rekey(settings)
            )
        return _run_app(settings, debug)
    except (CommandError, SettingsError) as error:
        print(f"recovery-tui: {error}", file=sys.stderr)
        return 1
    except StoreError as error:  # e.g. the file is locked by a running app for longer than the busy timeout
        print(f"recovery-tui: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception:
        # A traceback can carry names and values from the records: never on a shared screen.
        if debug:
            raise
        print(f"recovery-tui: {SOMETHING_WENT_WRONG}", file=sys.stderr)
        return 1


def _questionnaire(code: str) -> int:
    from recovery_tui.content.instruments import InstrumentError, load_instrument
    from recovery_tui.exchange.fhir import questionnaire

    try:
        resource = questionnaire(load_instrument(code))
    except InstrumentError as error:
        raise CommandError(str(error)) from None
    print_json(resource)
    return 0


def _run_app(settings: Settings, debug: bool) -> int:
    """Open the records and run the app; an encrypted store's passphrase (unless RECOVERY_TUI_PASSPHRASE
    opens it) is asked by the app on a screen of its own, with an opener made here: the UI never
    imports the database module."""
    from recovery_tui.store.database import APP_WAIT_SECONDS, open_store
    from recovery_tui.store.encryption import PassphraseNeeded, WrongPassphrase

    try:
        open_records(settings, for_the_app=True)
        asks_passphrase = False
    except (PassphraseNeeded, WrongPassphrase):  # none in RECOVERY_TUI_PASSPHRASE, or not the right one
        asks_passphrase = True
    from recovery_tui.ui.app import RecoveryApp

    app = RecoveryApp(
        support_lines_file=settings.data_dir / "support-lines.toml",
        debug=debug,
        log_dir=settings.data_dir,
        settings=settings,
        open_store=(lambda passphrase: open_store(settings, APP_WAIT_SECONDS, passphrase)) if asks_passphrase else None,
    )
    app.run()
    return app.return_code or 0
