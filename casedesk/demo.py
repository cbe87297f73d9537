"""Demo data for ``make run``: users for each role, an API token, and samples/ as a case.

Idempotent: the generated password and token are kept in <data_dir>/demo-credentials.json
(readable by the owner only) and reused; the same sample bytes are never stored twice.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from sqlalchemy import select

from api import services
from api.state import build_state
from api.work import enqueue_after_commit
from core import audit
from core.auth import authenticate_token, create_token, create_user
from core.errors import NotAuthenticated
from core.models import Case, User
from core.settings import Settings
from core.vocab import Role

DEMO_USERS: dict[str, list[str]] = {
    "admin": [r.value for r in Role],
    "coordinator": [Role.COORDINATOR.value],
    "foi": [Role.FOI_OFFICER.value],
    "lead": [Role.TEAM_LEAD.value],
}
DEMO_CASE_TITLE = "Demo: complaint about an arrest outside a bar"
SKIP_SUFFIXES = (".json", ".md", ".py")


def _read_credentials(path: Path) -> dict[str, str]:
    if path.is_file():
        data: dict[str, str] = json.loads(path.read_text())
        return data
    return {}


def _write_credentials(path: Path, credentials: dict[str, str]) -> None:
    path.write_text(json.dumps(credentials, indent=2))
    os.chmod(path, 0o600)


def load_demo(settings: Settings, samples_dir: Path) -> str:
    """Create what is missing and return the text to print."""
    state = build_state(settings)
    credentials_path = settings.data_dir / "demo-credentials.json"
    credentials = _read_credentials(credentials_path)
    password = credentials.get("password") or secrets.token_urlsafe(9)
    enqueue_ids: list[int] = []
    with state.sessions() as session, session.begin():
        users: dict[str, User] = {}
        for username, roles in DEMO_USERS.items():
            user = session.execute(
                select(User).where(User.username == username)
            ).scalar_one_or_none()
            if user is None:
                user = create_user(session, username, password, roles, f"Demo {username}")
                audit.record(
                    session, "user.created", "user", user.id, actor_name="demo", roles=roles
                )
            users[username] = user
        token = credentials.get("token", "")
        try:
            authenticate_token(session, token)
        except NotAuthenticated:
            token = create_token(session, users["admin"], "demo").secret
        case = session.execute(
            select(Case).where(Case.title == DEMO_CASE_TITLE)
        ).scalar_one_or_none()
        if case is None:
            case = services.create_case(session, users["coordinator"], DEMO_CASE_TITLE, "CA-ON")
        sample_files = sorted(
            p
            for p in samples_dir.glob("*")
            if p.is_file() and not p.name.startswith(".") and p.suffix not in SKIP_SUFFIXES
        )
        for path in sample_files:
            with path.open("rb") as handle:
                document, created = services.take_upload(
                    state,
                    session,
                    case=case,
                    user=users["coordinator"],
                    source=handle,
                    filename=path.name,
                    content_type="",
                )
            if created:
                enqueue_ids.append(document.id)
        case_id = case.id
    for document_id in enqueue_ids:
        enqueue_after_commit(state, document_id)
    _write_credentials(credentials_path, {"password": password, "token": token})
    state.engine.dispose()
    base = f"http://{settings.host}:{settings.port}"
    return "\n".join(
        [
            "",
            "Casedesk demo is ready.",
            f"  Sign in at {base}/login as admin (all roles), coordinator, foi or lead",
            f"  password for each: {password}",
            f"  API token (admin): {token}",
            f"  Demo case: {base}/cases/{case_id}  ({len(sample_files)} sample files)",
            f"  Try: curl -H 'Authorization: Bearer {token}' {base}/api/cases",
            f"  (kept in {credentials_path})",
            "",
        ]
    )
