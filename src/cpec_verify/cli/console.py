"""Rich consoles for command output, with a terminal-safety net under every print.

Imported on the first print, not at start-up: ``--help`` never pays for Rich.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType, RenderHook, RenderResult
from rich.segment import Segment

from cpec_verify.textsafe import terminal_safe


class _TerminalSafe:
    """Renders ``inner`` with every text segment passed through ``terminal_safe``."""

    def __init__(self, inner: RenderableType) -> None:
        self.inner = inner

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for seg in console.render(self.inner, options):
            # Rich's own cursor/erase codes are control segments; only text is untrusted
            yield seg if seg.control else Segment(terminal_safe(seg.text), seg.style)


class TerminalSafeHook(RenderHook):
    """The net under every ``print``: no control character of stored text reaches the
    terminal, whichever command printed it.  (``cell`` makes text safe before layout,
    so widths are right; this catches whatever was not.)"""

    def process_renderables(self, renderables: list[Any]) -> list[Any]:
        return [_TerminalSafe(r) for r in renderables]


def make_console(**kwargs: Any) -> Console:
    console = Console(highlight=False, soft_wrap=True, **kwargs)
    console.push_render_hook(TerminalSafeHook())
    return console
