"""``casedesk letter render``: one letter's DOCX and PDF from the active template version.

Needs no database. When one is configured and migrated, a version it has activated wins over
the highest ``v<N>.docx`` on disk (DESIGN.md, CLI contract). Exit 0 written, 1 the letter could
not be made (missing context names on stderr, nothing written), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import AppError, MissingContext, NotFound
from core.settings import Settings
from core.vocab import LANGUAGES

if TYPE_CHECKING:
    from core.models import TemplateVersion

# The database and rendering modules are imported where they are used: every `casedesk`
# command builds this parser, and `casedesk redact` must not pay for loading them.

USAGE = 2
# The templates of the source tree, for a command run from another folder.
BUNDLED_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
FAILED = 1


def add_letter_parser(subparsers: Any) -> None:
    """Add ``letter render`` to the ``casedesk`` command's subparsers."""
    letter = subparsers.add_parser("letter", help="render a letter from a template")
    letter_sub = letter.add_subparsers(
        dest="letter_command", metavar="LETTER_COMMAND", required=True
    )
    render = letter_sub.add_parser(
        "render",
        help="write DIR/<kind>-<variant>-<lang>.docx and .pdf from the active template version",
    )
    render.add_argument("slot", metavar="KIND/VARIANT", help="e.g. decision/out_of_time")
    render.add_argument("--lang", required=True, choices=LANGUAGES)
    render.add_argument("--context", required=True, type=Path, metavar="FILE.json")
    render.add_argument("--out", required=True, type=Path, metavar="DIR")
    render.add_argument(
        "--templates", type=Path, default=None, help="templates folder (default: settings)"
    )
    render.set_defaults(func=cmd_letter_render)


def _usage(message: str) -> int:
    print(f"casedesk letter render: error: {message}", file=sys.stderr)
    return USAGE


def cmd_letter_render(settings: Settings, args: argparse.Namespace) -> int:
    from correspondence.catalog import check_slot
    from correspondence.letters import read_context_file, write_letter_files

    kind, slash, variant = str(args.slot).partition("/")
    if not slash or not kind or not variant:
        return _usage(f"{args.slot!r}: give the letter as KIND/VARIANT")
    root = _templates_root(args.templates, settings)
    try:
        check_slot(kind, variant, args.lang)
        context = read_context_file(args.context)
    except AppError as exc:
        return _usage(exc.message)
    try:
        version = database_version(settings, kind, variant, args.lang)
        if version is not None and not _has_file(root, kind, variant, args.lang, version.version):
            return _render_from_blob(settings, version, context, args)
        write_letter_files(
            root,
            kind,
            variant,
            args.lang,
            context,
            args.out,
            version.version if version is not None else None,
        )
    except MissingContext as exc:
        missing = exc.details.get("missing") or []
        print(f"{args.context}: missing_context: {exc.message}", file=sys.stderr)
        for name in missing:
            print(f"missing: {name}", file=sys.stderr)
        return FAILED
    except AppError as exc:
        print(f"{args.context}: {exc.code}: {exc.message}", file=sys.stderr)
        return FAILED
    stem = f"{kind}-{variant}-{args.lang}"
    print(f"{args.out / (stem + '.docx')}\n{args.out / (stem + '.pdf')}")
    return 0


def _templates_root(given: Path | None, settings: Settings) -> Path:
    """--templates, else the setting; a relative default missing here means the source tree's."""
    if given is not None:
        return given
    root = settings.templates_dir
    if not root.is_absolute() and not root.exists() and BUNDLED_TEMPLATES.is_dir():
        return BUNDLED_TEMPLATES
    return root


def _has_file(root: Path, kind: str, variant: str, lang: str, number: int) -> bool:
    from correspondence.catalog import active_version

    try:
        active_version(root, kind, variant, lang, override=number)
    except NotFound:
        return False
    return True


def _render_from_blob(
    settings: Settings, version: TemplateVersion, context: dict[str, Any], args: argparse.Namespace
) -> int:
    """The database's active version is not on this disk: use its stored copy."""
    from core.blobs import BlobStore
    from correspondence.letters import render_letter_bytes
    from correspondence.pdf import render_pdf

    blobs = BlobStore(settings.blob_dir, settings.max_upload_bytes)
    template = blobs.read_bytes(version.sha256)
    letter = render_letter_bytes(
        template,
        version.kind,
        version.variant,
        version.lang,
        context,
        template_version=version.version,
    )
    pdf = render_pdf(letter.docx)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{version.kind}-{version.variant}-{version.lang}"
    (out / f"{stem}.docx").write_bytes(letter.docx)
    (out / f"{stem}.pdf").write_bytes(pdf)
    print(f"{out / (stem + '.docx')}\n{out / (stem + '.pdf')}")
    return 0


def database_version(
    settings: Settings, kind: str, variant: str, lang: str
) -> TemplateVersion | None:
    """The version a configured, migrated database has activated for a slot, else None.

    A default SQLite file that does not exist is no database (and is not created); an
    unreachable or unmigrated database is ignored, since the files alone are enough.
    """
    from sqlalchemy import inspect, select
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from core.db import build_engine
    from core.models import TemplateVersion

    url = settings.database_url
    if settings.is_sqlite:
        database = make_url(url).database
        if not database or database == ":memory:" or not Path(database).is_file():
            return None
    try:
        engine = build_engine(url)
    except SQLAlchemyError:
        return None
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table(TemplateVersion.__tablename__):
                return None
            row = connection.execute(
                select(TemplateVersion).where(
                    TemplateVersion.kind == kind,
                    TemplateVersion.variant == variant,
                    TemplateVersion.lang == lang,
                    TemplateVersion.active.is_(True),
                )
            ).first()
            if row is None:
                return None
            return TemplateVersion(
                id=row.id,
                kind=row.kind,
                variant=row.variant,
                lang=row.lang,
                version=row.version,
                sha256=row.sha256,
            )
    except SQLAlchemyError as exc:
        print(
            f"note: the database was not read ({type(exc).__name__}); using the files",
            file=sys.stderr,
        )
        return None
    finally:
        engine.dispose()
