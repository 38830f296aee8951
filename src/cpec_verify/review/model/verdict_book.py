"""This session's verdict state per claim: what is saved and what is pending.

Pure bookkeeping (no I/O).  Every change to a claim that already has a verdict is
a new full verdict row (durable on every key press).  Before the first label,
citations and a note are held as *pending* and shown as not saved.  What ``z`` takes
back is kept by :class:`~cpec_verify.review.model.undo.UndoHistory`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from cpec_verify.review.model.writer import WriteRequest, WriteResult, evidence_tuple
from cpec_verify.store.queries.review_detail import MyVerdict


@dataclass
class VerdictBook:
    saved: dict[int, MyVerdict] = field(default_factory=dict)  # written this session
    pending: dict[int, MyVerdict] = field(default_factory=dict)  # cites/note before a label
    status: dict[int, str] = field(default_factory=dict)
    inflight: dict[int, int] = field(default_factory=dict)  # writes not yet committed

    def state(self, claim_id: int, loaded: MyVerdict) -> tuple[MyVerdict, bool]:
        """The verdict to show and whether it is pending (not saved)."""
        if claim_id in self.pending:
            return self.pending[claim_id], True
        return self.saved.get(claim_id, loaded), False

    def label(self, claim_id: int, loaded: MyVerdict, label: str) -> WriteRequest:
        current, _ = self.state(claim_id, loaded)
        return WriteRequest(claim_id, label, current.evidence, current.note, advance=True)

    def toggle(self, claim_id: int, loaded: MyVerdict, span_id: int) -> WriteRequest | None:
        current, pending = self.state(claim_id, loaded)
        cited = set(current.evidence) ^ {span_id}
        return self._change(claim_id, current, pending, evidence=evidence_tuple(sorted(cited)))

    def note(self, claim_id: int, loaded: MyVerdict, note: str | None) -> WriteRequest | None:
        current, pending = self.state(claim_id, loaded)
        return self._change(claim_id, current, pending, note=note or None)

    def _change(
        self, claim_id: int, current: MyVerdict, pending: bool, **changes: object
    ) -> WriteRequest | None:
        updated = replace(current, **changes)  # type: ignore[arg-type]
        if current.label is None or pending:
            self.pending[claim_id] = replace(updated, label=None, verdict_id=None)
            return None
        return WriteRequest(claim_id, updated.label, updated.evidence, updated.note)

    def set_pending(self, claim_id: int, verdict: MyVerdict | None) -> None:
        """Put back pending citations and note (an undo), or drop them (None)."""
        if verdict is None:
            self.pending.pop(claim_id, None)
        else:
            self.pending[claim_id] = replace(verdict, label=None, verdict_id=None)

    def submitted(self, req: WriteRequest) -> None:
        """Show the new state at once, marked as saving until the commit returns."""
        self.pending.pop(req.claim_id, None)
        self.saved[req.claim_id] = (
            MyVerdict(None) if req.label is None else MyVerdict(req.label, req.evidence, req.note)
        )
        self.status[req.claim_id] = "saving…"
        self.inflight[req.claim_id] = self.inflight.get(req.claim_id, 0) + 1

    def finished(self, result: WriteResult) -> None:
        cid = result.request.claim_id
        self.inflight[cid] = left = max(0, self.inflight.get(cid, 0) - 1)
        if result.error is not None:
            self.saved.pop(cid, None)
            self.status[cid] = f"NOT saved: {result.error}"
        elif left:
            return  # a later write for this claim is still on its way
        elif result.request.label is None:
            self.status[cid] = (
                "nothing to retract"
                if result.verdict_id is None
                else f"retracted by verdict #{result.verdict_id}"
            )
        elif cid in self.saved:
            self.saved[cid] = replace(self.saved[cid], verdict_id=result.verdict_id)
            self.status[cid] = f"saved as verdict #{result.verdict_id}"
