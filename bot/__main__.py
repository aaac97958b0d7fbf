"""Command line: run (default), check, schema, migrate, console, health, backup, anki, stats."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import signal
import sys
import time
from pathlib import Path

from bot.app import StartupError
from bot.config import ConfigError, Settings

log = logging.getLogger("bot")

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
FLAGS = ("negative_discrimination", "too_hard", "too_easy", "unused_distractor")  # bot.domain.item_stats.Flag


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot", description="Study tutor bot for Discord.")
    sub = p.add_subparsers(dest="command")
    sub.add_parser("run", help="run the Discord bot (the default)")
    check = sub.add_parser("check", help="validate a course folder")
    check.add_argument("folder", nargs="?", help="course folder (default: TUTOR_CONTENT_DIR)")
    check.add_argument("--json", action="store_true", help="print counts as JSON")
    schema = sub.add_parser("schema", help="write JSON Schemas for editors")
    schema.add_argument("--out", default="schema", help="folder to write them to (default: ./schema)")
    sub.add_parser("migrate", help="apply database migrations")
    console = sub.add_parser("console", help="use the course in this terminal, without Discord")
    console.add_argument("--lang", choices=("en", "es"), default="en")
    sub.add_parser("health", help="exit 0 if the running bot is healthy (for container health checks)")
    backup = sub.add_parser("backup", help="copy the database consistently, even while the bot runs")
    backup.add_argument("path", help="the new backup file, e.g. backups/tutor-2026-11-23.db")
    anki = sub.add_parser("anki", help="write the course (or one topic) as an Anki deck")
    anki.add_argument("path", help="the deck to write, e.g. course-es.apkg")
    anki.add_argument("--topic", help="only this topic (its id or title)")
    anki.add_argument("--lang", choices=("en", "es"), default="en")
    stats = sub.add_parser("stats", help="item statistics: share right, discrimination, flags (most flagged first)")
    stats.add_argument("--csv", action="store_true", help="write CSV, one row per item and language")
    stats.add_argument("--topic", help="only this topic (its id or title)")
    stats.add_argument("--flag", choices=FLAGS, help="only the items with this flag")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    command = args.command or "run"
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    configure_logging(settings)
    try:
        if command == "check":
            return cmd_check(settings, args)
        if command == "schema":
            return cmd_schema(Path(args.out))
        if command == "migrate":
            return asyncio.run(cmd_migrate(settings))
        if command == "console":
            return asyncio.run(cmd_console(settings, args.lang))
        if command == "health":
            return cmd_health(settings)
        if command == "backup":
            return cmd_backup(settings, Path(args.path))
        if command == "anki":
            return cmd_anki(settings, args)
        if command == "stats":
            return asyncio.run(cmd_stats(settings, args))
        settings.require_token()
        from bot.discord.runner import run_bot  # imported here: only `run` needs discord.py

        return asyncio.run(run_bot(settings))
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_OK
    except StartupError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAIL
    except OSError as exc:
        if not exc.filename:  # not a path's fault: a real fault, with its traceback
            raise
        # a path the command was given or configured with: one line, not a traceback
        print(f"cannot use {exc.filename}: {exc.strerror or exc}: check the path and its permissions",
              file=sys.stderr)
        return EXIT_FAIL


def configure_logging(settings: Settings) -> None:
    from bot.logs import setup

    setup(settings)


def cmd_check(settings: Settings, args: argparse.Namespace) -> int:
    from bot.content import ContentErrors, load_course
    from bot.content.loader import folder_problem

    folder = Path(args.folder) if args.folder else settings.content_dir
    problem = folder_problem(folder)
    if problem:  # not the course's fault but the command's: a usage error, like a bad setting
        if args.json:
            print(json.dumps({"ok": False, "errors": [f"{folder}: {problem}"]}, indent=2))
        print(f"{folder}: {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        catalog = load_course(folder, display_root=str(folder))
    except ContentErrors as exc:
        if args.json:
            print(json.dumps({"ok": False, "errors": [str(e) for e in exc.errors]}, indent=2))
        else:
            print(exc.report())
            print(f"{len(exc.errors)} error(s): the course was not loaded.", file=sys.stderr)
        return EXIT_FAIL
    counts = catalog.counts()
    if args.json:
        print(json.dumps({"ok": True, "warnings": list(catalog.warnings), **counts}, indent=2,
                         ensure_ascii=False))
        return EXIT_OK
    for warning in catalog.warnings:
        print(f"warning: {warning}")
    kinds = counts["kinds"]
    print(f"{catalog.course.id} {catalog.course.version} ({catalog.fingerprint}): OK")
    print("  " + ", ".join(f"{n} {k}" for k, n in kinds.items()))
    print("  quiz formats: " + ", ".join(f"{n} {k}" for k, n in counts["formats"].items()))
    return EXIT_OK


def cmd_schema(out: Path) -> int:
    from bot.content.schema import write_schemas

    for path in write_schemas(out):
        print(path)
    return EXIT_OK


async def cmd_migrate(settings: Settings) -> int:
    from bot.storage import StorageError, open_database
    from bot.storage.migrations import current_version, migrate

    try:
        db = await open_database(settings.database)
        try:
            applied = await migrate(db)
            print(f"{db.where}: schema version {await current_version(db)}"
                  f" ({len(applied)} migration(s) applied)")
        finally:
            await db.close()
    except StorageError as exc:
        raise StartupError(f"database problem: {exc}") from None
    return EXIT_OK


async def cmd_console(settings: Settings, lang: str) -> int:
    from bot.app import open_app
    from bot.console import ConsoleSession

    quiet_console_logs()
    terminal = sys.stdin.isatty()
    if terminal:
        import readline  # noqa: F401  (importing it gives input() line editing and history)
    app = await open_app(settings)
    # Ctrl-C cancels the session as a callback of the event loop: a KeyboardInterrupt raised wherever the loop
    # happens to be (inside the callback that hands a database result back, say) can leave app.close() waiting
    # on a result that never comes, and the database's threads keep the process alive. For the same reason a
    # Ctrl-C once the session is over is ignored: the close is short, and cut short it would hang the exit.
    loop = asyncio.get_running_loop()
    session = asyncio.current_task()
    over = False

    def interrupt() -> None:
        nonlocal over
        if not over:
            over = True
            session.cancel()

    with contextlib.suppress(NotImplementedError, RuntimeError):  # a loop or platform without signal handlers
        loop.add_signal_handler(signal.SIGINT, interrupt)
    try:
        with terminal_restored(terminal):
            await ConsoleSession(app, sys.stdin, sys.stdout, lang=lang, line_editing=terminal).run()
    except asyncio.CancelledError:  # Ctrl-C: the session has said goodbye
        pass
    finally:
        over = True
        await app.close()
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.remove_signal_handler(signal.SIGINT)
    return EXIT_OK


def quiet_console_logs() -> None:
    """The console's screen is the learner's: routine log lines (migrations applied, the course loaded) are not
    mixed into it. Warnings and errors still show, on stderr; TUTOR_LOG_LEVEL=DEBUG keeps everything."""
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, logging.StreamHandler) and handler.stream is sys.stdout:
            handler.setStream(sys.stderr)
            if root.level > logging.DEBUG:
                handler.setLevel(logging.WARNING)


@contextlib.contextmanager
def terminal_restored(terminal: bool):
    """Ctrl-C can end the console while line editing holds the terminal in its own mode: put it back."""
    if not terminal:
        yield
        return
    import termios

    saved = termios.tcgetattr(sys.stdin.fileno())
    try:
        yield
    finally:
        termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, saved)


def cmd_health(settings: Settings) -> int:
    from bot.health import check_heartbeat

    ok, message = check_heartbeat(settings)
    print(message)
    return EXIT_OK if ok else EXIT_FAIL


def cmd_backup(settings: Settings, path: Path) -> int:
    from bot.storage import StorageError
    from bot.storage.backup import backup

    if not isinstance(settings.database, Path):
        raise StartupError("backup copies a SQLite file; for PostgreSQL use pg_dump (see README, "
                           "'Running on PostgreSQL')")
    try:
        report = backup(settings.database, path)
    except StorageError as exc:
        raise StartupError(f"backup problem: {exc}") from None
    print(f"{report.path}: {report.pages} pages, schema version {report.schema_version}, "
          f"{report.attempts} answers from {report.learners} learners; integrity ok")
    return EXIT_OK


def cmd_anki(settings: Settings, args: argparse.Namespace) -> int:
    """The course's deck for moderators to share: every card, or one topic's, read from the course folder."""
    from bot.content import ContentErrors, load_course
    from bot.domain import lookup
    from bot.domain.errors import Ambiguous, NotFound
    from bot.services.anki import build, course_notes

    try:
        catalog = load_course(settings.content_dir)
    except ContentErrors as exc:
        raise StartupError(f"the course in {settings.content_dir} has errors:\n{exc.report(limit=30)}") from None
    try:
        topic = lookup.topic(catalog, args.topic, args.lang).id if args.topic else None
    except (NotFound, Ambiguous) as exc:  # the command line's own hint: the learners' text names Discord's lists
        problem = ("fits more than one topic: give one of these ids, or more of its title" if isinstance(exc, Ambiguous)
                   else "is no topic in the course: give one of these ids, or a topic's title")
        print(f"--topic {args.topic!r} {problem}\n"
              f"topics: {', '.join(catalog.topics)}", file=sys.stderr)
        return EXIT_USAGE
    deck = build(catalog, course_notes(catalog, args.lang, topic), args.lang, topic or "all", time.time())
    Path(args.path).write_bytes(deck.data)
    print(f"{args.path}: {deck.cards} cards ({catalog.course.id} {catalog.course.version},"
          f" {topic or 'the whole course'}, {args.lang})")
    return EXIT_OK


async def cmd_stats(settings: Settings, args: argparse.Namespace) -> int:
    """Item statistics from the database, for teachers: a table, or CSV for a spreadsheet."""
    from bot.app import open_app
    from bot.domain.errors import Ambiguous, NotFound
    from bot.services.item_stats import csv_rows

    app = await open_app(settings)
    try:
        try:
            entries = await app.item_stats.report(args.topic, args.flag)
        except (NotFound, Ambiguous):
            print(f"--topic {args.topic!r} is no single topic of the course: give one of these ids\n"
                  f"topics: {', '.join(app.course.catalog.topics)}", file=sys.stderr)
            return EXIT_USAGE
        places = [await app.item_stats.place(e.stats.item_id) for e in entries]
    finally:
        await app.close()
    rows = csv_rows(entries, places)
    if args.csv:
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerows(rows)
        return EXIT_OK
    if not entries:
        print("no answers yet" + (f" with {args.flag}" if args.flag else ""))
        return EXIT_OK
    header, *body = rows
    for row in body:
        record = dict(zip(header, row, strict=True))
        print(f"{record['item']} [{record['lang']}] {record['place'] or '(no file)'}: {record['answered']} answers,"
              f" {record['share_right']} right, discrimination {record['discrimination'] or '-'},"
              f" median {record['median_seconds'] or '-'} s, most given wrong: {record['top_wrong'] or '-'}"
              f" ({record['top_wrong_count']}){'; ' + record['flags'] if record['flags'] else ''}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
