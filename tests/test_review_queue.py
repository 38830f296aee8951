"""The paged queue over the store, the pure cursor over pages, and the verdict bookkeeping."""

from __future__ import annotations

import pytest
from review_fixtures import add_fixed_verdict, build_review_db
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify.errors import UsageError
from cpec_verify.review.model.queue import ClaimQueue, PageRequest, load_page
from cpec_verify.review.model.verdict_book import VerdictBook
from cpec_verify.review.model.writer import WriteRequest, WriteResult
from cpec_verify.store.queries.review_detail import MyVerdict
from cpec_verify.store.queries.review_queue import (
    QueueSpec,
    count_queue,
    page_around,
    progress,
    queue_page,
)


def ids(rows: list) -> list[int]:  # noqa: ANN001
    return [r.claim_id for r in rows]


def test_filters_counts_positions_and_progress(engine: Engine) -> None:
    db = build_review_db(engine)
    c = db.claim_ids
    add_fixed_verdict(engine, c[0], "tester", "supported")
    add_fixed_verdict(engine, c[1], "tester", "unsourced")
    add_fixed_verdict(engine, c[1], "tester", None)  # retracted: unreviewed again
    add_fixed_verdict(engine, c[5], "alice", "supported")
    add_fixed_verdict(engine, c[5], "bob", "conflicting")
    with Session(engine) as s:
        expect = {
            "unreviewed": c[1:],
            "mine": [c[0]],
            "all": c,
            "conflicts": c[:3],
        }
        for name, want in expect.items():
            spec = QueueSpec("tester", name)
            assert ids(queue_page(s, spec)) == want, name
            assert count_queue(s, spec) == len(want)
            assert count_queue(s, spec, below=c[3]) == len([x for x in want if x < c[3]])
        lead = QueueSpec("tester", "conflicts", show_others=True)
        assert ids(queue_page(s, lead)) == [*c[:3], c[5]]
        assert progress(s, QueueSpec("tester")).reviewed == 1
        assert progress(s, QueueSpec("tester", article_id=db.article_ids[1])).total == 1
        assert ids(queue_page(s, QueueSpec("tester", "all", search="8,000 MW"))) == [c[1]]
        assert ids(queue_page(s, QueueSpec("tester", "all", search="%"))) == []
        assert ids(queue_page(s, QueueSpec("tester", "all"), last=True, limit=2)) == c[4:]
        assert ids(queue_page(s, QueueSpec("tester", "all"), before=c[3], limit=2)) == c[1:3]
        offset, rows = page_around(s, QueueSpec("tester", "all"), c[2], limit=2)
        assert offset == 2 and ids(rows) == c[2:4]
        assert queue_page(s, QueueSpec("tester", "all"))[0].label == "supported"
    with pytest.raises(UsageError, match="unknown filter"):
        QueueSpec("tester", "everything")


def test_claim_queue_steps_within_and_across_pages(engine: Engine) -> None:
    db = build_review_db(engine, extra_claims=4)  # 10 claims
    spec = QueueSpec("tester", "all")
    q = ClaimQueue(spec)
    q.apply(load_page(engine, PageRequest(spec, "first"), limit=4))
    assert (q.position, q.total, q.current.claim_id) == (1, 10, db.claim_ids[0])  # type: ignore[union-attr]
    for _ in range(3):
        assert q.step(1) is None
    req = q.step(1)
    assert req is not None and req.kind == "after"
    q.apply(load_page(engine, req, limit=4))
    assert q.position == 5
    req = q.step(-1)
    assert req is not None and req.kind == "before"
    q.apply(load_page(engine, req, limit=4))
    assert q.position == 4
    req = q.last()
    assert req is not None
    q.apply(load_page(engine, req, limit=4))
    assert q.position == 10 and q.step(1) is None and q.position == 10
    assert q.next_filter() == "unreviewed"


def test_verdict_book_pending_and_saved() -> None:
    book = VerdictBook()
    none = MyVerdict(None)
    assert book.toggle(1, none, 7) is None  # no label yet: pending
    assert book.note(1, none, "check") is None
    state, pending = book.state(1, none)
    assert pending and state.evidence == (7,) and state.note == "check"
    req = book.label(1, none, "supported")
    assert req == WriteRequest(1, "supported", (7,), "check", advance=True)
    book.submitted(req)
    assert book.status[1] == "saving…" and book.state(1, none) == (
        MyVerdict("supported", (7,), "check"),
        False,
    )
    second = book.toggle(1, none, 8)
    assert second == WriteRequest(1, "supported", (7, 8), "check")
    book.submitted(second)
    book.finished(WriteResult(req, 10))
    assert book.status[1] == "saving…"  # the second write is still on its way
    book.finished(WriteResult(second, 11))
    assert book.status[1] == "saved as verdict #11"
    retract = WriteRequest(1, None)
    book.submitted(retract)
    book.finished(WriteResult(retract, 12))
    assert book.status[1] == "retracted by verdict #12" and book.state(1, none) == (none, False)
    book.set_pending(1, MyVerdict("supported", (7,), None, 11))  # an undo puts cites back
    assert book.state(1, none) == (MyVerdict(None, (7,)), True)
    failed = WriteRequest(3, "unsourced")
    book.submitted(failed)
    book.finished(WriteResult(failed, None, "FOREIGN KEY constraint failed"))
    assert book.status[3].startswith("NOT saved") and 3 not in book.saved


def test_appender_rows_match_the_orm(engine: Engine) -> None:
    from cpec_verify.review.model.writer import write_verdict
    from cpec_verify.store.entities.verdicts import VerdictAppender, add_verdict, verdict_history

    db = build_review_db(engine)
    cid = db.claim_ids[0]
    spans = tuple(db.evidence_spans[cid])
    appender = VerdictAppender(engine)
    try:
        vid = appender.append(
            claim_id=cid, reviewer="t", label="conflicting", evidence=spans[::-1], note="[1] n"
        )
        with Session(engine) as s:
            add_verdict(
                s, claim_id=cid, reviewer="t", label="conflicting", evidence=spans, note="[1] n"
            )
            s.commit()
        with pytest.raises(UsageError):
            appender.append(claim_id=cid, reviewer="t", label="maybe", evidence=(), note=None)
        bad = write_verdict(engine, "t", WriteRequest(424242, "supported"), appender)
        assert bad.error is not None and "foreign key" in bad.error.lower()
    finally:
        appender.close()
    with Session(engine) as s:
        a, b = verdict_history(s)
    assert a.id == vid
    assert (a.label, a.evidence, a.note, a.retraction) == (b.label, b.evidence, b.note, False)
    assert type(a.created_at) is type(b.created_at)
