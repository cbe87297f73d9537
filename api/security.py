"""HTTP hardening shared by the app and its routes: the security headers of every response."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Sent on every response. Pages load scripts and styles from /static only (no inline script,
# style element or style attribute); JSON data blocks (type="application/json") are not run.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-src 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
)
# A response that may be shown in a frame of our own pages (the letter PDF on the letter page)
# sets these itself; the middleware never overrides a header a route chose.
FRAMABLE_BY_SELF = {
    "Content-Security-Policy": "frame-ancestors 'self'",
    "X-Frame-Options": "SAMEORIGIN",
}


class SecurityHeaders:
    """ASGI middleware adding ``SECURITY_HEADERS`` to every response that lacks them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """ASGI middleware capping the bytes read from any request body at ``limit``.

    A Content-Length over the limit is refused before anything is read. Without one (a
    chunked body) the bytes are counted as the app reads them, and the read that passes the
    limit raises 413, answered by the app's HTTP error handler in the AppError shape; the
    multipart parser closes the temporary files it had begun, so nothing is stored.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, limit: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.limit = limit

    def _message(self) -> str:
        return f"the upload is larger than the limit of {self.max_bytes} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = Headers(scope=scope).get("content-length", "")
        if length.isdigit() and int(length) > self.limit:
            error = {"error": {"code": "too_large", "message": self._message()}}
            await JSONResponse(error, status_code=413)(scope, receive, send)
            return
        received = 0
        body_done = not length.isdigit() and "chunked" not in Headers(scope=scope).get(
            "transfer-encoding", ""
        )
        body_done = body_done or length == "0"

        async def limited_receive() -> Message:
            nonlocal received, body_done
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                body_done = not message.get("more_body", False)
                if received > self.limit:
                    raise HTTPException(413, detail=self._message())
            return message

        async def send_closing(message: Message) -> None:
            # An answer sent before the body was read whole (a refusal, a redirect to sign in)
            # closes the connection: otherwise the server would go on receiving and
            # discarding the rest of the body to keep the connection alive.
            if message["type"] == "http.response.start" and not body_done:
                headers = [*message.get("headers", []), (b"connection", b"close")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, limited_receive, send_closing)
