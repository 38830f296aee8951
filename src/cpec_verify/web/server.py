"""textual-serve's ``Server``, with sign-in, an origin check, session limits and an offline page.

What the base class does not: every request needs a valid sign-in (the token from
``reviewers token``, then an HttpOnly cookie holding it); the websocket must come from
this page's own origin; each reviewer has one live session and the server a cap; the
page loads nothing from other hosts; ``/static/`` lists no directory; SIGTERM stops the
apps (their queued verdicts are written) and exits.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import signal
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import textual_serve
from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from sqlalchemy.engine import Engine
from sqlmodel import Session
from textual_serve.server import Server, to_int

from cpec_verify.store.entities.sign_in import Signed, signed_in
from cpec_verify.web.sessions import STOP_GRACE, LiveSession, ReviewAppService, SessionTable

log = logging.getLogger("cpec-verify.serve")

COOKIE = "cpec_verify_session"
COOKIE_MAX_AGE = 30 * 24 * 3600
HERE = Path(__file__).parent
STATIC = Path(textual_serve.__file__).parent / "static"  # textual.js, xterm.css, the fonts
SECURITY_HEADERS = {
    # nothing from other hosts (fonts included), no framing, no referrer carrying a token
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' "
        "'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
SIGNED = web.RequestKey("signed", tuple)  # (Signed, token) set by the guard
SIGN_IN_NEEDED = (
    "Sign-in needed: open the sign-in URL a lead made for you (cpec-verify reviewers token NAME).\n"
)


class ReviewServer(Server):
    """One ``cpec-verify review --served`` process per signed-in browser session."""

    def __init__(
        self,
        engine: Engine,
        db: str | None,
        *,
        host: str = "127.0.0.1",
        port: int = 8765,
        max_sessions: int = 16,
    ) -> None:
        super().__init__(
            "cpec-verify review --served",
            host=host,
            port=port,
            title="cpec-verify review",
            statics_path=STATIC,
            templates_path=HERE / "templates",
        )
        self.engine = engine
        self.db = db
        self.sessions = SessionTable(max_sessions)

    # -- who is asking -----------------------------------------------------------------

    def _lookup(self, token: str) -> Signed | None:
        with Session(self.engine) as session:
            return signed_in(session, token)

    async def signed(self, request: web.Request) -> tuple[Signed, str] | None:
        """The reviewer of this request (from ``?token=`` on the page, else the cookie)."""
        token = request.query.get("token") if request.path == "/" else None
        token = token or request.cookies.get(COOKIE, "")
        if not token:
            return None
        who = self._lookup(token)  # one indexed read; WAL readers never wait for writers
        return (who, token) if who is not None else None

    @web.middleware
    async def guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """401 for anyone not signed in; security headers on every answer."""
        try:
            signed = await self.signed(request)
            if signed is None:
                raise web.HTTPUnauthorized(text=SIGN_IN_NEEDED)
            request[SIGNED] = signed
            response = await handler(request)
        except web.HTTPException as exc:
            exc.headers.update(SECURITY_HEADERS)
            raise
        if not response.prepared:
            response.headers.update(SECURITY_HEADERS)
        return response

    # -- the aiohttp application -------------------------------------------------------

    def serve(self, debug: bool = False) -> None:
        """As the base class, with an access log that never writes a sign-in token."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.request_exit)
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            access_log_class=PathOnlyAccessLogger,
            shutdown_timeout=STOP_GRACE + 5,
            print=lambda *args: None,
        )

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard])
        aiohttp_jinja2.setup(app, loader=_template_loader())
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.static("/static", STATIC, show_index=False, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(f"cpec-verify review served on http://{self.host}:{self.port}/")
        self.console.print("sign-in URLs: cpec-verify reviewers token NAME [--lead]")

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every session (each app writes its queued verdicts) before exiting."""
        await asyncio.gather(
            *(s.close("The server is shutting down.", code=1001) for s in self.sessions.all()),
            return_exceptions=True,
        )

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        who, token = request[SIGNED]
        scheme = "wss" if _secure(request) else "ws"
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{scheme}://{request.host}/ws",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": f"cpec-verify review ({who.name})"},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.set_cookie(
            COOKIE,
            token,
            max_age=COOKIE_MAX_AGE,
            path="/",
            httponly=True,
            samesite="Strict",
            secure=_secure(request),
        )
        return response

    # -- the websocket: one app process ------------------------------------------------

    def app_command(self, who: Signed) -> str:
        args = [sys.executable, "-m", "cpec_verify", "review", "--served"]
        if who.lead:
            args.append("--show-others")
        if self.db is not None:
            args += ["--db", self.db]
        return shlex.join(args)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        who, _token = request[SIGNED]
        if not _same_origin(request):
            raise web.HTTPForbidden(text="websocket refused: not opened from this server's page\n")
        websocket = web.WebSocketResponse(heartbeat=15)
        live = LiveSession(who.name, who.key, websocket)
        older = self.sessions.claim(live)  # 503 when full, before the upgrade
        try:
            await websocket.prepare(request)
            if older is not None:
                await older.close(f"Closed: {who.name} opened the review in another window.")
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)

            async def ended(code: int | None) -> None:
                if code not in (0, None):
                    log.error("review app for %r exited with status %s", who.name, code)
                    live.reason = (
                        f"The review app stopped (exit status {code}); see the server log."
                    )
                    live.code = 4001
                await live.close_socket()

            live.app = ReviewAppService(
                self.app_command(who),
                extra_env={"CPEC_VERIFY_REVIEWER": who.name},
                on_exit=ended,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=live.close_socket,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await live.app.start(width, height)
            await self._process_messages(websocket, live.app)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a broken client message must not take the server down
            log.exception(error)
        finally:
            if live.app is not None:
                await live.app.stop()
            self.sessions.release(live)
        return websocket


class PathOnlyAccessLogger(AbstractAccessLogger):
    """Method, path (no query: it may hold a token), status and time taken."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            "%s %s %s %s %d %.3fs",
            request.remote,
            request.method,
            request.path,
            response.status,
            response.body_length,
            time,
        )


def _template_loader() -> Any:
    import jinja2

    return jinja2.FileSystemLoader(HERE / "templates")


def _secure(request: web.Request) -> bool:
    """Reached over https (directly, or through a proxy saying so)."""
    return request.secure or request.headers.get("X-Forwarded-Proto", "") == "https"


def _same_origin(request: web.Request) -> bool:
    """The ``Origin`` names this server as the browser reached it (host and port)."""
    origin = request.headers.get("Origin")
    if not origin:
        return False
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == request.host.lower()
