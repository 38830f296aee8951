"""The review screen: claim queue, the claim in its article, ranked evidence, verdict keys.

Handlers never query: pages and claim details load in exclusive thread workers
(one Session each) and come back as messages; verdicts go through the app's
single-threaded writer and show "saved" only after their commit returned.  The status
line keeps what the last key did (``review.feedback``); ``z`` walks back this screen's
actions (``review.undo``); ``/`` searches in the search bar's own worker.
"""

from __future__ import annotations

from collections import OrderedDict

from rich.text import Text
from sqlmodel import Session
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from cpec_verify.claims.quantities import Quantity
from cpec_verify.review.actions import REVIEW_ACTIONS, bindings, footer_ranks
from cpec_verify.review.model import feedback
from cpec_verify.review.model.config import ReviewConfig
from cpec_verify.review.model.queue import ClaimQueue, Page, PageRequest, load_page
from cpec_verify.review.model.undo import UndoHistory
from cpec_verify.review.model.verdict_book import VerdictBook
from cpec_verify.review.model.writer import VerdictWriter, WriteRequest
from cpec_verify.review.rendering.claims import (
    article_text,
    claim_figures,
    claim_meta,
    empty_text,
    header_text,
    verdict_line,
)
from cpec_verify.review.screens.adjudicate import AdjudicateScreen
from cpec_verify.review.screens.agreement import AgreementScreen
from cpec_verify.review.screens.article import ArticleScreen
from cpec_verify.review.screens.help import HelpScreen
from cpec_verify.review.screens.review_search import SearchActions
from cpec_verify.review.screens.review_verdicts import VerdictActions
from cpec_verify.review.widgets.claim_body import ClaimBody
from cpec_verify.review.widgets.evidence_list import EvidenceList
from cpec_verify.review.widgets.fitted_footer import FittedFooter
from cpec_verify.review.widgets.queue_list import QueueList
from cpec_verify.review.widgets.search_bar import SearchBar
from cpec_verify.review.widgets.text_lines import TextLines
from cpec_verify.store.queries.review_detail import (
    ArticleSpanView,
    ClaimDetail,
    article_at_span,
    claim_detail,
)
from cpec_verify.store.queries.review_queue import QueueSpec

CACHE_SIZE = 64
COMPACT_WIDTH, COMPACT_HEIGHT = 80, 20  # at or below either: claim over a tabbed lower pane


class ReviewScreen(VerdictActions, SearchActions, Screen[None]):
    """One claim at a time; data flows down into the panes, messages come back up."""

    BINDINGS = bindings(REVIEW_ACTIONS)
    AUTO_FOCUS = None
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    class PageLoaded(Message):
        def __init__(self, page: Page) -> None:
            super().__init__()
            self.page = page

    class DetailLoaded(Message):
        def __init__(self, claim_id: int, detail: ClaimDetail | None) -> None:
            super().__init__()
            self.claim_id = claim_id
            self.detail = detail

    class ArticleLoaded(Message):
        def __init__(self, view: ArticleSpanView | None) -> None:
            super().__init__()
            self.view = view

    class ClaimShown(Message):
        """A claim is on screen (tests and the bench wait for this)."""

        def __init__(self, claim_id: int | None) -> None:
            super().__init__()
            self.claim_id = claim_id

    def __init__(self, config: ReviewConfig, writer: VerdictWriter) -> None:
        super().__init__(id="review")
        self.cfg = config
        self.writer = writer
        self.queue = ClaimQueue(
            QueueSpec(
                config.reviewer, config.filter, config.article_id, show_others=config.show_others
            )
        )
        self.book = VerdictBook()
        self.cache: OrderedDict[int, ClaimDetail | None] = OrderedDict()
        self._fetching: set[int] = set()  # claim ids a detail worker is reading
        self.detail: ClaimDetail | None = None
        self.shown_id: int | None = None  # the claim on screen (its detail may be gone)
        self.selected = 0
        self.loading_page = False
        self._spinner: Timer | None = None
        self._meta = Text()
        self._figures: list[Quantity] = []  # claim_figures(self.detail): parsed once a claim
        self.history = UndoHistory()  # what z can take back, since the screen opened
        self._labelled: int | None = None  # a verdict key acted here; until the screen moves
        self._notes: dict[int, tuple[WriteRequest, feedback.WriteNote]] = {}  # by id(request)
        self._latest: WriteRequest | None = None  # the write the status line speaks of

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TextLines(id="header")
        with Container(id="body"):
            yield QueueList(id="queue")
            with Vertical(id="claim-pane"):
                yield TextLines(id="claim-head")
                yield ClaimBody(id="claim-body")
            yield EvidenceList(id="evidence")
        yield SearchBar(self.cfg.engine, id="search")
        yield TextLines(id="status")
        yield FittedFooter(footer_ranks(REVIEW_ACTIONS))

    def on_mount(self) -> None:
        self._search_bar = self.query_one(SearchBar)
        self.query_one("#claim-pane").border_title = "claim in its article"
        self._titles()
        self._say(Text("? shows every key and the guidelines", style="dim"))
        self._load(PageRequest(self.queue.spec, "first"))

    def on_resize(self, event: events.Resize) -> None:
        """Small terminals: the claim on top, evidence or queue below it (``t`` switches)."""
        short = event.size.height <= COMPACT_HEIGHT
        compact = short or event.size.width <= COMPACT_WIDTH
        if compact != self.has_class("-compact"):
            self.set_class(compact, "-compact")
            body, queue = self.query_one("#body"), self.query_one(QueueList)
            if compact:  # a tab below the claim, in evidence's place
                body.move_child(queue, after=self.query_one(EvidenceList))
            else:
                body.move_child(queue, before=0)
            self._titles()
            self.refresh_bindings()
        if short != self.has_class("-short"):
            self.set_class(short, "-short")
            if self.detail is not None:
                self._render_claim(self.detail.claim_id, self.detail)

    def _titles(self) -> None:
        tabbed = self.has_class("-compact")
        self.query_one("#queue").border_title = "queue · t evidence" if tabbed else "queue"
        self.query_one("#evidence").border_title = "evidence · t queue" if tabbed else "evidence"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_pane":
            return self.has_class("-compact")
        return True

    def _say(self, text: Text) -> None:
        self.query_one("#status", TextLines).update(text)

    # -- loading (workers) --------------------------------------------------------------------

    def _load(self, req: PageRequest) -> None:
        self.loading_page = True
        self.query_one(QueueList).loading = True
        self._render_header()
        self._page_worker(req)

    @work(thread=True, exclusive=True, group="page")
    def _page_worker(self, req: PageRequest) -> None:
        page = load_page(self.cfg.engine, req)
        if not get_current_worker().is_cancelled:
            self.post_message(self.PageLoaded(page))

    @work(thread=True, group="detail")
    def _detail_worker(self, claim_ids: tuple[int, ...]) -> None:
        """Not exclusive: the next key cancelled the read of the very claim it was about to
        show, turning prefetch hits into waits (``_fetching`` keeps reads from doubling)."""
        with Session(self.cfg.engine) as session:
            for cid in claim_ids:
                detail = claim_detail(
                    session, cid, reviewer=self.cfg.reviewer, show_others=self.cfg.show_others
                )
                self.post_message(self.DetailLoaded(cid, detail))

    @work(thread=True, exclusive=True, group="article")
    def _article_worker(self, span_id: int) -> None:
        with Session(self.cfg.engine) as session:
            self.post_message(self.ArticleLoaded(article_at_span(session, span_id)))

    @on(PageLoaded)
    def _page_loaded(self, event: PageLoaded) -> None:
        self.queue.apply(event.page)
        self.loading_page = False
        queue_list = self.query_one(QueueList)
        queue_list.loading = False
        labels = {cid: v.label for cid, v in self.book.saved.items()}
        queue_list.show_page(self.queue.rows, labels, self.queue.index)  # type: ignore[arg-type]
        self._show_current()

    @on(DetailLoaded)
    def _detail_loaded(self, event: DetailLoaded) -> None:
        self._fetching.discard(event.claim_id)
        self.cache[event.claim_id] = event.detail
        self.cache.move_to_end(event.claim_id)
        while len(self.cache) > CACHE_SIZE:
            self.cache.popitem(last=False)
        row = self.queue.current
        if row is not None and row.claim_id == event.claim_id:
            self._render_claim(event.claim_id, event.detail)

    @on(ArticleLoaded)
    def _article_loaded(self, event: ArticleLoaded) -> None:
        if event.view is not None:
            self.app.push_screen(ArticleScreen(event.view))

    # -- showing ------------------------------------------------------------------------------

    def _show_current(self) -> None:
        """Render the current claim from cache, or load it (and its neighbours) in a worker."""
        self.query_one(QueueList).show_index(self.queue.index)
        row = self.queue.current
        if row is None:
            self._render_claim(None, None)
            return
        wanted = [row.claim_id]
        for i in (self.queue.index + 1, self.queue.index - 1, self.queue.index + 2):
            if 0 <= i < len(self.queue.rows):
                wanted.append(self.queue.rows[i].claim_id)
        missing = tuple(c for c in wanted if c not in self.cache and c not in self._fetching)
        if row.claim_id in self.cache:
            self._render_claim(row.claim_id, self.cache[row.claim_id])
        elif self._spinner is None:
            self._spinner = self.set_timer(0.25, self._show_spinner)
        if missing:
            self._fetching.update(missing)
            self._detail_worker(missing)

    def _show_spinner(self) -> None:
        self._spinner = None
        if (
            self.detail is None
            or self.queue.current is None
            or (self.detail.claim_id != self.queue.current.claim_id)
        ):
            self.query_one("#claim-pane").loading = True

    def _render_claim(self, claim_id: int | None, detail: ClaimDetail | None) -> None:
        if self._spinner is not None:
            self._spinner.stop()
            self._spinner = None
        self.query_one("#claim-pane").loading = False
        if detail is None or self.detail is None or detail.claim_id != self.detail.claim_id:
            self.selected = 0
        self.detail = detail
        self.shown_id = claim_id
        if claim_id != self._labelled:
            self._labelled = None  # the screen moved: verdict keys act again
        if detail is None:
            self._render_empty(claim_id)
        else:
            self._meta = claim_meta(detail, short=self.has_class("-short"))
            self._figures = claim_figures(detail)
            anchor = detail.start - detail.window_start + (2 if detail.window_start else 0)
            bar = self._search_bar  # (held: a query per claim shown adds up)
            search = bar.query_text if bar.is_open else ""
            self.query_one(ClaimBody).show(article_text(detail, self._figures, search), anchor)
            self._render_verdict()
        self._render_header()
        self.post_message(self.ClaimShown(claim_id))

    def _render_verdict(self) -> None:
        detail = self.detail
        if detail is None:
            return
        state, pending = self.book.state(detail.claim_id, detail.mine)
        status = self.book.status.get(detail.claim_id, "saved" if state.label else "")
        verdict = verdict_line(state, status, detail.evidence, pending)
        short = self.has_class("-short")  # one line each, so the claim keeps the room
        head = Text("\n", no_wrap=short, overflow="ellipsis").join([self._meta, verdict])
        self.query_one("#claim-head", TextLines).update(head)
        self.query_one(EvidenceList).show(
            detail.evidence, self._figures, set(state.evidence), self.selected
        )
        row_index = self.queue.index_of(detail.claim_id)
        if row_index is not None:
            self.query_one(QueueList).show_label(row_index, state.label)

    def _render_empty(self, claim_id: int | None) -> None:
        self.query_one("#claim-head", TextLines).update(empty_text(self.queue.spec, claim_id))
        self.query_one(ClaimBody).show(Text())
        self.query_one(EvidenceList).clear_options()

    def _render_header(self) -> None:
        self.query_one("#header", TextLines).update(
            header_text(
                self.queue,
                self.cfg.reviewer,
                self.cfg.db_label,
                show_others=self.cfg.show_others,
                loading=self.loading_page,
            )
        )

    def _current_detail(self) -> ClaimDetail | None:
        row = self.queue.current
        if row is None or self.detail is None or self.detail.claim_id != row.claim_id:
            self.app.bell()
            return None
        return self.detail

    # -- actions (declared in review/actions.py) ----------------------------------------------

    def _go(self, req: PageRequest | None) -> None:
        if req is not None:
            self._load(req)
        else:
            self._show_current()

    def _go_to_claim(self, claim_id: int, *, refresh: bool = False) -> None:
        """Show ``claim_id``: in this page at once, else the page around it (a worker)."""
        row_index = self.queue.index_of(claim_id)
        if row_index is None:
            self._load(PageRequest(self.queue.spec, "around", claim_id))
        elif refresh or row_index != self.queue.index:
            self.queue.index = row_index
            self._show_current()

    def action_next(self) -> None:
        if not self.loading_page:
            self._go(self.queue.step(1))

    def action_previous(self) -> None:
        if not self.loading_page:
            self._go(self.queue.step(-1))

    def action_first(self) -> None:
        self._go(self.queue.first())

    def action_last(self) -> None:
        self._go(self.queue.last())

    @on(QueueList.Picked)
    def _picked(self, event: QueueList.Picked) -> None:
        self.queue.index = event.index
        self._show_current()

    def action_select_evidence(self, delta: int) -> None:
        if self.detail and self.detail.evidence:
            self.selected = (self.selected + delta) % len(self.detail.evidence)
            self.query_one(EvidenceList).select(self.selected)

    @on(EvidenceList.Chosen)
    def _chosen(self, event: EvidenceList.Chosen) -> None:
        self.selected = event.index

    def action_open_evidence(self) -> None:
        detail = self._current_detail()
        if detail is not None and detail.evidence:
            self._article_worker(detail.evidence[self.selected].span_id)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.cfg.guidelines))

    def action_agreement(self) -> None:
        self.app.push_screen(AgreementScreen(self.cfg))  # leads only: checked in its worker

    def action_adjudicate(self) -> None:
        self.app.push_screen(AdjudicateScreen(self.cfg))  # leads only: checked in its workers

    def action_quit(self) -> None:
        self.app.exit()
