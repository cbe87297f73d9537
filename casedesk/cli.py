"""The ``casedesk`` command: reads settings once and wires the API, the worker and the libraries.

Exit codes follow DESIGN.md's CLI contract: 0 success, 1 some input failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from casedesk.disclose_cli import add_disclose_parser
from casedesk.letters_cli import add_letter_parser
from core.errors import AppError
from core.settings import Settings, read_settings
from core.vocab import JURISDICTIONS, LANGUAGES, POLICIES, Role

if TYPE_CHECKING:
    from sqlalchemy import Engine

# Database modules are imported by the commands that use them: `casedesk redact` and
# `casedesk extract` work on files alone and should not pay for loading them.

log = logging.getLogger("casedesk")

NOT_YET = {
    "letter": "the letters issue",
}


def _engine_for(settings: Settings) -> Engine:
    from core.db import build_engine

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return build_engine(settings.database_url)


def cmd_db_upgrade(settings: Settings, _args: argparse.Namespace) -> int:
    from core.migrate import upgrade_database

    engine = _engine_for(settings)
    upgrade_database(engine)
    engine.dispose()
    print(f"database is at the newest schema ({_redacted_url(settings.database_url)})")
    return 0


def _redacted_url(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


def cmd_users_add(settings: Settings, args: argparse.Namespace) -> int:
    password = args.password or os.environ.get("CASEDESK_NEW_PASSWORD")
    if not password:
        if not sys.stdin.isatty():
            print("error: give --password (no terminal to ask on)", file=sys.stderr)
            return 2
        password = getpass.getpass(f"password for {args.username}: ")
    from sqlalchemy import select

    from core import audit
    from core.auth import create_user
    from core.db import build_sessionmaker, transaction
    from core.models import User

    sessions = build_sessionmaker(_engine_for(settings), info=audit.session_info(settings))
    with transaction(sessions) as session:
        if session.execute(select(User).where(User.username == args.username)).scalar_one_or_none():
            print(f"error: user {args.username!r} exists", file=sys.stderr)
            return 1
        user = create_user(session, args.username, password, args.role, args.display_name)
        audit.record(session, "user.created", "user", user.id, actor_name="cli", roles=user.roles)
    print(f"user {args.username} created with roles {', '.join(sorted(args.role))}")
    return 0


def cmd_tokens_create(settings: Settings, args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from core import audit
    from core.auth import create_token
    from core.db import build_sessionmaker, transaction
    from core.models import User

    sessions = build_sessionmaker(_engine_for(settings), info=audit.session_info(settings))
    with transaction(sessions) as session:
        user = session.execute(
            select(User).where(User.username == args.username)
        ).scalar_one_or_none()
        if user is None:
            print(f"error: no user {args.username!r}", file=sys.stderr)
            return 1
        issued = create_token(session, user, args.name)
        audit.record(
            session,
            "token.created",
            "api_token",
            issued.token.id,
            actor_name="cli",
            user_id=user.id,
        )
    print(issued.secret)
    return 0


def cmd_audit_verify(settings: Settings, _args: argparse.Namespace) -> int:
    """Check the keyed chain and every signed checkpoint; exit 1 names what broke."""
    from core import audit
    from core.db import build_sessionmaker

    config = audit.config_from(settings)
    sessions = build_sessionmaker(_engine_for(settings), info=audit.session_info(settings))
    with sessions() as session:
        report = audit.verify(session, config)
    problem = report.problem
    if problem is None:
        last = report.last_good_checkpoint
        anchored = f"; last checkpoint: event {last.seq} at {last.at}" if last else ""
        print(
            f"audit chain intact: {report.events} event(s), "
            f"{report.checkpoints} checkpoint(s){anchored}"
        )
        for note in report.notes:
            print(f"note: {note}")
        return 0
    where = f"event {problem.seq}" + (f" (row id {problem.event_id})" if problem.event_id else "")
    print(f"audit chain BROKEN at {where}: {problem.reason}")
    return 1


def cmd_audit_checkpoint(settings: Settings, _args: argparse.Namespace) -> int:
    """Append a signed checkpoint of the committed head now (e.g. from cron)."""
    from core import audit
    from core.db import build_sessionmaker

    config = audit.config_from(settings)
    sessions = build_sessionmaker(_engine_for(settings), info=audit.session_info(settings))
    with sessions() as session:
        checkpoint = audit.checkpoint_now(session, config)
    if checkpoint is None:
        print("the audit log is empty: nothing to checkpoint")
        return 0
    print(f"checkpoint of event {checkpoint.seq} written to {config.checkpoint_path}")
    return 0


def cmd_worker(settings: Settings, args: argparse.Namespace) -> int:
    from celery.signals import task_received, worker_ready, worker_shutdown

    from worker.recovery import ReceiptMarker, Sweeper, requeue_unfinished
    from worker.resources import stop_stale
    from worker.tasks import build_worker_app, preload_models

    settings.check_runtime()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    stop_stale(settings)  # LibreOffice left running by a worker that was killed
    app = build_worker_app(settings)
    if args.pool == "prefork":
        started = time.monotonic()
        languages = preload_models(settings)
        print(
            f"models loaded for {', '.join(languages)} in {time.monotonic() - started:.1f} s "
            "(shared by the pool processes)",
            file=sys.stderr,
        )
    count = requeue_unfinished(settings, app)
    if count:
        print(f"re-enqueued {count} unfinished document(s)", file=sys.stderr)
    # Once the pool runs, the main process sweeps for work whose worker died (every
    # CASEDESK_SWEEP_INTERVAL s), so a killed pool child never stalls the queue until a restart.
    sweeper = Sweeper(settings, app)
    worker_ready.connect(lambda **_: sweeper.start(), weak=False)
    worker_shutdown.connect(lambda **_: sweeper.stop(), weak=False)
    # Each message taken stamps its row, so one lost with a child killed before its delivery
    # began is found by the sweep too.
    task_received.connect(ReceiptMarker(settings).on_received, weak=False)
    argv = [
        "worker",
        "--loglevel",
        args.loglevel,
        "--concurrency",
        str(args.concurrency or settings.worker_concurrency),
        "--pool",
        args.pool,
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-Q",
        settings.queue_name,
    ]
    if args.hostname:
        argv += ["--hostname", args.hostname]
    app.worker_main(argv)
    return 0


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app

    settings.check_runtime()
    cmd_db_upgrade(settings, args)
    worker: subprocess.Popen[bytes] | None = None
    if not args.no_worker:
        worker = subprocess.Popen([sys.executable, "-m", "casedesk", "worker"])

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        print(f"Casedesk at http://{settings.host}:{settings.port}  (API docs at /docs)")
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")
    except KeyboardInterrupt:
        pass
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
            from worker.resources import stop_stale

            stop_stale(settings)  # what a worker killed before its own clean-up left running
    return 0


def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    """Demo users and the samples as a demo case; prints how to sign in and a ready token."""
    from casedesk.demo import load_demo

    cmd_db_upgrade(settings, args)
    summary = load_demo(settings, Path(args.samples))
    print(summary)
    return 0


def cmd_not_yet(name: str) -> Callable[[Settings, argparse.Namespace], int]:
    def run(_settings: Settings, _args: argparse.Namespace) -> int:
        print(f"casedesk {name}: not available yet (arrives with {NOT_YET[name]})", file=sys.stderr)
        return 2

    return run


def run_later(module: str, name: str) -> Callable[[Settings, argparse.Namespace], int]:
    """A command whose module is imported only when the command runs: `casedesk redact` and
    `casedesk extract` load spaCy and Presidio, which `--help`, `serve` or `db upgrade` should
    not wait for (about 1.4 s)."""

    def run(settings: Settings, args: argparse.Namespace) -> int:
        command: Callable[[Settings, argparse.Namespace], int] = getattr(
            importlib.import_module(module), name
        )
        return command(settings, args)

    return run


def add_file_parsers(sub: Any) -> None:
    """The commands that work on files alone (no database, no server): DESIGN.md's CLI contract."""
    extract = sub.add_parser("extract", help="extract allegations, dates and parties from files")
    extract.add_argument("inputs", nargs="+", metavar="FILE_OR_DIR")
    extract.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    extract.add_argument("--jurisdiction", choices=JURISDICTIONS, default=None)
    extract.add_argument("--lang", choices=["auto", *LANGUAGES], default="auto")
    extract.set_defaults(func=run_later("casedesk.extract_cli", "run_extract"))

    redact = sub.add_parser("redact", help="redact files into leak-checked PDFs")
    redact.add_argument("inputs", nargs="+", metavar="FILE_OR_DIR")
    redact.add_argument("--out", required=True, metavar="DIR", help="folder for the outputs")
    redact.add_argument("--policy", choices=POLICIES, default="public")
    redact.add_argument("--jurisdiction", choices=JURISDICTIONS, default=None)
    redact.add_argument("--lang", choices=["auto", *LANGUAGES], default="auto")
    redact.set_defaults(func=run_later("casedesk.redact_cli", "run_redact"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casedesk",
        description="Casedesk: complaints, facts, FOI redaction and letters.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = sub.add_parser("serve", help="run the API and pages with a worker beside them")
    serve.add_argument("--no-worker", action="store_true", help="do not start a worker")
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="run a worker process (re-enqueues unfinished work)")
    worker.add_argument("--concurrency", type=int, default=0)
    worker.add_argument("--pool", default="prefork", choices=["prefork", "solo", "threads"])
    worker.add_argument("--loglevel", default="INFO")
    worker.add_argument("--hostname", default="")
    worker.set_defaults(func=cmd_worker)

    db = sub.add_parser("db", help="database commands")
    db_sub = db.add_subparsers(dest="db_command", metavar="DB_COMMAND", required=True)
    db_sub.add_parser("upgrade", help="create or migrate the schema").set_defaults(
        func=cmd_db_upgrade
    )

    users = sub.add_parser("users", help="user commands")
    users_sub = users.add_subparsers(dest="users_command", metavar="USERS_COMMAND", required=True)
    add = users_sub.add_parser("add", help="add a user")
    add.add_argument("username")
    add.add_argument("--role", action="append", required=True, choices=[r.value for r in Role])
    add.add_argument("--password", help="else CASEDESK_NEW_PASSWORD, else asked for")
    add.add_argument("--display-name")
    add.set_defaults(func=cmd_users_add)

    tokens = sub.add_parser("tokens", help="API token commands")
    tokens_sub = tokens.add_subparsers(
        dest="tokens_command", metavar="TOKENS_COMMAND", required=True
    )
    create = tokens_sub.add_parser("create", help="create an API token and print it once")
    create.add_argument("username")
    create.add_argument("--name", default="cli")
    create.set_defaults(func=cmd_tokens_create)

    audit_parser = sub.add_parser("audit", help="audit log commands")
    audit_sub = audit_parser.add_subparsers(
        dest="audit_command", metavar="AUDIT_COMMAND", required=True
    )
    audit_sub.add_parser(
        "verify", help="check the keyed hash chain against its signed checkpoints"
    ).set_defaults(func=cmd_audit_verify)
    audit_sub.add_parser(
        "checkpoint", help="append a signed checkpoint of the chain's head now"
    ).set_defaults(func=cmd_audit_checkpoint)

    demo = sub.add_parser("demo", help="load demo users and the samples/ case")
    demo.add_argument("--samples", default="samples")
    demo.set_defaults(func=cmd_demo)

    add_letter_parser(sub)

    add_file_parsers(sub)

    add_disclose_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # Presidio logs every recognizer it loads; its warnings still show.
    logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)
    # pypdf warns about fonts it parses partly, in its own words with object reprs
    # ("IndirectObject(70, 0, 1398…)"); what happened to each file is our own one line.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    # pikepdf announces its logger bridge at INFO on import: nothing a user needs to read.
    logging.getLogger("pikepdf").setLevel(logging.WARNING)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = read_settings()
        code: int = args.func(settings, args)
    except AppError as exc:
        print(f"error: {exc.code}: {exc.message}", file=sys.stderr)
        return 2 if exc.status_code == 500 and exc.code == "invalid_settings" else 1
    return code


if __name__ == "__main__":
    sys.exit(main())
