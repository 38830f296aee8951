"""The claim in its article: the article window, scrolled so the claim is in view."""

from __future__ import annotations

from rich.text import Text

from cpec_verify.review.widgets.text_view import TextView, line_at, min_lines, wrap_text


class ClaimBody(TextView):
    """Shows the ``Text`` its screen sets; mouse-scrollable, keys stay with the screen."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.text = Text()
        self._anchor: int | None = None
        self._starts: list[int] = []

    def show(self, text: Text, anchor: int | None = None) -> None:
        """Show ``text``; ``anchor`` is the claim's offset in it, kept in view with two
        lines of context above once it would fall near the bottom."""
        self.text = text
        self._anchor = anchor
        self.content_changed()

    def wrap(self, width: int) -> list[Text]:
        lines, self._starts = wrap_text(self.text, width)
        return lines

    def min_lines(self, width: int) -> int:
        return min_lines([self.text], width)

    def wrapped(self) -> None:
        y = 0
        if self._anchor is not None:
            line = line_at(self._starts, self._anchor)
            if line >= self.container_size.height - 2:
                y = line - 2
        self.scroll_to(y=y, animate=False)
