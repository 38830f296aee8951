"""The claim queue pane: one page of claims (never the whole queue), click to jump.

A Line API ``ScrollView`` (as in toolong): only visible rows are rendered, each row's
strip is cached, and moving the cursor repaints two lines rather than the widget.
An ``OptionList`` here cost tens of milliseconds per key at 160x48.  When the cursor
leaves the view the list scrolls to put it mid-view rather than by one row: a scroll
repaints every row and the scrollbar, which with ``j`` held would be every key press.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cpec_verify.review.rendering.claims import queue_prompt
from cpec_verify.review.widgets.text_view import safe_text
from cpec_verify.store.queries.review_queue import QueueRow

HIGHLIGHT = Style(bgcolor="#1f3a5f", bold=True)


class QueueList(ScrollView, can_focus=False):
    """Shows the rows its screen sets; keys belong to the screen, so it takes no focus."""

    DEFAULT_CSS = """
    QueueList { background: $surface; }
    """

    class Picked(Message):
        """The user clicked a queued claim."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._rows: list[QueueRow] = []
        self._labels: list[str | None] = []
        self._index = -1
        # a page's visible rows; more only kept long-lived strips for the collector to scan
        self._cache: LRUCache[tuple[int, str | None, bool, int], Strip] = LRUCache(128)

    @property
    def option_count(self) -> int:
        return len(self._rows)

    @property
    def highlighted(self) -> int | None:
        return self._index if 0 <= self._index < len(self._rows) else None

    def show_page(self, rows: list[QueueRow], labels: dict[int, str | None], index: int) -> None:
        self._rows = rows
        self._labels = [labels.get(r.claim_id, r.label) for r in rows]
        self._index = -1
        self.virtual_size = Size(0, len(rows))
        self.refresh()
        self.show_index(index)

    def show_index(self, index: int) -> None:
        if not 0 <= index < len(self._rows):
            return
        old, self._index = self._index, index
        if old >= 0:
            self.refresh_line(old)
        self.refresh_line(index)
        height = self.scrollable_content_region.height or 1
        if not self.scroll_y <= index < self.scroll_y + height:
            self.scroll_to(y=max(0, index - height // 2), animate=False)  # see the docstring

    def show_label(self, row_index: int, label: str | None) -> None:
        if 0 <= row_index < len(self._rows) and self._labels[row_index] != label:
            self._labels[row_index] = label
            self.refresh_line(row_index)

    def render_line(self, y: int) -> Strip:
        row_index = int(self.scroll_y) + y
        width = self.scrollable_content_region.width
        if not 0 <= row_index < len(self._rows):
            return Strip.blank(width, self.rich_style)
        row, label = self._rows[row_index], self._labels[row_index]
        key = (row.claim_id, label, row_index == self._index, width)
        strip = self._cache.get(key)
        if strip is None:
            text = safe_text(queue_prompt(row, label))
            text.truncate(width, overflow="ellipsis", pad=True)
            if key[2]:
                text.stylize(HIGHLIGHT)
            segments = list(text.render(self.app.console))
            strip = Strip(Segment.apply_style(segments, self.rich_style))
            # not crop_extend: a no-op crop caches the strip in itself (a reference cycle)
            strip = strip.adjust_cell_length(width, self.rich_style)
            self._cache[key] = strip
        return strip

    def on_resize(self) -> None:
        self._cache.clear()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row_index = int(self.scroll_y) + offset.y
        if 0 <= row_index < len(self._rows):
            event.stop()
            self.post_message(self.Picked(row_index))
