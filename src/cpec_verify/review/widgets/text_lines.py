"""A few lines of ``Text`` that change on every key: the header, the claim's head.

A ``Static`` takes every update through Textual's content pipeline (converted, measured,
re-wrapped: about 0.2 ms a line here, every key).  This draws through ``TextView``'s
cached strips instead; its height follows the wrapped line count, and a layout
happens only when that count changes.
"""

from __future__ import annotations

from rich.text import Text

from cpec_verify.review.widgets.text_view import TextView, wrap_text


class TextLines(TextView):
    """Shows the ``Text`` its screen sets (never parsed as markup), all of it, no scrolling."""

    DEFAULT_CSS = """
    TextLines { height: auto; overflow: hidden hidden; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.text = Text()

    def update(self, text: Text) -> None:
        self.text = text
        self.content_changed()

    def wrap(self, width: int) -> list[Text]:
        return wrap_text(self.text, width)[0]
