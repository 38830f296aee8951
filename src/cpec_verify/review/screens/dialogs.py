"""Small modal dialogs: a one-line prompt (note) and the missing-citation question."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
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


class MissingCitationScreen(ModalScreen[int | None]):
    """A label the guidelines want evidence for, with none cited.

    ``1``-``9`` cite that evidence and save (returns its rank), ``y``/enter save without a
    citation (returns 0), ``n``/escape go back (None).  The evidence is listed by rank so
    the choice needs no second look at the pane behind.
    """

    BINDINGS = [
        Binding("y,enter", "answer(0)", "save without", id="citation-save-anyway"),
        Binding("n,escape", "answer(None)", "go back", id="citation-back"),
        *(
            Binding(str(n), f"answer({n})", "cite and save", show=False, id=f"citation-{n}")
            for n in range(1, 10)
        ),
    ]

    def __init__(self, message: str, evidence: Sequence[Text]) -> None:
        super().__init__(classes="dialog")
        self._message = message
        self._evidence = list(evidence)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(terminal_safe(self._message), markup=False, classes="dialog-title")
            for line in self._evidence[:9]:
                yield Static(line, classes="dialog-choice")
            if self._evidence:
                yield Static(
                    f"1-{min(9, len(self._evidence))} cite that evidence and save",
                    markup=False,
                    classes="dialog-hint",
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save anyway (y)", id="yes", variant="warning")
                yield Button("Go back (n)", id="no")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(0 if event.button.id == "yes" else None)

    def action_answer(self, answer: int | None) -> None:
        if answer and answer > len(self._evidence):
            self.app.bell()
            self.notify(f"there is no evidence {answer} for this claim", severity="warning")
            return
        self.dismiss(answer)
