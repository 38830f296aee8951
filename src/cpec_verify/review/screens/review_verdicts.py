"""The review screen's verdict keys: labels, citations, notes and undo, with their feedback.

A mixin of :class:`~cpec_verify.review.screens.review.ReviewScreen` (split out to keep
one job per file).  Every change goes through the screen's :class:`VerdictBook`, is
recorded in its :class:`UndoHistory` with the state it replaced, and is written by the
app's single writer thread; the status line says what is saving, saved or undone.
A verdict key acts once per claim until the screen has moved (``_labelled``): keys that
repeat before the move are ignored, with a word on the status line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.message import Message

from cpec_verify.review.model import feedback
from cpec_verify.review.model.undo import Action
from cpec_verify.review.model.writer import WriteRequest, WriteResult, evidence_tuple
from cpec_verify.review.rendering.claims import evidence_choice
from cpec_verify.review.screens.dialogs import MissingCitationScreen, PromptScreen
from cpec_verify.review.widgets.queue_list import QueueList
from cpec_verify.store.queries.review_detail import EvidenceItem, MyVerdict
from cpec_verify.textsafe import terminal_safe

if TYPE_CHECKING:
    from cpec_verify.review.screens.review import ReviewScreen

    _Base = ReviewScreen
else:
    _Base = object


class VerdictSaved(Message):
    """A write came back from the writer thread (committed, or with its error)."""

    def __init__(self, result: WriteResult) -> None:
        super().__init__()
        self.result = result


class VerdictActions(_Base):
    """``s``/``c``/``u``, ``1``-``9``, ``e`` and ``z`` for the review screen."""

    def _loaded(self, claim_id: int) -> MyVerdict:
        detail = self.cache.get(claim_id)
        return detail.mine if detail else MyVerdict(None)

    def _evidence_of(self, claim_id: int) -> tuple[EvidenceItem, ...]:
        detail = self.cache.get(claim_id)
        return detail.evidence if detail else ()

    def _submit(self, req: WriteRequest, note: feedback.WriteNote) -> None:
        before_label = self.book.saved.get(req.claim_id, self._loaded(req.claim_id)).label
        self.book.submitted(req)
        self.queue.count_verdict(before_label, req.label)
        self._render_verdict()
        self._render_header()
        row_index = self.queue.index_of(req.claim_id)
        if row_index is not None:
            self.query_one(QueueList).show_label(row_index, req.label)
        self._notes[id(req)] = (req, note)
        self._latest = req
        self._say(note.pending())
        self.writer.submit(req, lambda result: self.post_message(VerdictSaved(result)))

    def _act(
        self, kind: str, what: str, claim_id: int, change: Callable[[], WriteRequest | None]
    ) -> WriteRequest | None:
        """Make a change through the book, record it for undo, write it (a saved verdict) or
        leave it pending (None)."""
        before, pending = self.book.state(claim_id, self._loaded(claim_id))
        req = change()
        self.history.record(Action(kind, claim_id, what, before, pending, req))
        if req is not None:
            summary = feedback.describe(req, self._evidence_of(claim_id))
            self._submit(req, feedback.WriteNote(summary))
        return req

    def on_verdict_saved(self, event: VerdictSaved) -> None:
        self.writer.settled()
        result = event.result
        cid = result.request.claim_id
        self.book.finished(result)
        _, note = self._notes.pop(id(result.request), (None, feedback.WriteNote(f"claim #{cid}")))
        latest = result.request is self._latest
        if result.error is not None:
            self.history.forget(result.request)
            if self._labelled == cid:
                self._labelled = None  # nothing was saved: the verdict key may try again
            self._say(note.failed(result.error))
            self.notify(
                terminal_safe(f"verdict on claim #{cid} NOT saved: {result.error}"),
                severity="error",
                markup=False,
            )
            self.cache.pop(cid, None)
            if self.queue.current and self.queue.current.claim_id == cid:
                self._show_current()
            return
        if latest:
            self._say(note.done(result.request, result.verdict_id))
        self._render_verdict()
        current = self.queue.current
        if result.request.advance and current is not None and current.claim_id == cid:
            self.action_next()

    def action_label(self, label: str) -> None:
        detail = self._current_detail()
        if detail is None:
            return
        cid = detail.claim_id
        if self._labelled == cid:  # a repeat that landed before the screen moved on
            self._say(feedback.ignored(label, cid))
            return
        self._labelled = cid
        req = self.book.label(cid, detail.mine, label)
        if req.evidence or not self.cfg.guidelines.needs_evidence(label):
            self._act("verdict", f"verdict {label}", cid, lambda: req)
            return

        def answered(rank: int | None) -> None:
            if rank is None:  # went back: nothing happened, the key may act again
                self._labelled = None
                return
            change = req
            if rank:
                self.selected = rank - 1
                span = detail.evidence[rank - 1].span_id
                change = replace(req, evidence=evidence_tuple([*req.evidence, span]))
            self._act("verdict", f"verdict {label}", cid, lambda: change)

        self.app.push_screen(
            MissingCitationScreen(
                f"The guidelines ask for cited evidence for '{label}'. "
                "Cite evidence and save (1-9), or save without a citation?",
                [evidence_choice(n, item) for n, item in enumerate(detail.evidence, 1)],
            ),
            answered,
        )

    def action_toggle_cite(self, n: int) -> None:
        detail = self._current_detail()
        if detail is None:
            return
        if not 1 <= n <= len(detail.evidence):
            self.notify(f"there is no evidence {n} for this claim", severity="warning")
            return
        self.selected = n - 1
        cid, span = detail.claim_id, detail.evidence[n - 1].span_id
        state, _ = self.book.state(cid, detail.mine)
        what = f"{'uncited' if span in state.evidence else 'cited'} evidence {n}"
        self._labelled = None
        req = self._act("citation", what, cid, lambda: self.book.toggle(cid, detail.mine, span))
        if req is None:
            self._say(feedback.pending_change(what, cid))
            self._render_verdict()

    def action_note(self) -> None:
        detail = self._current_detail()
        if detail is None:
            return
        state, _ = self.book.state(detail.claim_id, detail.mine)

        def done(value: str | None) -> None:
            if value is None or (value.strip() or None) == state.note:
                return
            cid = detail.claim_id
            self._labelled = None
            note = value.strip()
            req = self._act("note", "note", cid, lambda: self.book.note(cid, detail.mine, note))
            if req is None:
                self._say(feedback.pending_change("note", cid))
                self._render_verdict()

        self.app.push_screen(
            PromptScreen(f"Note on claim #{detail.claim_id}", state.note or ""), done
        )

    def action_undo(self) -> None:
        """Take back the most recent action (newest first), going to its claim."""
        action = self.history.pop()
        if action is None:
            self._say(
                feedback.line(
                    "nothing to undo", "no verdict, citation or note since the screen opened"
                )
            )
            return
        cid = action.claim_id
        self._go_to_claim(cid)
        self._labelled = None
        req = action.reverting_request()
        if req is None:
            self.book.set_pending(cid, action.before if action.before_pending else None)
            self._say(feedback.undone_unsaved(action))
            self._render_verdict()
            return
        summary = feedback.describe(req, self._evidence_of(cid))
        self._submit(req, feedback.WriteNote(summary, f"{action.what} on claim #{cid}"))
        self.book.set_pending(cid, action.pending_after_undo())
        self._render_verdict()
