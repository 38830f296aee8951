"""The review screen's search (``/``, ``n``, ``N``, escape), filter (``f``) and pane tab (``t``).

A mixin of :class:`~cpec_verify.review.screens.review.ReviewScreen`.  Search jumps
through the queue and leaves it as it is; the filter narrows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpec_verify.review.model import feedback
from cpec_verify.review.screens.filter import FilterScreen
from cpec_verify.review.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from cpec_verify.review.screens.review import ReviewScreen

    _Base = ReviewScreen
else:
    _Base = object


class SearchActions(_Base):
    """Search bar and filter dialog handling for the review screen."""

    def action_search(self) -> None:
        self.query_one(SearchBar).open()

    def on_search_bar_submitted(self) -> None:
        self.action_search_step(False)

    def action_search_step(self, backwards: bool) -> None:
        bar = self.query_one(SearchBar)
        current = self.queue.current.claim_id if self.queue.current else None
        if not bar.is_open or not bar.find(self.queue.spec, current, backwards=backwards):
            self._say(feedback.line("no search", "/ opens one"))

    def on_search_bar_found(self, event: SearchBar.Found) -> None:
        bar = self.query_one(SearchBar)
        bar.show_result(event.match)
        cid = event.match.claim_id
        if cid is None or not bar.is_open:
            return
        self._go_to_claim(cid, refresh=True)  # refresh: mark the query in the article

    def action_close_search(self) -> None:
        bar = self.query_one(SearchBar)
        if bar.is_open:
            bar.close()
            if self.detail is not None:
                self._render_claim(self.detail.claim_id, self.detail)

    def action_filter(self) -> None:
        def done(choice: tuple[str, str | None] | None) -> None:
            if choice is not None:
                self._load(self.queue.reload(filter=choice[0], search=choice[1]))

        self.app.push_screen(FilterScreen(self.queue.spec.filter, self.queue.spec.search), done)

    def action_toggle_pane(self) -> None:
        self.toggle_class("-queue-tab")
