"""The header menu and each role's start page, from the one permission table (core.auth).

A menu item shows only when one of the user's roles may do the work of that page, so an FOI
officer is not offered the letters queue and a team lead is not offered FOI requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from core.auth import Action, may
from core.models import User
from core.vocab import Role


@dataclass(frozen=True)
class MenuItem:
    path: str
    label_key: str
    actions: tuple[Action, ...]


MENU: Final[tuple[MenuItem, ...]] = (
    MenuItem("/cases", "nav_cases", (Action.READ,)),
    MenuItem(
        "/letters",
        "nav_letters",
        (Action.LETTERS_DRAFT, Action.LETTERS_APPROVE, Action.LETTERS_ISSUE),
    ),
    MenuItem("/requests", "nav_requests", (Action.REQUESTS_MANAGE,)),
)

# Where each role's day starts: the coordinator on the cases, the FOI officer on the requests,
# the team lead on the letters waiting for approval.
START_PAGES: Final[dict[Role, str]] = {
    Role.COORDINATOR: "/cases",
    Role.FOI_OFFICER: "/requests",
    Role.TEAM_LEAD: "/letters",
    Role.ADMIN: "/cases",
}


def menu_for(user: User | None) -> list[MenuItem]:
    if user is None:
        return []
    return [item for item in MENU if any(may(user, action) for action in item.actions)]


def start_page(user: User | None) -> str:
    """The user's first role (in the order they were given) decides; unknown roles: cases."""
    if user is None:
        return "/login"
    for role in user.roles:
        if role in Role._value2member_map_:
            return START_PAGES[Role(role)]
    return "/cases"
