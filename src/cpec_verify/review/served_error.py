"""The screen a browser session shows when the review cannot start (``review --served``).

Under ``cpec-verify serve`` the app's output is the browser: an ``error:`` line on stderr
would reach only the server log and leave the reviewer on a splash screen, so the reason
is shown as a small Textual app instead.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Center, Middle
from textual.widgets import Static

from cpec_verify.textsafe import terminal_safe


class StartErrorApp(App[None]):
    """One message and how to leave; the text is never read as markup."""

    CSS = """
    Screen { align: center middle; }
    #reason { width: auto; max-width: 90; border: heavy $error; padding: 1 2; }
    """
    BINDINGS = [("q", "quit", "Close"), ("escape", "quit", "Close")]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        text = f"The review could not start:\n\n{self.message}\n\nPress q to close."
        with Middle(), Center():
            yield Static(text, id="reason", markup=False)


def show_start_error(message: str) -> None:
    StartErrorApp(terminal_safe(message)).run()
