"""A footer that fits its width: the least needed keys drop out rather than being cut.

Textual's ``Footer`` lays every shown binding out in a row and cuts what does not fit
(at 80 columns: ``/ sea``).  This one keeps bindings in their order but, short of
room, leaves out those with the highest rank (from the action table) first; ``?`` help
lists them all.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

GAP = 1  # a compact footer key's right margin


class FittedFooter(Footer):
    """``ranks`` maps binding ids to footer ranks (lower stays longer)."""

    def __init__(self, ranks: Mapping[str, int]) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._ranks = dict(ranks)
        self._width = 0

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        seen: set[str] = set()
        shown = []
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                shown.append((binding, enabled, tooltip))
        width = self.size.width or self.app.size.width
        cost = [
            len(self.app.get_key_display(b)) + 1 + len(b.description) + GAP for b, _, _ in shown
        ]
        order = sorted(
            range(len(shown)), key=lambda i: (self._ranks.get(shown[i][0].id or "", 50), i)
        )
        keep: set[int] = set()
        used = 0
        for i in order:
            if used + cost[i] - GAP <= width:
                keep.add(i)
                used += cost[i]
        for i, (binding, enabled, tooltip) in enumerate(shown):
            if i in keep:
                yield FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    disabled=not enabled,
                    tooltip=tooltip,
                ).data_bind(compact=Footer.compact)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self.call_after_refresh(self.recompose)
