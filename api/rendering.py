"""The pages' renderer: a Jinja template with what every page needs (CSRF token, language and
its strings, the role's menu and start page). One home for the page routers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.i18n import language_of, status_labeller, strings_for
from api.navigation import menu_for, start_page

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "pages" / "templates"))


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page with what every page needs: the CSRF token, the language, the role's menu."""
    context.setdefault("csrf_token", getattr(request.state, "csrf_token", ""))
    lang = context.setdefault("lang", language_of(request))
    strings = context.setdefault("t", strings_for(lang))
    context.setdefault("st", status_labeller(strings))
    user = context.get("user")
    context.setdefault("menu", menu_for(user))
    context.setdefault("start", start_page(user))
    context.setdefault("here", request.url.path)
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)
