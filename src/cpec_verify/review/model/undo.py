"""What ``z`` can take back: every verdict, citation and note since the screen opened.

Pure bookkeeping.  Each action remembers the reviewer's verdict as it was just before,
so undoing it appends a row that brings that state back (a correction), or a retraction
when there was no verdict before.  Changes still pending (citations or a note before the
first label) were never written, so undoing them writes nothing.  Nothing is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cpec_verify.review.model.writer import WriteRequest
from cpec_verify.store.queries.review_detail import MyVerdict

KINDS = ("verdict", "citation", "note")


@dataclass(frozen=True)
class Action:
    """One reviewer action on one claim, and the verdict state it replaced."""

    kind: str  # one of KINDS
    claim_id: int
    what: str  # e.g. "verdict supported", "citation of evidence 2", "note"
    before: MyVerdict
    before_pending: bool  # ``before`` was pending (not saved), not the saved verdict
    request: WriteRequest | None  # the row it appended; None: a pending change only

    def reverting_request(self) -> WriteRequest | None:
        """The row that undoes this action (None: it wrote nothing, nothing to write)."""
        if self.request is None:
            return None
        if self.before.label is not None and not self.before_pending:
            b = self.before
            return WriteRequest(self.claim_id, b.label, b.evidence, b.note)
        return WriteRequest(self.claim_id, None)

    def pending_after_undo(self) -> MyVerdict | None:
        """Pending citations or note to show again once undone (None: none)."""
        if self.before_pending and (self.before.evidence or self.before.note):
            return self.before
        return None


@dataclass
class UndoHistory:
    """A stack of actions, most recent last; failed writes leave it."""

    actions: list[Action] = field(default_factory=list)

    def record(self, action: Action) -> None:
        self.actions.append(action)

    def pop(self) -> Action | None:
        return self.actions.pop() if self.actions else None

    def forget(self, request: WriteRequest) -> None:
        """A write failed: the action never happened, so there is nothing to undo."""
        self.actions = [a for a in self.actions if a.request is not request]

    def __len__(self) -> int:
        return len(self.actions)
