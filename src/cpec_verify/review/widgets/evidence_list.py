"""The evidence pane: ranked evidence with badges, citation marks and figures side by side."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cpec_verify.claims.quantities import Quantity
from cpec_verify.review.render import evidence_prompt
from cpec_verify.store.review_detail import EvidenceItem


class EvidenceList(OptionList):
    """Evidence for the current claim; the highlight is the selected evidence."""

    can_focus = False

    class Chosen(Message):
        """The user clicked an evidence entry."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, markup=False)

    def show(
        self,
        items: Sequence[EvidenceItem],
        figures: Sequence[Quantity],
        cited: set[int],
        selected: int,
    ) -> None:
        if not items:
            self.set_options([Option("No evidence found for this claim.", disabled=True)])
            return
        options: list[Option | None] = []
        for n, item in enumerate(items, 1):
            if n > 1:
                options.append(None)  # a separator line
            prompt = evidence_prompt(n, item, figures, item.span_id in cited)
            options.append(Option(prompt, id=str(n - 1)))
        self.set_options(options)
        self.select(selected)

    def select(self, index: int) -> None:
        for opt_index in range(self.option_count):
            if self.get_option_at_index(opt_index).id == str(index):
                self.highlighted = opt_index
                self.scroll_to_highlight()
                return

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(int(event.option.id)))
