"""Benchmark: the review screen on a large database, driven headless by Pilot.

Run: ``python bench/bench_review.py [--claims 100000] [--moves 300] [--writes 500]``.

Figures and targets (peers measured in the same run):

* open: start to the first claim on screen (< 1 s), beside loading every claim
  into a Textual ``DataTable`` (the approach the paged queue replaces);
* next claim: ``j`` to the next claim painted (frame composed and rendered to
  segments, with every pane's update in it: see ``Probe``), p95 (< 50 ms), at 160x48
  and at 80x24; plus the process CPU time per key (threads included), which other
  processes on a shared machine disturb far less than wall time;
* verdict: append + commit of one verdict as the writer thread does it, p95
  (< 5 ms), beside a raw ``sqlite3`` insert + commit on the same file with the same
  pragmas (target ratio <= 2x); plus ``u`` to "saved" through the whole UI.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from rich.console import RenderableType
from textual import events, messages
from textual._compositor import CompositorUpdate
from textual.app import App, ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable

from cpec_verify.review.app import make_review_app
from cpec_verify.review.model.writer import WriteRequest, write_verdict
from cpec_verify.review.screens.review import ReviewScreen
from cpec_verify.store.db import BUSY_TIMEOUT_MS, get_engine
from cpec_verify.store.entities.verdicts import VerdictAppender

CLAIMS_PER_ARTICLE = 50
WORDS = [
    "corridor",
    "investment",
    "power",
    "motorway",
    "fibre",
    "villages",
    "deals",
    "signed",
    "minister",
    "report",
    "phase",
    "capacity",
    "committed",
    "delivered",
    "exports",
    "railway",
    "cost",
    "billion",
]


def build_db(path: Path, n_claims: int) -> None:
    """A migrated database with ``n_claims`` claims, 3 evidence links each (raw inserts)."""
    get_engine(str(path))
    con = sqlite3.connect(path)
    n_articles = max(1, n_claims // CLAIMS_PER_ARTICLE)
    now = "2025-11-20 09:00:00"
    con.executemany(
        "INSERT INTO source (id, path, sha256, size, format, encoding, warnings, imported_at) "
        "VALUES (?, ?, ?, 1, 'txt', 'utf-8', '[]', ?)",
        ((i, f"bench/{i}.txt", f"{i:064x}", now) for i in range(1, n_articles + 1)),
    )
    sentences = [
        f"Sentence {j}: the {WORDS[j % len(WORDS)]} {WORDS[(j * 7) % len(WORDS)]} reached "
        f"${j + 1} billion and {1000 + j * 10} MW, officials said [{j}]."
        for j in range(CLAIMS_PER_ARTICLE)
    ]
    offsets, pos = [], 0
    for s in sentences:
        offsets.append((pos, pos + len(s)))
        pos += len(s) + 2
    text = "\n\n".join(sentences)
    con.executemany(
        "INSERT INTO article (id, source_id, part, title, outlet, published, text, chars, "
        "sentence_count, fingerprint, created_at) VALUES (?, ?, 1, ?, 'Bench Outlet', "
        "'2025-11-01', ?, ?, ?, '[]', ?)",
        (
            (i, i, f"Bench article {i}", text, len(text), CLAIMS_PER_ARTICLE, now)
            for i in range(1, n_articles + 1)
        ),
    )
    con.executemany(
        "INSERT INTO span (id, article_id, kind, paragraph, start, end, text) "
        "VALUES (?, ?, 'sentence', ?, ?, ?, ?)",
        (
            (a * CLAIMS_PER_ARTICLE + j + 1, a + 1, j, *offsets[j], sentences[j])
            for a in range(n_articles)
            for j in range(CLAIMS_PER_ARTICLE)
        ),
    )
    con.executemany(
        "INSERT INTO claim (id, article_id, sentence_id, start, end, text, kinds, quantities, "
        "score, score_reason, origin, extractor_version, orphaned, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, '[\"figure\"]', '[]', 0.5, '', 'auto', 'bench', 0, ?)",
        (
            (
                a * CLAIMS_PER_ARTICLE + j + 1,
                a + 1,
                a * CLAIMS_PER_ARTICLE + j + 1,
                *offsets[j],
                sentences[j],
                now,
            )
            for a in range(n_articles)
            for j in range(CLAIMS_PER_ARTICLE)
        ),
    )
    total_spans = n_articles * CLAIMS_PER_ARTICLE
    relations = ("differs", "agrees", "related")
    con.executemany(
        "INSERT INTO evidence (claim_id, span_id, article_id, rank, score, relation, reason, "
        "same_source, details) VALUES (?, ?, ?, ?, ?, ?, 'bench', 0, '{}')",
        (
            (
                cid,
                span,
                (span - 1) // CLAIMS_PER_ARTICLE + 1,
                rank,
                1 - rank / 10,
                relations[(cid + rank) % 3],
            )
            for cid in range(1, total_spans + 1)
            for rank, span in enumerate([(cid + k * 7919) % total_spans + 1 for k in (1, 2, 3)], 1)
        ),
    )
    con.commit()
    con.close()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def complete(screen: Screen) -> bool:
    """No shown widget still has to send the screen a repaint, layout or scroll, none is
    queued (a hidden widget, e.g. the queue tab on a small screen, is never painted)."""
    for node in screen.walk_children(with_self=True):
        if not all(n.display for n in node.ancestors_with_self if isinstance(n, Widget)):
            continue
        if node._repaint_required or node._layout_required or node._scroll_required:
            return False
    pending = (messages.Update, messages.Layout, messages.UpdateScroll)
    return not any(isinstance(m, pending) for m in screen._message_queue.values)


class Probe:
    """Claims shown (via ``message_hook``) and frames painted (wrapping ``App._display``).

    Headless apps compose each frame but skip the terminal write; the probe renders the
    frame's segments too, so a measured frame costs what it costs on a real terminal.
    ``expect(condition)``, set before the key is sent, resolves to the time the frame
    that shows the change was done: the last frame painted while ``condition`` holds up
    to the moment nothing refreshed before it is still on its way to the compositor
    (widgets reach the screen through messages, so a first frame could show the new
    header over the old article; if nothing follows it, or an update with nothing left to
    paint, that first frame had it all).  Waiting for "the next frame" after the bench's
    coroutine woke up, as this once did, could skip the frame, or wait forever.
    """

    def __init__(self) -> None:
        self.shown = asyncio.Event()
        self.last: int | None = None
        self._condition: Callable[[], bool] | None = None
        self._painted = asyncio.Event()
        self._painted_at: float | None = None
        self._screen: Screen | None = None

    def __call__(self, message: Message) -> None:
        if isinstance(message, ReviewScreen.ClaimShown):
            self.last = message.claim_id
            self.shown.set()

    def attach(self, app: App[None]) -> None:
        original = app._display

        def display(screen: Screen, renderable: RenderableType | None) -> None:
            original(screen, renderable)  # None: the screen had nothing left to paint
            self._screen = screen
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)
                if self._condition is not None and self._condition():
                    self._painted_at = time.perf_counter()
            if self._condition is not None and self._painted_at is not None and complete(screen):
                self._condition = None
                self._painted.set()

        app._display = display  # type: ignore[method-assign]

    def expect(self, condition: Callable[[], bool]) -> Awaitable[float]:
        """Call before causing the change; await the result for the paint time."""
        self._painted.clear()
        self._painted_at = None
        self._condition = condition

        async def painted() -> float:
            while not self._painted.is_set():  # or the app went idle with everything painted
                try:
                    await asyncio.wait_for(self._painted.wait(), 0.05)
                except TimeoutError:
                    screen = self._screen
                    if self._painted_at is not None and screen is not None and complete(screen):
                        break
            self._condition = None
            assert self._painted_at is not None
            return self._painted_at

        return painted()

    async def claim_other_than(self, claim_id: int | None) -> None:
        while self.last == claim_id:
            self.shown.clear()
            await self.shown.wait()


def key(app: App[None], name: str) -> None:
    """Deliver a key the way the terminal driver does (Pilot.press also waits for idle CPU,
    which would count background prefetching as latency)."""
    assert app._driver is not None
    app._driver.send_message(events.Key(name, name if len(name) == 1 else None))


async def review_figures(
    db: Path, moves: int, size: tuple[int, int] = (160, 48)
) -> dict[str, float]:
    engine = get_engine(str(db))
    probe = Probe()
    first = probe.expect(lambda: probe.last is not None)
    start = time.perf_counter()
    app = make_review_app(engine, "bench", filter="all")
    probe.attach(app)
    async with app.run_test(size=size, message_hook=probe) as pilot:
        opened = await first - start
        screen = app.screen_stack[0]
        assert isinstance(screen, ReviewScreen)
        times = []
        cpu0 = time.process_time()
        for _ in range(moves):
            before = probe.last
            shown = probe.expect(lambda before=before: probe.last != before)
            t0 = time.perf_counter()
            key(app, "j")
            times.append(await shown - t0)
        cpu_per_move = (time.process_time() - cpu0) / moves
        saves = []
        for _ in range(50):
            cid = probe.last
            assert cid is not None
            saved = probe.expect(
                lambda cid=cid: screen.book.status.get(cid, "").startswith("saved")
            )
            t0 = time.perf_counter()
            key(app, "u")
            saves.append(await saved - t0)
            await probe.claim_other_than(cid)
        await pilot.press("q")
    return {
        "open_s": opened,
        "next_p50_ms": pct(times, 0.5) * 1e3,
        "next_p95_ms": pct(times, 0.95) * 1e3,
        "next_cpu_ms": cpu_per_move * 1e3,
        "ui_save_p95_ms": pct(saves, 0.95) * 1e3,
    }


class AllRowsApp(App[None]):
    """The naive peer: every claim into one DataTable."""

    def __init__(self, db: Path) -> None:
        super().__init__()
        self.db = db

    def compose(self) -> ComposeResult:
        yield DataTable()

    def on_mount(self) -> None:
        con = sqlite3.connect(self.db)
        rows = con.execute("SELECT id, article_id, substr(text, 1, 160) FROM claim ORDER BY id")
        table = self.query_one(DataTable)
        table.add_columns("id", "article", "claim")
        table.add_rows(rows)
        con.close()


async def datatable_open(db: Path) -> float:
    start = time.perf_counter()
    app = AllRowsApp(db)
    probe = Probe()
    first = probe.expect(lambda: True)  # rows are added in on_mount: the first frame has them
    probe.attach(app)
    async with app.run_test(size=(160, 48)) as pilot:
        elapsed = await first - start
        await pilot.press("q")
    return elapsed


def write_figures(db: Path, writes: int) -> dict[str, float]:
    """Ours (as the writer thread does it) and raw sqlite3, interleaved so checkpoints hit both."""
    engine = get_engine(str(db))
    appender = VerdictAppender(engine)
    con = sqlite3.connect(db, timeout=BUSY_TIMEOUT_MS / 1000)
    for pragma in ("foreign_keys = ON", "journal_mode = WAL", "synchronous = NORMAL"):
        con.execute(f"PRAGMA {pragma}")
    ours, raw = [], []
    for i in range(writes):
        req = WriteRequest(i % 1000 + 1, "supported", (), None)
        t0 = time.perf_counter()
        result = write_verdict(engine, "bench-writer", req, appender)
        ours.append(time.perf_counter() - t0)
        assert result.error is None, result.error
        t0 = time.perf_counter()
        con.execute(
            "INSERT INTO verdict (claim_id, reviewer, label, retraction, evidence, note, "
            "created_at) VALUES (?, 'bench-raw', 'supported', 0, '[]', NULL, "
            "'2025-11-20 09:00:00.000000')",
            (i % 1000 + 1,),
        )
        con.commit()
        raw.append(time.perf_counter() - t0)
    con.close()
    appender.close()
    p95, raw95 = pct(ours, 0.95) * 1e3, pct(raw, 0.95) * 1e3
    return {"verdict_p95_ms": p95, "raw_sqlite_p95_ms": raw95, "verdict_vs_raw": p95 / raw95}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--moves", type=int, default=300)
    parser.add_argument("--writes", type=int, default=500)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        t0 = time.perf_counter()
        build_db(db, args.claims)
        built = time.perf_counter() - t0
        figures = asyncio.run(review_figures(db, args.moves))
        small = asyncio.run(review_figures(db, args.moves, (80, 24)))
        figures["next_p50_ms_80x24"] = small["next_p50_ms"]
        figures["next_p95_ms_80x24"] = small["next_p95_ms"]
        figures["next_cpu_ms_80x24"] = small["next_cpu_ms"]
        figures["datatable_open_s"] = asyncio.run(datatable_open(db))
        figures.update(write_figures(db, args.writes))
    figures = {"claims": args.claims, "build_s": built, **figures}
    if args.json:
        print(json.dumps(figures))
        return
    print(f"database: {args.claims:,} claims, built in {built:.1f} s")
    print(f"open, first claim on screen   {figures['open_s'] * 1e3:8.0f} ms  (target < 1000)")
    print(f"open, all claims in DataTable {figures['datatable_open_s'] * 1e3:8.0f} ms  (peer)")
    print(
        f"next claim p50 / p95 160x48  {figures['next_p50_ms']:6.1f} / "
        f"{figures['next_p95_ms']:.1f} ms  (target p95 < 50)"
    )
    print(
        f"next claim p50 / p95 80x24   {figures['next_p50_ms_80x24']:6.1f} / "
        f"{figures['next_p95_ms_80x24']:.1f} ms  (target p95 < 50)"
    )
    print(
        f"next claim CPU per key        {figures['next_cpu_ms']:6.1f} / "
        f"{figures['next_cpu_ms_80x24']:.1f} ms  (160x48 / 80x24, this process; "
        "steadier than wall time on a busy machine)"
    )
    print(f"verdict append+commit p95     {figures['verdict_p95_ms']:8.2f} ms  (target < 5)")
    print(
        f"raw sqlite3 insert+commit p95 {figures['raw_sqlite_p95_ms']:8.2f} ms  "
        f"(ratio {figures['verdict_vs_raw']:.1f}x, target <= 2x)"
    )
    print(f"key 'u' to 'saved' p95 (UI)   {figures['ui_save_p95_ms']:8.2f} ms")


if __name__ == "__main__":
    sys.exit(main())
