"""Live browser sessions: one per reviewer, a global cap, and the app process behind each."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from textual_serve.app_service import AppService

log = logging.getLogger("cpec-verify.serve")

STOP_GRACE = 10.0  # seconds an app has to write its queued verdicts and quit
REASON_LIMIT = 120  # a websocket close reason holds at most 123 bytes


def close_reason(text: str) -> bytes:
    return text.encode("utf-8")[:REASON_LIMIT]


class ReviewAppService(AppService):
    """textual-serve's app process, started for one reviewer, told apart when it dies alone.

    ``extra_env`` names the reviewer (``CPEC_VERIFY_REVIEWER``), so no name reaches a
    shell; ``on_exit`` hears when the app ended without being asked to (a crash, or the
    reviewer quit), so the browser is closed with a reason instead of waiting forever.
    """

    def __init__(
        self,
        command: str,
        *,
        extra_env: dict[str, str],
        on_exit: Callable[[int | None], Awaitable[None]],
        **kwargs,
    ) -> None:
        super().__init__(command, **kwargs)
        self.extra_env = extra_env
        self.on_exit = on_exit
        self.stopping = False

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        environment.update(self.extra_env)
        return environment

    async def run(self) -> None:
        await super().run()
        process = self._process
        code = None
        if process is not None:
            with contextlib.suppress(TimeoutError):
                code = await asyncio.wait_for(process.wait(), STOP_GRACE)
            if process.stdin is not None:  # the last open pipe: lets asyncio release the child
                process.stdin.close()
        if not self.stopping:
            await self.on_exit(code)

    async def stop(self) -> None:
        """Ask the app to quit (it finishes its verdict writes); kill it if it will not."""
        self.stopping = True
        try:
            await asyncio.wait_for(super().stop(), STOP_GRACE)
        except TimeoutError:
            log.warning("a review app did not quit in %ss; killing it", STOP_GRACE)
            if self._process is not None and self._process.returncode is None:
                self._process.kill()


@dataclass(eq=False)
class LiveSession:
    """One browser tab: its socket, its app, and why it will be closed."""

    reviewer: str
    key: str
    websocket: web.WebSocketResponse
    app: ReviewAppService | None = None
    reason: str = "Session ended."
    code: int = 1000

    async def close_socket(self) -> None:
        """Close the browser's socket with the reason set (idempotent)."""
        await self.websocket.close(code=self.code, message=close_reason(self.reason))

    async def close(self, reason: str, code: int = 4000) -> None:
        """Stop the app (it writes its queued verdicts), then close saying why."""
        self.reason, self.code = reason, code
        if self.app is not None:
            await self.app.stop()
        await self.close_socket()


class SessionTable:
    """Who is connected.  ``claim`` is synchronous, so two sockets cannot both take the
    last free place or both become a reviewer's only session."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.by_key: dict[str, LiveSession] = {}

    def claim(self, session: LiveSession) -> LiveSession | None:
        """Register ``session``; returns the reviewer's older session (to close), if any.

        Raises ``web.HTTPServiceUnavailable`` when the server is full."""
        older = self.by_key.get(session.key)
        if older is None and len(self.by_key) >= self.limit:
            raise web.HTTPServiceUnavailable(
                text=f"the server is full ({self.limit} live sessions); try again later\n"
            )
        self.by_key[session.key] = session
        return older

    def release(self, session: LiveSession) -> None:
        if self.by_key.get(session.key) is session:
            del self.by_key[session.key]

    def __len__(self) -> int:
        return len(self.by_key)

    def all(self) -> list[LiveSession]:
        return list(self.by_key.values())
