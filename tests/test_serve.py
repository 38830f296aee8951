"""``cpec-verify serve`` without a browser: an aiohttp client against the real server.

The sign-in layer (401, the cookie, the origin check, revocation, no directory listing)
runs on both databases; the tests that start real review app processes are slow.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from review_fixtures import build_review_db
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify.store.entities.reviewers import add_reviewer
from cpec_verify.store.entities.sign_in import issue_token
from cpec_verify.store.entities.verdicts import verdict_history
from cpec_verify.web.server import COOKIE, ReviewServer

APP_START = 90.0  # seconds: a review app process starting on a loaded machine


def make_token(engine: Engine, name: str, *, lead: bool = False) -> str:
    with Session(engine) as session:
        if lead:
            add_reviewer(session, name, lead=True)
        _who, token = issue_token(session, name, lead=lead)
        session.commit()
    return token


@pytest.fixture
async def served(engine: Engine, db_url: str) -> AsyncIterator[TestClient]:
    build_review_db(engine)
    server = ReviewServer(engine, db_url, max_sessions=2)
    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    client.app_server = server  # type: ignore[attr-defined]
    yield client
    deadline = time.monotonic() + 30  # closed sockets: their apps finish quitting
    while server.sessions.all() and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    await client.close()  # the server's shutdown stops any app still running


def origin(client: TestClient) -> str:
    return f"http://{client.host}:{client.port}"


def cookie(token: str) -> dict[str, str]:
    return {"Cookie": f"{COOKIE}={token}"}


async def open_ws(
    client: TestClient, token: str, **headers: str
) -> aiohttp.ClientWebSocketResponse:
    return await client.ws_connect(
        "/ws?width=100&height=30", headers={"Origin": origin(client), **cookie(token), **headers}
    )


async def first_screen(ws: aiohttp.ClientWebSocketResponse) -> None:
    """Read the app's output until it has drawn a screen and gone quiet for a moment."""
    deadline = time.monotonic() + APP_START
    received = 0
    while time.monotonic() < deadline:
        try:
            msg = await ws.receive(timeout=1.5 if received > 2000 else APP_START)
        except TimeoutError:
            return
        if msg.type == aiohttp.WSMsgType.BINARY:
            received += len(msg.data)
        elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            raise AssertionError(f"session closed before its first screen: {msg.extra}")
    raise AssertionError("the review app never drew a screen")


async def test_every_request_needs_a_sign_in(served: TestClient) -> None:
    for path in ("/", "/static/js/textual.js", "/ws", "/?token=not-a-token"):
        response = await served.get(path)
        assert response.status == 401, path
        assert "sign-in URL" in await response.text()
    response = await served.get("/", headers=cookie("forged"))
    assert response.status == 401


async def test_token_url_sets_a_strict_httponly_cookie(served: TestClient, engine: Engine) -> None:
    token = make_token(engine, "Ana")
    response = await served.get(f"/?token={token}")
    assert response.status == 200
    page = await response.text()
    assert "Ana" in page
    assert "googleapis" not in page and "https://" not in page  # no external requests
    set_cookie = response.headers["Set-Cookie"]
    assert f"{COOKIE}={token}" in set_cookie
    assert "HttpOnly" in set_cookie and "SameSite=Strict" in set_cookie
    # the cookie alone signs in from now on: the page, the shipped font, the script
    for path in ("/", "/static/fonts/RobotoMono-VariableFont_wght.ttf", "/static/js/textual.js"):
        assert (await served.get(path, headers=cookie(token))).status == 200, path


async def test_no_directory_listing(served: TestClient, engine: Engine) -> None:
    token = make_token(engine, "Ana")
    for path in ("/static/", "/static/fonts/"):
        response = await served.get(path, headers=cookie(token))
        assert response.status in (403, 404), path
        assert ".ttf" not in await response.text()


async def test_revoked_token_and_its_cookie_stop_working(
    served: TestClient, engine: Engine
) -> None:
    from cpec_verify.store.entities.sign_in import revoke_tokens

    token = make_token(engine, "Ana")
    assert (await served.get("/", headers=cookie(token))).status == 200
    with Session(engine) as session:
        revoke_tokens(session, "ana")
        session.commit()
    assert (await served.get("/", headers=cookie(token))).status == 401
    assert (await served.get(f"/?token={token}")).status == 401


async def test_a_new_token_replaces_the_old(served: TestClient, engine: Engine) -> None:
    old = make_token(engine, "Ana")
    new = make_token(engine, "Ana")
    assert (await served.get("/", headers=cookie(old))).status == 401
    assert (await served.get("/", headers=cookie(new))).status == 200


@pytest.mark.parametrize("foreign", ["https://evil.example", "null", None])
async def test_websocket_refused_for_a_foreign_origin(
    served: TestClient, engine: Engine, foreign: str | None
) -> None:
    token = make_token(engine, "Ana")
    headers = cookie(token) | ({"Origin": foreign} if foreign else {})
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await served.ws_connect("/ws", headers=headers)
    assert refused.value.status == 403
    assert not served.app_server.sessions.all()  # type: ignore[attr-defined]


async def test_websocket_refused_without_the_cookie(served: TestClient) -> None:
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await served.ws_connect("/ws", headers={"Origin": origin(served)})
    assert refused.value.status == 401


@pytest.mark.slow  # starts a real review app process
async def test_a_verdict_by_the_tokens_reviewer(served: TestClient, engine: Engine) -> None:
    token = make_token(engine, "Ana")
    ws = await open_ws(served, token)
    await first_screen(ws)
    await ws.send_json(["stdin", "u"])
    deadline = time.monotonic() + 30
    rows = []
    while time.monotonic() < deadline and not rows:
        await asyncio.sleep(0.2)
        with Session(engine) as session:
            rows = verdict_history(session)
    await ws.close()
    assert [(r.reviewer, r.label) for r in rows] == [("Ana", "unsourced")]


@pytest.mark.slow  # starts real review app processes
async def test_second_session_closes_the_first(served: TestClient, engine: Engine) -> None:
    token = make_token(engine, "Ana")
    first = await open_ws(served, token)
    await first_screen(first)
    second = await open_ws(served, token)
    msg = await first.receive(timeout=30)
    while msg.type == aiohttp.WSMsgType.BINARY:  # the app's last frames
        msg = await first.receive(timeout=30)
    assert msg.type == aiohttp.WSMsgType.CLOSE
    assert "another window" in msg.extra
    await first_screen(second)
    assert [s.reviewer for s in served.app_server.sessions.all()] == ["Ana"]  # type: ignore[attr-defined]
    await second.close()


@pytest.mark.slow  # starts real review app processes
async def test_session_cap(served: TestClient, engine: Engine) -> None:
    sockets = [await open_ws(served, make_token(engine, name)) for name in ("Ana", "Bo")]
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await open_ws(served, make_token(engine, "Cy"))
    assert refused.value.status == 503
    for ws in sockets:
        await ws.close()
