"""Where the reviewer is in the queue: one page of rows, an offset, totals.

Pure state, no database: moving inside the page is immediate; moving past either
end returns a :class:`PageRequest` that the screen runs in a worker
(:func:`load_page`) and feeds back through :meth:`ClaimQueue.apply`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify.store.queries.review_queue import (
    FILTERS,
    Progress,
    QueueRow,
    QueueSpec,
    count_queue,
    page_around,
    progress,
    queue_page,
)

PAGE_SIZE = 100


@dataclass(frozen=True)
class PageRequest:
    """``kind`` is first | last | after | before | around; ``claim_id`` anchors the last three."""

    spec: QueueSpec
    kind: str
    claim_id: int | None = None
    select_last: bool = False  # after "before": land on the page's last row


@dataclass(frozen=True)
class Page:
    request: PageRequest
    rows: list[QueueRow]
    offset: int
    total: int
    progress: Progress


def load_page(engine: Engine, req: PageRequest, limit: int | None = None) -> Page:
    """Run a page request with its own Session (call from a worker thread)."""
    limit = limit or PAGE_SIZE
    with Session(engine) as session:
        spec = req.spec
        if req.kind == "around" and req.claim_id is not None:
            offset, rows = page_around(session, spec, req.claim_id, limit=limit)
        else:
            rows = queue_page(
                session,
                spec,
                limit=limit,
                last=req.kind == "last",
                after=req.claim_id if req.kind == "after" else None,
                before=req.claim_id if req.kind == "before" else None,
            )
            offset = count_queue(session, spec, below=rows[0].claim_id) if rows else 0
        return Page(req, rows, offset, count_queue(session, spec), progress(session, spec))


@dataclass
class ClaimQueue:
    """The visible page and the cursor in it."""

    spec: QueueSpec
    rows: list[QueueRow] = field(default_factory=list)
    offset: int = 0
    index: int = 0
    total: int = 0
    progress: Progress = field(default_factory=lambda: Progress(0, 0))
    loaded: bool = False

    @property
    def current(self) -> QueueRow | None:
        return self.rows[self.index] if 0 <= self.index < len(self.rows) else None

    @property
    def position(self) -> int:
        """1-based position of the current claim (0 when the queue is empty)."""
        return self.offset + self.index + 1 if self.current else 0

    def step(self, delta: int) -> PageRequest | None:
        """Move by ``delta``; a request when the move leaves the page, else None."""
        if not self.rows:
            return None
        target = self.index + delta
        if 0 <= target < len(self.rows):
            self.index = target
            return None
        if target >= len(self.rows) and self.offset + len(self.rows) < self.total:
            return PageRequest(self.spec, "after", self.rows[-1].claim_id)
        if target < 0 and self.offset > 0:
            return PageRequest(self.spec, "before", self.rows[0].claim_id, select_last=True)
        return None

    def first(self) -> PageRequest | None:
        if self.offset == 0 and self.rows:
            self.index = 0
            return None
        return PageRequest(self.spec, "first")

    def last(self) -> PageRequest | None:
        if self.rows and self.offset + len(self.rows) >= self.total:
            self.index = len(self.rows) - 1
            return None
        return PageRequest(self.spec, "last", select_last=True)

    def apply(self, page: Page) -> None:
        self.spec = page.request.spec
        self.rows = page.rows
        self.offset = page.offset
        self.total = page.total
        self.progress = page.progress
        self.loaded = True
        req = page.request
        if req.kind == "around" and req.claim_id is not None:
            ids = [r.claim_id for r in page.rows]
            self.index = ids.index(req.claim_id) if req.claim_id in ids else 0
        else:
            self.index = len(page.rows) - 1 if req.select_last else 0

    def reload(self, **changes: object) -> PageRequest:
        """A request for the page holding the current claim under a changed spec."""
        spec = replace(self.spec, **changes)  # type: ignore[arg-type]
        anchor = self.current.claim_id if self.current else None
        if changes:
            return PageRequest(spec, "first")
        return PageRequest(spec, "around" if anchor else "first", anchor)

    def next_filter(self) -> str:
        return FILTERS[(FILTERS.index(self.spec.filter) + 1) % len(FILTERS)]

    def index_of(self, claim_id: int) -> int | None:
        for i, row in enumerate(self.rows):
            if row.claim_id == claim_id:
                return i
        return None

    def count_verdict(self, before: str | None, after: str | None) -> None:
        """Keep the progress figure right without a query after each save."""
        delta = (after is not None) - (before is not None)
        self.progress = Progress(self.progress.reviewed + delta, self.progress.total)
