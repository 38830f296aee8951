"""The queue filter (``f``): which claims are queued, optionally only those containing a text.

Unlike search (``/``), which jumps and leaves the queue alone, a filter narrows the
queue; the header shows it for as long as it is on.  Up/down (or tab) change the
status, the field takes the text (empty: no narrowing), enter applies, escape cancels.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from cpec_verify.store.queries.review_queue import FILTERS
from cpec_verify.textsafe import terminal_safe

FILTER_HELP = {
    "unreviewed": "claims you have no verdict on",
    "conflicts": "claims with differing evidence (and disputes, for leads)",
    "mine": "claims you gave a verdict",
    "all": "every claim",
}


def status_choices(current: str) -> Text:
    text = Text()
    for name in FILTERS:
        if name == current:
            text.append(f" {name} ", style="bold reverse")
        else:
            text.append(f" {name} ", style="dim")
        text.append(" ")
    text.append(f"\n{FILTER_HELP.get(current, '')}", style="italic")
    return text


class FilterScreen(ModalScreen[tuple[str, str | None] | None]):
    """Returns (status filter, narrowing text or None), or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "cancel", id="filter-cancel"),
        Binding("down,tab", "cycle(1)", "status", id="filter-next-status"),
        Binding("up,shift+tab", "cycle(-1)", "status", id="filter-previous-status"),
    ]

    def __init__(self, status: str, text: str | None) -> None:
        super().__init__(classes="dialog")
        self.status = status
        self._text = text or ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("Filter the queue", markup=False, classes="dialog-title")
            yield Static(status_choices(self.status), id="filter-status")
            yield Static("only claims containing (empty: no text filter)", markup=False)
            yield Input(terminal_safe(self._text), placeholder="text", id="filter-text")
            yield Static(
                "↑/↓ status · enter apply · escape cancel", markup=False, classes="dialog-hint"
            )

    def action_cycle(self, delta: int) -> None:
        self.status = FILTERS[(FILTERS.index(self.status) + delta) % len(FILTERS)]
        self.query_one("#filter-status", Static).update(status_choices(self.status))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss((self.status, event.value.strip() or None))

    def action_cancel(self) -> None:
        self.dismiss(None)
