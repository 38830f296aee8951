"""Small modal dialogs: a one-line prompt (note, search) and a yes/no confirmation."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from cpec_verify.textsafe import terminal_safe


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text: enter returns it, escape returns None."""

    BINDINGS = [Binding("escape", "cancel", "cancel", id="prompt-cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__(classes="dialog")
        self._title = title
        self._value = value
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(terminal_safe(self._title), markup=False, classes="dialog-title")
            yield Input(
                terminal_safe(self._value), placeholder=self._placeholder, id="prompt-input"
            )
            yield Static("enter save · escape cancel", markup=False, classes="dialog-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: y or enter confirm, n or escape decline; buttons for the mouse."""

    BINDINGS = [
        Binding("y", "answer(True)", "yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "no", id="confirm-no"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__(classes="dialog")
        self._message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(terminal_safe(self._message), markup=False, classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save anyway (y)", id="yes", variant="warning")
                yield Button("Go back (n)", id="no")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
