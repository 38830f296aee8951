"""Help: every key (from the action table) and the annotation guidelines."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from cpec_verify.review.actions import REVIEW_ACTIONS, key_help
from cpec_verify.review.model.guidelines import Guidelines

LABEL_ORDER = ("supported", "conflicting", "unsourced")


def keys_table() -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=False)
    rows = key_help(REVIEW_ACTIONS)
    table.add_column(
        "keys", style="bold cyan", no_wrap=True, min_width=max(len(keys) for keys, _ in rows)
    )
    table.add_column("action")
    for keys, text in rows:
        table.add_row(Text(keys), Text(text))
    table.add_row(Text("ctrl+p"), Text("Command palette: every action above by name"))
    return table


def guidelines_text(g: Guidelines) -> Text:
    """The guidelines as plain text with styles by offset (the YAML is user-supplied)."""
    text = Text()
    text.append(g.title, style="bold underline")
    text.append(f"  ({g.origin})\n", style="dim")
    for label in LABEL_ORDER:
        if label in g.labels:
            text.append(f"\n{label}", style="bold")
            if g.needs_evidence(label):
                text.append("  (cite evidence)", style="yellow")
            text.append(f"\n{g.labels[label]}\n")
    for heading, body in g.sections:
        text.append(f"\n{heading}\n", style="bold")
        text.append(f"{body}\n")
    return text


class HelpScreen(ModalScreen[None]):
    """Keys and guidelines; any of escape, q or ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "close", id="help-close")]

    def __init__(self, guidelines: Guidelines) -> None:
        super().__init__(classes="dialog")
        self._guidelines = guidelines

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box", classes="dialog-box"):
            yield Static(Text("Keys", style="bold underline"), id="help-keys-title")
            yield Static(keys_table(), id="help-keys")
            yield Static(guidelines_text(self._guidelines), id="help-guidelines")
            yield Static(Text("escape, q or ? closes this help", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
