"""The status line's words: what the last key did, kept on screen while the next claim loads.

One vocabulary everywhere: evidence by its rank on screen ("evidence 2"), verdict rows by
id ("verdict #57").  Pure functions of plain values (no app needed to test them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text

from cpec_verify.review.model.undo import Action
from cpec_verify.review.model.writer import WriteRequest
from cpec_verify.review.rendering.claims import evidence_ranks
from cpec_verify.store.queries.review_detail import EvidenceItem


def line(head: str, body: str, style: str = "yellow") -> Text:
    """``head: body`` on one line, the head coloured (body is plain, never markup)."""
    text = Text()  # wraps: the status line grows to two rows rather than cut the end off
    text.append(f"{head}: ", style=f"bold {style}")
    text.append(body)
    return text


def describe(req: WriteRequest, evidence: Sequence[EvidenceItem]) -> str:
    """ "claim #41 conflicting (cites evidence 2)"; a retraction: "claim #41 retracted"."""
    if req.label is None:
        return f"claim #{req.claim_id} retracted"
    cites = evidence_ranks(req.evidence, evidence)
    return f"claim #{req.claim_id} {req.label}" + (f" (cites {cites})" if cites else "")


@dataclass(frozen=True)
class WriteNote:
    """What the status line says about one write, before and after its commit."""

    summary: str  # "claim #41 conflicting (cites evidence 2)"
    undoing: str = ""  # set for an undo: "verdict supported on claim #41"

    def pending(self) -> Text:
        if self.undoing:
            return line("undoing", f"{self.undoing}…", "cyan")
        return line("saving", f"{self.summary}…")

    def done(self, req: WriteRequest, verdict_id: int | None) -> Text:
        if self.undoing:
            if req.label is None:
                return line("undone", f"{self.undoing}: retracted by verdict #{verdict_id}", "cyan")
            restored = self.summary.split(" ", 2)[2]
            return line(
                "undone", f"{self.undoing}: verdict #{verdict_id} restores {restored}", "cyan"
            )
        if req.label is None and verdict_id is None:
            return line("nothing to retract", self.summary)
        return line("saved", f"{self.summary} as verdict #{verdict_id}", "green")

    def failed(self, error: str) -> Text:
        return line("NOT saved", f"{self.undoing or self.summary}: {error}", "red")


def undone_unsaved(action: Action) -> Text:
    """Undo of a change that was only pending: nothing was written, nothing to write."""
    return line(
        "undone",
        f"{action.what} on claim #{action.claim_id} (it was not saved: nothing written)",
        "cyan",
    )


def pending_change(what: str, claim_id: int) -> Text:
    return line("not saved yet", f"{what} on claim #{claim_id}; s/c/u saves it with a verdict")


def ignored(label: str, claim_id: int) -> Text:
    return line("ignored", f"{label} on claim #{claim_id}, a verdict was just given (z undoes it)")
