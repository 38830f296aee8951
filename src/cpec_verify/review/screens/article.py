"""An evidence article opened at the cited sentence (enter on an evidence entry)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from cpec_verify.review.rendering.claims import article_span_text, line_of
from cpec_verify.store.queries.review_detail import ArticleSpanView


class ArticleScreen(ModalScreen[None]):
    """The whole article, the evidence sentence highlighted and scrolled into view."""

    BINDINGS = [Binding("escape,q,enter", "close", "back", id="article-close")]

    def __init__(self, view: ArticleSpanView) -> None:
        super().__init__(classes="dialog")
        self._view = view

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="article-box", classes="dialog-box"):
            yield Static(article_span_text(self._view), id="article-body")
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self._scroll_to_sentence)

    def _scroll_to_sentence(self) -> None:
        box = self.query_one("#article-box", VerticalScroll)
        width = max(10, box.scrollable_content_region.width)
        y = line_of(self._view.text, self._view.start, width) + 3  # + the header lines
        box.scroll_to(y=max(0, y - 3), animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
