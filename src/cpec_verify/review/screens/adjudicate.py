"""The leads' adjudication screen (``A``): disputed claims one by one, settled with a rationale.

Each disputed claim shows in its article, with every reviewer's current label, cited evidence
and note side by side.  ``s``/``c``/``u`` pick the final label, a prompt asks for the
rationale (required), and a thread worker appends the adjudication; "saved" shows only after
its commit returned.  Pages, claim views and writes each run in a worker with its own
Session; ``require_lead`` (in ``dispute_view`` and the first page read) turns non-leads away
with a notification.  Nothing is ever updated: a new adjudication supersedes the last.
"""

from __future__ import annotations

from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from cpec_verify.errors import CpecError
from cpec_verify.review.model.config import ReviewConfig
from cpec_verify.review.rendering.leads import (
    dispute_claim_text,
    dispute_header,
    history_text,
    verdicts_table,
)
from cpec_verify.review.screens.dialogs import PromptScreen
from cpec_verify.store.db import session_scope
from cpec_verify.store.entities.adjudications import (
    DisputeView,
    add_adjudication,
    dispute_view,
    disputed_page,
)
from cpec_verify.store.entities.reviewers import NotALeadError, require_lead
from cpec_verify.store.queries.status import DEFAULT_MIN_REVIEWERS, ClaimStatus
from cpec_verify.textsafe import terminal_safe

PAGE_SIZE = 20
EMPTY_HINT = (
    "No disputed claims: every claim with verdicts from two or more reviewers agrees, "
    "or has been adjudicated.  escape goes back."
)


class AdjudicateScreen(Screen[None]):
    """One disputed claim at a time; rows are kept as loaded so ``k`` never re-reads."""

    BINDINGS = [
        Binding("j,down", "step(1)", "next", id="adjudicate-next"),
        Binding("k,up", "step(-1)", "prev", id="adjudicate-previous"),
        Binding("s", "label('supported')", "supported", id="adjudicate-supported"),
        Binding("c", "label('conflicting')", "conflicting", id="adjudicate-conflicting"),
        Binding("u", "label('unsourced')", "unsourced", id="adjudicate-unsourced"),
        Binding(
            "pagedown,space", "scroll_side(1)", "scroll", show=False, id="adjudicate-scroll-down"
        ),
        Binding("pageup,b", "scroll_side(-1)", "scroll", show=False, id="adjudicate-scroll-up"),
        Binding("escape,q", "close", "back", id="adjudicate-close"),
    ]
    AUTO_FOCUS = None
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    DEFAULT_CSS = """
    AdjudicateScreen { layout: vertical; }
    AdjudicateScreen #adj-header { height: 1; padding: 0 1; background: $panel; }
    AdjudicateScreen #adj-body { height: 1fr; }
    AdjudicateScreen.-wide #adj-body { layout: horizontal; }
    AdjudicateScreen #adj-claim-pane, AdjudicateScreen #adj-side { padding: 0 1; }
    AdjudicateScreen.-wide #adj-claim-pane { width: 2fr; height: 1fr; }
    AdjudicateScreen.-wide #adj-side { width: 3fr; height: 1fr; }
    AdjudicateScreen.-narrow #adj-claim-pane { height: 10; border-bottom: solid $panel; }
    AdjudicateScreen.-narrow #adj-side { height: 1fr; }
    AdjudicateScreen #adj-verdicts { margin-bottom: 1; }
    """

    class PageLoaded(Message):
        def __init__(self, rows: list[ClaimStatus], advance: bool) -> None:
            super().__init__()
            self.rows = rows
            self.advance = advance

    class ViewLoaded(Message):
        def __init__(self, claim_id: int, view: DisputeView) -> None:
            super().__init__()
            self.claim_id = claim_id
            self.view = view

    class Saved(Message):
        def __init__(
            self, claim_id: int, label: str, row_id: int | None, error: str | None
        ) -> None:
            super().__init__()
            self.claim_id = claim_id
            self.label = label
            self.row_id = row_id
            self.error = error

    class Failed(Message):
        def __init__(self, message: str, refused: bool) -> None:
            super().__init__()
            self.message = message
            self.refused = refused

    def __init__(self, config: ReviewConfig, *, min_reviewers: int = DEFAULT_MIN_REVIEWERS) -> None:
        super().__init__(id="adjudicate")
        self.cfg = config
        self.min_reviewers = min_reviewers
        self.rows: list[ClaimStatus] = []
        self.index = 0
        self.more = False  # the last page was full: there may be more after it
        self.loading_page = False
        self.view: DisputeView | None = None
        self.saving = False
        self.status = ""

    def compose(self) -> ComposeResult:
        yield Static(id="adj-header", markup=False)
        with Container(id="adj-body"):
            with VerticalScroll(id="adj-claim-pane", can_focus=False):
                yield Static(id="adj-claim", markup=False)
            with VerticalScroll(id="adj-side", can_focus=False):
                yield Static(id="adj-verdicts", markup=False)
                yield Static(id="adj-history", markup=False)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._render_header()
        self._load_page(after_id=0, advance=False)

    # -- workers ------------------------------------------------------------------------------

    def _load_page(self, after_id: int, advance: bool) -> None:
        self.loading_page = True
        self.query_one("#adj-body").loading = True
        self._page_worker(after_id, advance)

    @work(thread=True, exclusive=True, group="adjudicate-page")
    def _page_worker(self, after_id: int, advance: bool) -> None:
        try:
            with session_scope(self.cfg.engine) as session:
                require_lead(session, self.cfg.reviewer)
                rows = disputed_page(
                    session, min_reviewers=self.min_reviewers, after_id=after_id, limit=PAGE_SIZE
                )
        except NotALeadError as exc:
            self.post_message(self.Failed(str(exc), refused=True))
            return
        except (CpecError, SQLAlchemyError) as exc:
            self.post_message(self.Failed(f"disputed claims not loaded: {exc}", refused=False))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.PageLoaded(rows, advance))

    @work(thread=True, exclusive=True, group="adjudicate-view")
    def _view_worker(self, claim_id: int) -> None:
        try:
            with session_scope(self.cfg.engine) as session:
                view = dispute_view(
                    session, claim_id, lead=self.cfg.reviewer, min_reviewers=self.min_reviewers
                )
        except NotALeadError as exc:
            self.post_message(self.Failed(str(exc), refused=True))
            return
        except (CpecError, SQLAlchemyError) as exc:
            self.post_message(self.Failed(f"claim #{claim_id} not loaded: {exc}", refused=False))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.ViewLoaded(claim_id, view))

    @work(thread=True, group="adjudicate-save")
    def _save_worker(self, claim_id: int, label: str, rationale: str) -> None:
        """Not exclusive: a write is never abandoned; ``saving`` keeps it to one at a time."""
        try:
            with session_scope(self.cfg.engine) as session:
                row = add_adjudication(
                    session,
                    claim_id=claim_id,
                    lead=self.cfg.reviewer,
                    label=label,
                    rationale=rationale,
                )
                row_id = row.id
        except (CpecError, SQLAlchemyError) as exc:
            self.post_message(self.Saved(claim_id, label, None, str(exc)))
            return
        self.post_message(self.Saved(claim_id, label, row_id, None))  # after the commit

    # -- messages -----------------------------------------------------------------------------

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.loading_page = False
        self.query_one("#adj-body").loading = False
        self.notify(
            terminal_safe(event.message),
            title="leads only" if event.refused else "adjudication",
            severity="error",
            markup=False,
        )
        if event.refused and self.is_current:
            self.dismiss(None)

    @on(PageLoaded)
    def _page_loaded(self, event: PageLoaded) -> None:
        self.loading_page = False
        self.more = len(event.rows) == PAGE_SIZE
        had = len(self.rows)
        self.rows.extend(event.rows)
        if event.advance and len(self.rows) > had:
            self.index = had
        elif event.advance:
            self.notify("that was the last disputed claim", severity="information")
        self._show_current()

    @on(ViewLoaded)
    def _view_loaded(self, event: ViewLoaded) -> None:
        if not self.rows or self.rows[self.index].claim_id != event.claim_id:
            return  # the lead moved on meanwhile
        self.view = event.view
        self.query_one("#adj-body").loading = False
        self.query_one("#adj-claim", Static).update(dispute_claim_text(event.view))
        self.query_one("#adj-verdicts", Static).update(verdicts_table(event.view))
        self.query_one("#adj-history", Static).update(history_text(event.view))
        self.query_one("#adj-claim-pane", VerticalScroll).scroll_home(animate=False)
        self.query_one("#adj-side", VerticalScroll).scroll_home(animate=False)
        self._render_header()

    @on(Saved)
    def _saved(self, event: Saved) -> None:
        self.saving = False
        if event.error is not None:
            self.status = f"claim #{event.claim_id} NOT saved"
            self.notify(
                terminal_safe(f"adjudication of claim #{event.claim_id} NOT saved: {event.error}"),
                severity="error",
                markup=False,
            )
        else:
            self.status = (
                f"saved as adjudication #{event.row_id}: claim #{event.claim_id} is {event.label}"
            )
            self.notify(terminal_safe(self.status), title="saved", markup=False)
            if self.rows and self.rows[self.index].claim_id == event.claim_id:
                self._view_worker(event.claim_id)  # show the new history row
        self._render_header()

    # -- showing ------------------------------------------------------------------------------

    def _render_header(self) -> None:
        text = dispute_header(
            self.rows,
            self.index,
            self.more,
            self.cfg.reviewer,
            "saving…" if self.saving else self.status,
        )
        self.query_one("#adj-header", Static).update(text)

    def _show_current(self) -> None:
        self.view = None
        self._render_header()
        if not self.rows:
            self.query_one("#adj-body").loading = False
            self.query_one("#adj-claim", Static).update(Text(EMPTY_HINT, style="italic"))
            self.query_one("#adj-verdicts", Static).update("")
            self.query_one("#adj-history", Static).update("")
            return
        self.query_one("#adj-body").loading = True
        self._view_worker(self.rows[self.index].claim_id)

    # -- actions ------------------------------------------------------------------------------

    def action_step(self, delta: int) -> None:
        if self.loading_page or not self.rows:
            self.app.bell()
            return
        target = self.index + delta
        if 0 <= target < len(self.rows):
            self.index = target
            self.status = ""
            self._show_current()
        elif target >= len(self.rows) and self.more:
            self._load_page(after_id=self.rows[-1].claim_id, advance=True)
        else:
            self.app.bell()

    def action_label(self, label: str) -> None:
        view = self.view
        if view is None:
            self.app.bell()
            return
        if self.saving:
            self.notify("still saving the last adjudication", severity="warning")
            return
        claim_id = int(view.claim["id"])

        def done(value: str | None) -> None:
            if value is None:
                return  # escape: nothing to save, nothing to say
            rationale = value.strip()
            if not rationale:
                self.notify(
                    "a rationale is required: say why this label is final (nothing saved)",
                    severity="warning",
                    markup=False,
                )
                return
            self.saving = True
            self._render_header()
            self._save_worker(claim_id, label, rationale)

        self.app.push_screen(
            PromptScreen(
                f"Final label '{label}' for claim #{claim_id}: rationale (required)",
                placeholder="why this label is final",
            ),
            done,
        )

    def action_scroll_side(self, pages: int) -> None:
        """j/k belong to claims, so the reviewers' pane scrolls by page keys."""
        side = self.query_one("#adj-side", VerticalScroll)
        if pages > 0:
            side.scroll_page_down(animate=False)
        else:
            side.scroll_page_up(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
