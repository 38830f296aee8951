"""The evidence pane: ranked evidence with badges, citation marks and figures side by side.

Line API (see ``text_view``): an ``OptionList`` here rebuilt, measured and re-laid out
every entry on each claim; moving the selection now repaints only two entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message

from cpec_verify.claims.quantities import Quantity
from cpec_verify.review.rendering.claims import evidence_prompt
from cpec_verify.review.widgets.text_view import TextView, min_lines, wrap_text
from cpec_verify.store.queries.review_detail import EvidenceItem

SEPARATOR, EMPTY = -1, -2  # owners of lines that belong to no entry


class EvidenceList(TextView):
    """Evidence for the current claim; the highlighted entry is the selected evidence."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "evidence-list--highlighted",
        "evidence-list--separator",
        "evidence-list--empty",
    }
    DEFAULT_CSS = """
    EvidenceList {
        & > .evidence-list--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        & > .evidence-list--separator { color: $foreground 15%; }
        & > .evidence-list--empty { color: $text-disabled; }
    }
    """

    class Chosen(Message):
        """The user clicked an evidence entry."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._prompts: list[Text] = []
        self._empty: Text | None = None
        self._selected = 0
        self._owner: list[int] = []  # line -> entry index, SEPARATOR or EMPTY
        self._first: list[int] = []  # entry index -> its first line

    @property
    def option_count(self) -> int:
        return len(self._prompts)

    @property
    def highlighted(self) -> int | None:
        return self._selected if self._prompts else None

    def show(
        self,
        items: Sequence[EvidenceItem],
        figures: Sequence[Quantity],
        cited: set[int],
        selected: int,
    ) -> None:
        self._prompts = [
            evidence_prompt(n, item, figures, item.span_id in cited)
            for n, item in enumerate(items, 1)
        ]
        self._empty = None if items else Text("No evidence found for this claim.")
        self._selected = selected
        self.content_changed()
        self._scroll_to_selected()

    def clear_options(self) -> None:
        self._prompts, self._empty = [], None
        self.content_changed()

    def select(self, index: int) -> None:
        if not 0 <= index < len(self._prompts) or index == self._selected:
            return
        old, self._selected = self._selected, index
        for entry in (old, index):
            if entry < len(self._first):
                self.refresh_lines_of(self._first[entry], self._height(entry))
        self._scroll_to_selected()

    def _height(self, entry: int) -> int:
        end = self._first[entry + 1] - 1 if entry + 1 < len(self._first) else self.line_count
        return end - self._first[entry]

    def _scroll_to_selected(self) -> None:
        if self._selected >= len(self._first):
            return
        first = self._first[self._selected]
        last = first + self._height(self._selected) - 1
        height = self.scrollable_content_region.height or 1
        if first < self.scroll_y:
            self.scroll_to(y=first, animate=False)
        elif last >= self.scroll_y + height:
            self.scroll_to(y=min(first, last - height + 1), animate=False)

    def wrap(self, width: int) -> list[Text]:
        lines: list[Text] = []
        self._owner, self._first = [], []
        if self._empty is not None:
            lines, _ = wrap_text(self._empty, width)
            self._owner = [EMPTY] * len(lines)
        for entry, prompt in enumerate(self._prompts):
            if entry:
                lines.append(Text("─" * width))
                self._owner.append(SEPARATOR)
            self._first.append(len(lines))
            wrapped, _ = wrap_text(prompt, width)
            lines.extend(wrapped)
            self._owner.extend([entry] * len(wrapped))
        return lines

    def min_lines(self, width: int) -> int:
        return min_lines(self._prompts, width) + max(0, len(self._prompts) - 1)

    def line_style(self, y: int) -> Style:
        owner = self._owner[y]
        if owner == self._selected:
            return self.get_component_rich_style("evidence-list--highlighted")
        if owner == SEPARATOR:
            return self.get_component_rich_style("evidence-list--separator")
        if owner == EMPTY:
            return self.get_component_rich_style("evidence-list--empty")
        return super().line_style(y)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        y = int(self.scroll_y) + offset.y
        if 0 <= y < len(self._owner) and self._owner[y] >= 0:
            event.stop()
            self.select(self._owner[y])
            self.post_message(self.Chosen(self._owner[y]))
