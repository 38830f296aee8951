"""The search bar: ``/`` opens it empty, enter jumps to the next matching claim.

The queue stays as it is (narrowing is the ``f`` filter's job): a search finds the next
(``n``) or previous (``N``) claim of the queue whose text contains the query, wrapping at
the ends, in a thread worker with its own Session, and posts :class:`SearchBar.Found`
for the screen to move there.  Escape closes it.
"""

from __future__ import annotations

from rich.text import Text
from sqlalchemy.engine import Engine
from sqlmodel import Session
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from cpec_verify.store.queries.review_queue import Match, QueueSpec, find_match


class SearchBar(Horizontal):
    """Hidden until opened; the screen sets ``engine`` and calls :meth:`find`."""

    DEFAULT_CSS = """
    SearchBar { height: 1; display: none; background: $panel; padding: 0 1; }
    SearchBar.-open { display: block; }
    SearchBar > #search-label { width: auto; height: 1; }
    SearchBar > Input { width: 1fr; height: 1; border: none; padding: 0; }
    SearchBar > #search-hint { width: auto; max-width: 50%; height: 1; }
    """

    class Found(Message):
        """A search finished: ``match.claim_id`` None means nothing matched."""

        def __init__(self, match: Match) -> None:
            super().__init__()
            self.match = match

    def __init__(self, engine: Engine, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.engine = engine
        self.query_text = ""  # the last query searched for ("" before the first)
        self.searching = False

    def compose(self) -> ComposeResult:
        yield Static(Text("/ ", style="bold"), id="search-label")
        yield Static(Text("enter next match · esc closes", style="dim"), id="search-hint")

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self) -> None:
        """Show the bar with an empty query, ready to type."""
        self.add_class("-open")
        self.query(Input).remove()
        # mounted only while open: a hidden field would take keys and blink unseen
        field = Input(placeholder="text in a claim", id="search-input", compact=True)
        self.mount(field, before=self.query_one("#search-hint"))
        field.focus()
        self._hint(Text("enter next match · esc closes", style="dim"))

    def close(self) -> None:
        self.remove_class("-open")
        self.query_text = ""
        self.query(Input).remove()

    def find(self, spec: QueueSpec, current: int | None, *, backwards: bool = False) -> bool:
        """Search for the last query from ``current``; False when there is no query yet."""
        if not self.query_text:
            return False
        self.searching = True
        self._hint(Text("searching…", style="yellow"))
        self._worker(spec, self.query_text, current, backwards)
        return True

    def show_result(self, match: Match) -> None:
        self.searching = False
        text = Text(no_wrap=True, overflow="ellipsis")
        if match.claim_id is None:
            text.append("no claim in the queue matches", style="yellow")
        else:
            text.append(f"match {match.position} of {match.total}", style="bold")
            if match.wrapped:
                text.append(" (wrapped)", style="yellow")
            text.append(" · n/N next/prev · esc", style="dim")
        self._hint(text)

    def _hint(self, text: Text) -> None:
        self.query_one("#search-hint", Static).update(text)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        query = event.value.strip()
        if query:
            self.query_text = query
            event.input.blur()  # n / N / j / k belong to the screen again
            self.post_message(self.Submitted())

    class Submitted(Message):
        """Enter with a query: the screen calls :meth:`find` from its current claim."""

    @work(thread=True, exclusive=True, group="search")
    def _worker(self, spec: QueueSpec, query: str, current: int | None, backwards: bool) -> None:
        with Session(self.engine) as session:
            match = find_match(session, spec, query, current=current, backwards=backwards)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Found(match))
