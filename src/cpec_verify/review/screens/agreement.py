"""The leads' agreement screen (``a``): the figures of ``cpec-verify agreement`` in the app.

Agreement reveals every reviewer's verdicts, so only leads may see it: the lead check runs in
the same thread worker (own Session) that reads the current verdicts and computes the
statistics, and a refusal comes back as a message that becomes a notification.  The query
and numpy work never touch the event loop; the body shows a loading indicator meanwhile.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from sqlalchemy.exc import SQLAlchemyError
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static
from textual.worker import get_current_worker

from cpec_verify.errors import CpecError
from cpec_verify.review.model.config import ReviewConfig
from cpec_verify.review.rendering.leads import (
    PER_LABEL_HEADER,
    agreement_notes,
    agreement_summary,
    kappa_rows,
    per_label_rows,
)
from cpec_verify.services.agreement import lead_agreement
from cpec_verify.stats.ratings import RatingsError
from cpec_verify.store.entities.reviewers import NotALeadError
from cpec_verify.textsafe import terminal_safe


class AgreementScreen(Screen[None]):
    """Summary figures, the Cohen's kappa matrix and per-label alphas; ``r`` recomputes."""

    BINDINGS = [
        Binding("escape,q", "close", "back", id="agreement-close"),
        Binding("r", "recompute", "recompute", id="agreement-recompute"),
    ]
    AUTO_FOCUS = "#agreement-body"  # arrows and page keys scroll the figures
    DEFAULT_CSS = """
    AgreementScreen { layout: vertical; }
    AgreementScreen #agreement-title { height: 1; padding: 0 1; background: $panel; }
    AgreementScreen #agreement-body { height: 1fr; padding: 0 1; }
    AgreementScreen .agreement-section { margin-top: 1; text-style: bold; }
    AgreementScreen DataTable { height: auto; max-height: 20; }
    """

    class Computed(Message):
        def __init__(self, result: dict[str, Any]) -> None:
            super().__init__()
            self.result = result

    class Failed(Message):
        def __init__(self, message: str, refused: bool) -> None:
            super().__init__()
            self.message = message
            self.refused = refused

    def __init__(self, config: ReviewConfig) -> None:
        super().__init__(id="agreement")
        self.cfg = config
        self.result: dict[str, Any] | None = None
        self.computing = False

    def compose(self) -> ComposeResult:
        yield Static(
            Text("Reviewer agreement · current verdicts · nominal", style="bold"),
            id="agreement-title",
        )
        with VerticalScroll(id="agreement-body"):
            yield Static(id="agreement-summary", markup=False)
            yield Static(
                "Cohen's kappa by reviewer pair",
                markup=False,
                classes="agreement-section",
                id="agreement-kappa-title",
            )
            kappa: DataTable[Text] = DataTable(
                id="agreement-kappa", cursor_type="none", zebra_stripes=True
            )
            kappa.can_focus = False
            yield kappa
            yield Static("Per label", markup=False, classes="agreement-section")
            labels: DataTable[Text] = DataTable(id="agreement-labels", cursor_type="none")
            labels.can_focus = False
            yield labels
            yield Static(id="agreement-notes", markup=False, classes="agreement-section")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.action_recompute()

    # -- worker -------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="agreement")
    def _compute(self) -> None:
        try:
            result = lead_agreement(self.cfg.engine, self.cfg.reviewer)
        except NotALeadError as exc:
            self.post_message(self.Failed(str(exc), refused=True))
            return
        except (CpecError, RatingsError, SQLAlchemyError) as exc:
            self.post_message(self.Failed(f"agreement not computed: {exc}", refused=False))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Computed(result))

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.computing = False
        self.query_one("#agreement-body").loading = False
        self.notify(
            terminal_safe(event.message),
            title="leads only" if event.refused else "agreement",
            severity="error",
            markup=False,
        )
        if event.refused and self.is_current:
            self.dismiss(None)

    @on(Computed)
    def _computed(self, event: Computed) -> None:
        self.computing = False
        self.result = event.result
        self.query_one("#agreement-body").loading = False
        self._show(event.result)

    # -- showing ------------------------------------------------------------------------------

    def _show(self, result: dict[str, Any]) -> None:
        self.query_one("#agreement-summary", Static).update(agreement_summary(result))
        header, rows = kappa_rows(result)
        kappa = self.query_one("#agreement-kappa", DataTable)
        kappa.clear(columns=True)
        pairs = len(header) > 2  # two reviewers or more
        kappa.display = pairs
        self.query_one("#agreement-kappa-title").display = pairs
        if pairs:
            kappa.add_columns(*header)
            kappa.add_rows(rows)
        labels = self.query_one("#agreement-labels", DataTable)
        labels.clear(columns=True)
        labels.add_columns(*(Text(h) for h in PER_LABEL_HEADER))
        labels.add_rows(per_label_rows(result))
        self.query_one("#agreement-notes", Static).update(agreement_notes(result))

    # -- actions ------------------------------------------------------------------------------

    def action_recompute(self) -> None:
        self.computing = True
        self.query_one("#agreement-body").loading = True
        self._compute()

    def action_close(self) -> None:
        self.dismiss(None)
