"""The template catalogue: published files under templates/<kind>/<variant>/<lang>/v<N>.docx.

Reads the folder and its manifest (the record of every published file's sha256), picks the active
version, checks an uploaded template against its context model, and publishes new versions.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import TemplateError as JinjaTemplateError
from jinja2 import TemplateSyntaxError, meta, nodes

from core.errors import Conflict, InvalidInput, NotFound, TemplateError
from core.files import write_atomic
from core.vocab import LANGUAGES, LETTER_VARIANTS
from correspondence import messages
from correspondence.contexts import context_model_for, template_variables
from correspondence.formatting import check_language
from correspondence.render import build_environment, open_template, template_sources

MANIFEST = "manifest.json"
_VERSION_FILE = re.compile(r"^v([1-9][0-9]*)\.docx$")
_SNIPPET = 80

# Every (kind, variant, lang) a template must exist for, in vocabulary order.
ALL_SLOTS: tuple[tuple[str, str, str], ...] = tuple(
    (kind, variant, lang)
    for kind, variants in LETTER_VARIANTS.items()
    for variant in variants
    for lang in LANGUAGES
)


@dataclass(frozen=True, slots=True)
class TemplateFile:
    kind: str
    variant: str
    lang: str
    version: int
    path: Path
    sha256: str


@dataclass(frozen=True, slots=True)
class PublishedTemplate:
    """One manifest entry: what was published, by whom, when and why."""

    kind: str
    variant: str
    lang: str
    version: int
    path: str  # relative to the templates root, POSIX separators
    sha256: str
    author: str
    date: str  # ISO date of publication
    change_note: str


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_slot(kind: str, variant: str, lang: str) -> None:
    """InvalidInput unless kind/variant/lang are in core.vocab."""
    if variant not in LETTER_VARIANTS.get(kind, ()):
        context_model_for(kind, variant)  # raises InvalidInput listing the known pairs
    check_language(lang)


def slot_dir(root: Path, kind: str, variant: str, lang: str) -> Path:
    check_slot(kind, variant, lang)
    return Path(root) / kind / variant / lang


def relative_path(kind: str, variant: str, lang: str, version: int) -> str:
    return f"{kind}/{variant}/{lang}/v{version}.docx"


def find_templates(root: Path) -> list[TemplateFile]:
    """Every v<N>.docx of a known kind/variant/lang under ``root``, sorted by slot and version."""
    found: list[TemplateFile] = []
    for kind, variant, lang in ALL_SLOTS:
        found.extend(_slot_files(Path(root), kind, variant, lang))
    return found


def _slot_files(root: Path, kind: str, variant: str, lang: str) -> list[TemplateFile]:
    folder = root / kind / variant / lang
    if not folder.is_dir():
        return []
    files: list[TemplateFile] = []
    for entry in folder.iterdir():
        match = _VERSION_FILE.match(entry.name)
        if match and entry.is_file():
            files.append(
                TemplateFile(
                    kind=kind,
                    variant=variant,
                    lang=lang,
                    version=int(match.group(1)),
                    path=entry,
                    sha256=sha256_hex(entry.read_bytes()),
                )
            )
    return sorted(files, key=lambda item: item.version)


def active_version(
    root: Path, kind: str, variant: str, lang: str, override: int | None = None
) -> TemplateFile:
    """The highest v<N>.docx of a slot, or version ``override`` (NotFound if absent)."""
    check_slot(kind, variant, lang)
    files = _slot_files(Path(root), kind, variant, lang)
    if override is not None:
        for item in files:
            if item.version == override:
                return item
        raise NotFound(
            f"template {kind}/{variant}/{lang} has no version {override}",
            kind=kind,
            variant=variant,
            lang=lang,
            version=override,
        )
    if not files:
        raise NotFound(
            f"no template for {kind}/{variant}/{lang}", kind=kind, variant=variant, lang=lang
        )
    return files[-1]


def check_template(docx_bytes: bytes, kind: str, variant: str) -> list[str]:
    """The problems that forbid publishing a template: unreadable file, broken tags, unknown
    filters, attribute access to internals, variables the kind's context model does not provide.
    """
    allowed = template_variables(context_model_for(kind, variant))
    try:
        template = open_template(docx_bytes)
        sources = template_sources(template)
    except TemplateError as exc:
        return [exc.message]
    # The language only changes how filters format values, not which ones exist.
    env = build_environment("en")
    problems: list[str] = []
    used: set[str] = set()
    for part, source in sources:
        try:
            tree = env.parse(source)
            # Jinja's introspection compiles the tree: unknown filters and tests surface here.
            used |= _undeclared(tree)
        except TemplateSyntaxError as exc:
            reason = messages.scrub(exc.message or "the tag cannot be read")
            problems.append(f"broken tag in {part}: {reason}{_near(source, exc.lineno)}")
            continue
        except JinjaTemplateError as exc:
            problems.append(f"in {part}: {messages.template_problem(exc)}")
            continue
        problems.extend(_unsafe_nodes(tree, part, env.filters, env.tests))
    unknown = sorted(used - allowed)
    if unknown:
        problems.append(
            f"uses variables that {kind}/{variant} letters do not provide: {', '.join(unknown)}"
        )
    return problems


def _undeclared(tree: nodes.Template) -> set[str]:
    return set(meta.find_undeclared_variables(tree))


def _near(source: str, lineno: int | None) -> str:
    """The visible text of the paragraph where Jinja stopped, so an author can find it."""
    if lineno is None:
        return ""
    lines = source.splitlines()
    if not 0 < lineno <= len(lines):
        return ""
    text = re.sub(r"<[^>]+>", "", lines[lineno - 1]).strip()
    return f' (near: "{messages.scrub(text[:_SNIPPET])}")' if text else ""


def _unsafe_nodes(tree: nodes.Template, part: str, filters: Any, tests: Any) -> list[str]:
    problems: list[str] = []
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        registry = filters if isinstance(node, nodes.Filter) else tests
        if node.name not in registry:
            what = "filter" if isinstance(node, nodes.Filter) else "test"
            problems.append(f"unknown {what} in {part}: {node.name}")
    # The sandbox would refuse these at render time; refusing the upload says so earlier.
    for getattr_node in tree.find_all(nodes.Getattr):
        if getattr_node.attr.startswith("_"):
            problems.append(f"access to an internal attribute in {part}: {getattr_node.attr}")
    for getitem in tree.find_all(nodes.Getitem):
        arg = getitem.arg
        if isinstance(arg, nodes.Const) and str(arg.value).startswith("_"):
            problems.append(f"access to an internal attribute in {part}: {arg.value}")
    return problems


def read_manifest(root: Path) -> list[PublishedTemplate]:
    """The manifest's entries; an absent manifest is an empty list."""
    path = Path(root) / MANIFEST
    if not path.exists():
        return []
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [PublishedTemplate(**entry) for entry in raw["templates"]]


def write_manifest(root: Path, entries: list[PublishedTemplate]) -> None:
    ordered = sorted(entries, key=lambda e: (e.kind, e.variant, e.lang, e.version))
    payload = {"templates": [asdict(entry) for entry in ordered]}
    write_atomic(
        Path(root) / MANIFEST,
        (json.dumps(payload, indent=2) + "\n").encode("utf-8"),
        make_parents=True,
    )


def find_manifest_problems(root: Path) -> list[str]:
    """Published files whose hash moved or that vanished, and template files never published."""
    root = Path(root)
    problems: list[str] = []
    published = {entry.path: entry for entry in read_manifest(root)}
    for entry in published.values():
        path = root / entry.path
        if not path.exists():
            problems.append(f"{entry.path}: published but missing")
        elif sha256_hex(path.read_bytes()) != entry.sha256:
            problems.append(f"{entry.path}: changed after publication (sha256 moved)")
    for item in find_templates(root):
        rel = relative_path(item.kind, item.variant, item.lang, item.version)
        if rel not in published:
            problems.append(f"{rel}: not in {MANIFEST} (publish it as a new version)")
    return problems


def publish_template(
    root: Path,
    kind: str,
    variant: str,
    lang: str,
    docx_bytes: bytes,
    *,
    author: str,
    change_note: str,
    published_on: date,
    version: int | None = None,
) -> PublishedTemplate:
    """Write a new version (the next number unless given) and record it in the manifest.

    Refuses a template with problems (InvalidInput listing them) and any version that already
    exists (Conflict): a published file never changes.
    """
    root = Path(root)
    check_slot(kind, variant, lang)
    problems = check_template(docx_bytes, kind, variant)
    if problems:
        raise InvalidInput("the template cannot be published", problems=problems)
    existing = _slot_files(root, kind, variant, lang)
    number = version if version is not None else (existing[-1].version + 1 if existing else 1)
    rel = relative_path(kind, variant, lang, number)
    entries = read_manifest(root)
    if (root / rel).exists() or any(entry.path == rel for entry in entries):
        raise Conflict(f"{rel} is already published; publish a new version instead", path=rel)
    entry = PublishedTemplate(
        kind=kind,
        variant=variant,
        lang=lang,
        version=number,
        path=rel,
        sha256=sha256_hex(docx_bytes),
        author=author,
        date=published_on.isoformat(),
        change_note=change_note,
    )
    write_atomic(root / rel, docx_bytes, make_parents=True)
    write_manifest(root, [*entries, entry])
    return entry
