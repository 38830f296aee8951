"""Line API base for panes of wrapped Rich ``Text`` (the claim's article, its evidence).

A ``Static`` per pane inside scroll containers made every claim change re-lay out and
re-render all panes (about 25 ms a frame at 160x48).  Here text is wrapped once per
width, only visible lines become strips (cached until the content changes), and new
content repaints only its own lines that show text: no layout unless the scrollbar
comes or goes (or an auto height changes).  Text is never parsed as markup: it arrives
as ``Text`` built from plain strings; control characters in it are made visible here
(``safe_text``), the one place every pane's text passes before it is drawn.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

from rich._wrap import divide_line
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cpec_verify.review.rendering.claims import safe_text


@lru_cache(maxsize=4096)
def _breaks(plain: str, width: int) -> tuple[int, ...]:
    """Where a paragraph wraps; cached, as the next claim's window repeats most paragraphs."""
    return tuple(divide_line(plain, width, fold=True))


def wrap_text(text: Text, width: int) -> tuple[list[Text], list[int]]:
    """``text`` wrapped to ``width`` cells, plus each line's offset in it.

    As ``Text.wrap`` but trailing spaces are dropped (as Textual's own wrapping does), so a
    highlight never runs past the last word of a line.  A ``no_wrap`` text is cut instead.
    """
    text = safe_text(text)
    lines: list[Text] = []
    starts: list[int] = []
    pos = 0
    for para in text.split("\n", allow_blank=True):
        plain = para.plain
        if text.no_wrap:
            para.truncate(width, overflow=text.overflow or "fold")
            lines.append(para)
            starts.append(pos)
            pos += len(plain) + 1
            continue
        offsets = _breaks(plain, width)
        for start, line in zip([0, *offsets], para.divide(offsets), strict=True):
            line.rstrip()
            line.truncate(width, overflow="fold")
            lines.append(line)
            starts.append(pos + start)
        pos += len(plain) + 1
    return lines, starts


def min_lines(texts: Iterable[Text], width: int) -> int:
    """A lower bound of the lines ``wrap_text`` makes of ``texts``: a wrapped line holds at
    most ``width`` cells besides the spaces it breaks at, so a paragraph needs at least
    its other cells over ``width``."""
    total = 0
    for text in texts:
        for para in text.plain.split("\n"):
            total += 1 if text.no_wrap else max(1, -(-cell_len("".join(para.split())) // width))
    return total


def line_at(starts: list[int], offset: int) -> int:
    """Index of the wrapped line holding character ``offset``."""
    return max(0, bisect_right(starts, offset) - 1)


class TextView(ScrollView, can_focus=False):
    """Wrapped lines of ``Text``; subclasses say what the lines are and how each is styled."""

    DEFAULT_CSS = """
    TextView { overflow-x: hidden; background: $surface; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._lines: list[Text] = []
        self._strips: dict[int, Strip] = {}
        self._fitted: Size | None = None  # the content size the lines were wrapped for
        self._stale = True  # the content changed since
        self._base = Style()  # the widget's own style, read once per render pass

    # -- for subclasses -----------------------------------------------------------------------

    def wrap(self, width: int) -> list[Text]:
        """The content as lines of at most ``width`` cells."""
        raise NotImplementedError

    def line_style(self, y: int) -> Style:
        """The base style under line ``y`` (the widget's own unless overridden)."""
        return self._base

    def min_lines(self, width: int) -> int:
        """A cheap lower bound of ``len(self.wrap(width))`` (saves a wrap when it overflows)."""
        return 0

    def wrapped(self) -> None:
        """Called after (re)wrapping, e.g. to scroll to a line."""

    def content_changed(self) -> None:
        """Re-wrap now, so the very next frame is right, and repaint what changed."""
        self._stale = True
        self._fit()

    def refresh_lines_of(self, first: int, count: int) -> None:
        """Repaint lines ``first`` to ``first + count - 1`` (e.g. a selection moved)."""
        for y in range(first, first + count):
            self._strips.pop(y, None)
        self.refresh_lines(first, count)

    @property
    def line_count(self) -> int:
        return len(self._lines)

    # -- wrapping and rendering ---------------------------------------------------------------

    def _fit(self) -> None:
        size = self.container_size  # without the scrollbar, set at each layout
        if not size.width or (self._fitted == size and not self._stale):
            return
        width, height = size
        scrolls = self.styles.overflow_y == "auto"
        narrow = max(1, width - self.styles.scrollbar_size_vertical)
        if scrolls and self.min_lines(width) > height:  # overflows for sure: wrap once
            width, lines = narrow, self.wrap(narrow)
        else:  # as a scroll container does: full width, then narrower if it overflows
            lines = self.wrap(width)
            if scrolls and len(lines) > height:
                width, lines = narrow, self.wrap(narrow)
        overflows = scrolls and len(lines) > height
        before = self.virtual_size
        resized = self._fitted != size or overflows != (before.height > size.height)
        self._lines = lines
        self._strips.clear()
        self._fitted, self._stale = size, False
        virtual = Size(width, len(lines))
        auto = self.styles.height is not None and self.styles.height.is_auto
        if virtual != before:  # (assigning it would lay out the whole screen)
            self.set_reactive(ScrollView.virtual_size, virtual)
            # as OptionList does; shows or hides the scrollbar now, so that one layout
            # (not one per frame for three frames) arranges it
            self._scroll_update(virtual)
        if resized or (auto and virtual.height != before.height):
            # the scrollbar comes or goes, or the height follows the text: lay out, repaint
            self.refresh(layout=True)
        else:  # same geometry: no layout, and repaint only lines that show text
            top = int(self.scroll_y)
            shown = min(size.height, max(before.height, virtual.height) - top)
            if shown > 0:
                self.refresh_lines(top, shown)
        self.wrapped()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._fit()
        self._base = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_y) + y
        width = self.scrollable_content_region.width
        strip = self._strips.get(index)
        if strip is None or strip.cell_length != width:
            if 0 <= index < len(self._lines):
                style = self.line_style(index)
                segments = Segment.apply_style(self._lines[index].render(self.app.console), style)
                strip = Strip(segments)
                if strip.cell_length > width:
                    strip = strip.crop(0, width)
                # not crop_extend: a no-op crop caches the strip in itself, a reference
                # cycle that only the (slow, full) garbage collection frees
                strip = strip.extend_cell_length(width, style)
            else:
                strip = Strip.blank(width, self._base)
            self._strips[index] = strip
        return strip

    def on_resize(self) -> None:
        self._fit()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()
