"""Audit chain: appended in the change's transaction; edits, deletions and reordering found."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from api.state import AppState
from casedesk.cli import main
from core import audit
from core.db import transaction
from core.models import AuditEvent


def _append(state: AppState, count: int) -> None:
    for index in range(count):
        with transaction(state.sessions) as session:
            audit.record(session, "case.created", "case", index + 1, actor_name="test", n=index)


def _events(state: AppState) -> list[AuditEvent]:
    with state.sessions() as session:
        return list(session.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars())


def test_chain_links_each_event_to_the_previous(state: AppState) -> None:
    _append(state, 4)
    events = _events(state)
    assert [e.seq for e in events] == [1, 2, 3, 4]
    assert events[0].prev_hash == audit.GENESIS_HASH
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(events))
    with state.sessions() as session:
        assert audit.verify_chain(session) is None


def test_event_is_rolled_back_with_its_change(state: AppState) -> None:
    with pytest.raises(RuntimeError), transaction(state.sessions) as session:
        audit.record(session, "case.created", "case", 1, actor_name="test")
        raise RuntimeError("the change failed")
    assert _events(state) == []
    with state.sessions() as session:
        assert audit.verify_chain(session) is None


def _edit_details(state: AppState) -> None:
    with transaction(state.sessions) as session:
        session.execute(update(AuditEvent).where(AuditEvent.seq == 3).values(details={"n": 99}))


def _edit_action(state: AppState) -> None:
    with transaction(state.sessions) as session:
        session.execute(update(AuditEvent).where(AuditEvent.seq == 3).values(action="case.deleted"))


def _delete_middle(state: AppState) -> None:
    with transaction(state.sessions) as session:
        session.execute(delete(AuditEvent).where(AuditEvent.seq == 3))


def _delete_last(state: AppState) -> None:
    with transaction(state.sessions) as session:
        session.execute(delete(AuditEvent).where(AuditEvent.seq == 5))


def _swap(state: AppState) -> None:
    with transaction(state.sessions) as session:
        session.execute(update(AuditEvent).where(AuditEvent.seq == 3).values(seq=-3))
        session.execute(update(AuditEvent).where(AuditEvent.seq == 4).values(seq=3))
        session.execute(update(AuditEvent).where(AuditEvent.seq == -3).values(seq=4))


@pytest.mark.parametrize(
    ("tamper", "first_bad"),
    [
        pytest.param(_edit_details, 3, id="edited-details"),
        pytest.param(_edit_action, 3, id="edited-action"),
        pytest.param(_delete_middle, 3, id="deleted-row"),
        pytest.param(_delete_last, 5, id="deleted-last-row"),
        pytest.param(_swap, 3, id="reordered-rows"),
    ],
)
def test_verify_reports_the_first_tampered_row(
    state: AppState, tamper: object, first_bad: int
) -> None:
    _append(state, 5)
    tamper(state)  # type: ignore[operator]
    with state.sessions() as session:
        problem = audit.verify_chain(session)
    assert problem is not None
    assert problem.seq == first_bad


def test_cli_audit_verify_exit_codes(
    state: AppState, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CASEDESK_DATABASE_URL", state.settings.database_url)
    monkeypatch.setenv("CASEDESK_DATA_DIR", str(state.settings.data_dir))
    _append(state, 3)
    assert main(["audit", "verify"]) == 0
    _edit_details(state)
    assert main(["audit", "verify"]) == 1
    assert "BROKEN at event 3" in capsys.readouterr().out


@pytest.mark.parametrize(
    "details",
    [
        pytest.param({"note": "Jane Smith punched me"}, id="free-text"),
        pytest.param({"names": ["a b"]}, id="list-with-text"),
        pytest.param({"blob": {"nested": 1}}, id="nested-object"),
    ],
)
def test_details_refuse_text(state: AppState, details: dict[str, Any]) -> None:
    with pytest.raises(audit.UnsafeAuditDetail), transaction(state.sessions) as session:
        audit.record(session, "case.created", "case", 1, actor_name="test", **details)
