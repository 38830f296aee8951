"""Every review action, defined once: bindings, footer, help and command palette come from here.

A later screen (agreement ``a``, adjudication) adds one :class:`ActionSpec` and an
``action_*`` method; nothing else needs to know about it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class ActionSpec:
    """One user action: its keys, its footer label and its palette title and help."""

    id: str
    keys: str  # comma-separated Textual key names
    action: str
    label: str  # footer description (short)
    title: str  # command palette title
    help: str
    show: bool = True
    key_display: str | None = None
    palette: bool = True
    footer_rank: int = 50  # when the footer is short of room, higher ranks drop out first


def _cite(n: int) -> ActionSpec:
    return ActionSpec(
        f"cite-{n}",
        str(n),
        f"toggle_cite({n})",
        "cite",
        f"Cite evidence {n}",
        f"Toggle evidence {n} as cited by this verdict",
        show=n == 1,
        key_display="1-9" if n == 1 else None,
        footer_rank=5,
    )


REVIEW_ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "next", "j,down", "next", "next", "Next claim", "Move to the next claim", show=False
    ),
    ActionSpec(
        "previous",
        "k,up",
        "previous",
        "prev",
        "Previous claim",
        "Move to the previous claim",
        show=False,
    ),
    ActionSpec(
        "supported",
        "s",
        "label('supported')",
        "supported",
        "Mark supported",
        "Save verdict: the cited evidence supports the claim",
        footer_rank=1,
    ),
    ActionSpec(
        "conflicting",
        "c",
        "label('conflicting')",
        "conflicting",
        "Mark conflicting",
        "Save verdict: the cited evidence conflicts with the claim",
        footer_rank=1,
    ),
    ActionSpec(
        "unsourced",
        "u",
        "label('unsourced')",
        "unsourced",
        "Mark unsourced",
        "Save verdict: no independent evidence for the claim",
        footer_rank=1,
    ),
    *(_cite(n) for n in range(1, 10)),
    ActionSpec(
        "next-evidence",
        "tab",
        "select_evidence(1)",
        "evidence",
        "Select next evidence",
        "Move the evidence selection down",
        show=False,
    ),
    ActionSpec(
        "previous-evidence",
        "shift+tab",
        "select_evidence(-1)",
        "evidence",
        "Select previous evidence",
        "Move the evidence selection up",
        show=False,
    ),
    ActionSpec(
        "open-evidence",
        "enter",
        "open_evidence",
        "open",
        "Open evidence article",
        "Open the selected evidence's article at that sentence",
        show=False,
    ),
    ActionSpec(
        "note", "e", "note", "note", "Edit note", "Write a note on this verdict", footer_rank=7
    ),
    ActionSpec(
        "undo",
        "z",
        "undo",
        "undo",
        "Undo last action",
        "Undo your last verdict, citation or note here, newest first "
        "(appends a correction or retraction; history is kept)",
        footer_rank=6,
    ),
    ActionSpec(
        "first", "g,home", "first", "first", "First claim", "Jump to the first claim", show=False
    ),
    ActionSpec("last", "G,end", "last", "last", "Last claim", "Jump to the last claim", show=False),
    ActionSpec(
        "help",
        "question_mark",
        "help",
        "help",
        "Help",
        "Keys and the annotation guidelines",
        key_display="?",
        footer_rank=4,
    ),
    ActionSpec(
        "quit",
        "q",
        "quit",
        "quit",
        "Quit",
        "Leave the review screen (verdicts are saved)",
        footer_rank=20,
    ),
    ActionSpec(
        "search",
        "slash",
        "search",
        "search",
        "Search claims",
        "Jump to the next claim whose text contains a phrase (the queue stays as it is)",
        key_display="/",
        footer_rank=8,
    ),
    ActionSpec(
        "search-next",
        "n",
        "search_step(False)",
        "next match",
        "Next search match",
        "Jump to the next claim matching the search",
        show=False,
    ),
    ActionSpec(
        "search-previous",
        "N",
        "search_step(True)",
        "previous match",
        "Previous search match",
        "Jump to the previous claim matching the search",
        show=False,
    ),
    ActionSpec(
        "close-search",
        "escape",
        "close_search",
        "close search",
        "Close search",
        "Close the search bar",
        show=False,
        key_display="esc",
    ),
    ActionSpec(
        "filter",
        "f",
        "filter",
        "filter",
        "Filter queue",
        "Narrow the queue: unreviewed, conflicts, mine or all, and claims containing a text",
        footer_rank=10,
    ),
    ActionSpec(
        "toggle-pane",
        "t",
        "toggle_pane",
        "queue",
        "Show queue or evidence",
        "Small terminals: switch the lower pane between evidence and the queue",
        footer_rank=9,
    ),
    ActionSpec(
        "agreement",
        "a",
        "agreement",
        "agreement",
        "Reviewer agreement",
        "Leads: agreement figures and the reviewer x reviewer kappa matrix",
        show=False,
    ),
    ActionSpec(
        "adjudicate",
        "A",
        "adjudicate",
        "adjudicate",
        "Adjudicate disputed claims",
        "Leads: settle disputed claims with a final label and a rationale",
        show=False,
    ),
)


def bindings(specs: tuple[ActionSpec, ...]) -> list[Binding]:
    """Textual bindings (ids allow a user keymap) for ``specs``."""
    return [
        Binding(
            s.keys,
            s.action,
            s.label,
            show=s.show,
            key_display=s.key_display,
            id=s.id,
            tooltip=s.help,
        )
        for s in specs
    ]


def key_help(specs: tuple[ActionSpec, ...]) -> list[tuple[str, str]]:
    """(keys, help) rows for the help screen; the nine cite keys fold into one row."""
    rows: list[tuple[str, str]] = []
    for s in specs:
        if s.id.startswith("cite-") and s.id != "cite-1":
            continue
        keys = s.key_display or ", ".join(k.strip() for k in s.keys.split(","))
        text = "Toggle evidence N as cited by this verdict" if s.id == "cite-1" else s.help
        rows.append((keys, text))
    return rows


def footer_ranks(specs: tuple[ActionSpec, ...]) -> dict[str, int]:
    """Binding id -> footer rank, for :class:`~cpec_verify.review.widgets.fitted_footer.FittedFooter`."""
    return {s.id: s.footer_rank for s in specs}
