"""Offline merge: bring another database's corpus, claims and human work into this one.

Reviewers who work offline in their own SQLite files merge into the shared database.
Matching never guesses: sources by sha256, articles by (source, part), spans by
(article, kind, offsets, text), claims by (article, offsets, text).  A claim that
exists on one side only is added when its text sits at its offsets in the target
article (the offset invariant); a claim whose text differs at the same offsets is
reported and its verdicts are left out.  Verdicts and adjudications are appended
with their original reviewer and time; a row already present (same claim, author,
time, label, retraction) is skipped, so merging twice adds nothing.

Adjudications come in only when their lead is a lead in the target: lead status is never
merged in, so an offline file cannot make someone's label final.  The others are counted
(``adjudications_not_lead``, by name) and left out.

Merges of one target run one at a time (``_serialise_merges``): each reads what is present
and then inserts what is not, so two at once would both insert the same rows.

"Current" means the highest id per (claim, reviewer), so appending an old offline
verdict after a newer one in the target would silently change the current label.
In that case the target's newer row is appended again, unchanged, after the merged
history (``restated``), which keeps the newest-by-time verdict current.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, text
from sqlmodel import Session, col, select

from cpec_verify.store.entities.claims import chunks, insert_claims, link_copies
from cpec_verify.store.models import (
    Adjudication,
    Article,
    Claim,
    Evidence,
    RemovedLine,
    Reviewer,
    Source,
    Span,
    Verdict,
    fold_name,
)

SpanKey = tuple[int, str, int, int, str]  # (article, kind, start, end, text)


@dataclass
class Conflict:
    """An incoming claim that could not be placed without guessing."""

    other_claim_id: int
    article_id: int  # in the target
    title: str | None
    start: int
    end: int
    there: str  # the claim's text in the other database
    here: str  # what the target holds at those offsets
    verdicts: int = 0
    adjudications: int = 0

    def record(self) -> dict[str, Any]:
        return {
            "other_claim_id": self.other_claim_id,
            "article_id": self.article_id,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "other_text": self.there,
            "target_text": self.here,
            "verdicts_left_out": self.verdicts,
            "adjudications_left_out": self.adjudications,
        }


@dataclass
class MergeSummary:
    sources: int = 0
    articles: int = 0
    claims: int = 0
    claims_matched: int = 0
    evidence: int = 0
    verdicts: int = 0
    verdicts_present: int = 0
    adjudications: int = 0
    adjudications_present: int = 0
    reviewers: int = 0
    restated: int = 0
    citations_dropped: int = 0
    adjudications_not_lead: int = 0
    not_leads: list[str] = field(default_factory=list)  # their adjudications were left out
    conflicts: list[Conflict] = field(default_factory=list)

    def record(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k != "conflicts"}
        data["conflicts"] = [c.record() for c in self.conflicts]
        return data


def _rows(session: Session, model: Any, column: Any, ids: Sequence[int]) -> Iterator[Any]:
    """Rows of ``model`` whose ``column`` is in ``ids``, in id order per chunk."""
    for chunk in chunks(sorted(set(ids))):
        yield from session.exec(select(model).where(col(column).in_(chunk)).order_by(col(model.id)))


class _Merger:
    """One merge run: id maps from the other database to the target."""

    def __init__(self, target: Session, other: Session) -> None:
        self.t = target
        self.o = other
        self.summary = MergeSummary()
        self.sources: dict[int, int] = {}
        self.articles: dict[int, int] = {}
        self.texts: dict[int, tuple[str, str | None]] = {}  # target article -> (text, title)
        self.spans: dict[int, int] = {}
        self.claims: dict[int, int] = {}
        self.conflicts: dict[int, Conflict] = {}

    # -- corpus ---------------------------------------------------------------------------
    def merge_sources(self) -> None:
        for src in self.o.exec(select(Source).order_by(col(Source.id))):
            found = self.t.exec(select(Source).where(Source.sha256 == src.sha256)).first()
            if found is None:
                found = Source(**_copy(src, "id"))
                self.t.add(found)
                self.t.flush()
                self.summary.sources += 1
            assert src.id is not None and found.id is not None
            self.sources[src.id] = found.id

    def merge_articles(self) -> None:
        """Articles in id order, so ``duplicate_of`` (always an earlier one) maps."""
        new: list[tuple[int, int]] = []
        for art in self.o.exec(select(Article).order_by(col(Article.id))):
            assert art.id is not None
            source_id = self.sources[art.source_id]
            found = self.t.exec(
                select(Article).where(Article.source_id == source_id, Article.part == art.part)
            ).first()
            if found is None:
                found = Article(**_copy(art, "id"))
                found.source_id = source_id
                found.duplicate_of = self.articles.get(art.duplicate_of or -1)
                self.t.add(found)
                self.t.flush()
                assert found.id is not None
                new.append((art.id, found.id))
                self.summary.articles += 1
            assert found.id is not None
            self.articles[art.id] = found.id
            self.texts[found.id] = (found.text, found.title)
        self._copy_children(new)
        self._map_spans()

    def _copy_children(self, new: list[tuple[int, int]]) -> None:
        """Spans and removed lines of articles the target did not have."""
        mapping = dict(new)
        for model in (Span, RemovedLine):
            rows = [
                {**_copy(row, "id"), "article_id": mapping[row.article_id]}
                for row in _rows(self.o, model, model.article_id, list(mapping))
            ]
            for chunk in _batches(rows, 5000):
                self.t.execute(insert(model.__table__), chunk)  # type: ignore[attr-defined]

    def _map_spans(self) -> None:
        """Other span id -> target span id, by article, kind, offsets and text."""
        target: dict[SpanKey, int] = {}
        for span in _rows(self.t, Span, Span.article_id, list(self.articles.values())):
            target.setdefault(_span_key(span, span.article_id), span.id or 0)
        for span in _rows(self.o, Span, Span.article_id, list(self.articles)):
            found = target.get(_span_key(span, self.articles[span.article_id]))
            if found is not None and span.id is not None:
                self.spans[span.id] = found

    # -- claims ---------------------------------------------------------------------------
    def merge_claims(self) -> None:
        existing: dict[tuple[int, int, int], list[Claim]] = defaultdict(list)
        for claim in _rows(self.t, Claim, Claim.article_id, list(self.articles.values())):
            existing[(claim.article_id, claim.start, claim.end)].append(claim)
        pending: list[tuple[int, dict[str, Any]]] = []
        for claim in _rows(self.o, Claim, Claim.article_id, list(self.articles)):
            assert claim.id is not None
            article_id = self.articles[claim.article_id]
            here = existing.get((article_id, claim.start, claim.end), [])
            same = next((c for c in here if c.text == claim.text), None)
            if same is not None:
                self.claims[claim.id] = same.id or 0
                self.summary.claims_matched += 1
                continue
            text, title = self.texts[article_id]
            at_offsets = text[claim.start : claim.end]
            if here or at_offsets != claim.text:
                shown = here[0].text if here else at_offsets
                self.conflicts[claim.id] = Conflict(
                    claim.id, article_id, title, claim.start, claim.end, claim.text, shown
                )
                continue
            row = _copy(claim, "id")
            row["article_id"] = article_id
            row["copy_of"] = None  # the other file's ids: relinked below, in this file's ids
            row["sentence_id"] = self.spans.get(claim.sentence_id or -1)
            pending.append((claim.id, row))
        ids = insert_claims(self.t, [row for _, row in pending])
        for (other_id, _), new_id in zip(pending, ids, strict=True):
            self.claims[other_id] = new_id
        self.summary.claims = len(pending)
        self._copy_evidence([other_id for other_id, _ in pending])
        if pending:
            link_copies(self.t, sorted(set(self.articles.values())))

    def _copy_evidence(self, other_claim_ids: list[int]) -> None:
        rows = []
        for ev in _rows(self.o, Evidence, Evidence.claim_id, other_claim_ids):
            span_id = self.spans.get(ev.span_id)
            article_id = self.articles.get(ev.article_id)
            if span_id is None or article_id is None:
                continue  # the sentence is not in the target: the link cannot be kept
            rows.append(
                {
                    **_copy(ev, "id"),
                    "claim_id": self.claims[ev.claim_id],
                    "span_id": span_id,
                    "article_id": article_id,
                }
            )
        for chunk in _batches(rows, 5000):
            self.t.execute(insert(Evidence.__table__), chunk)  # type: ignore[attr-defined]
        self.summary.evidence = len(rows)

    # -- human work -----------------------------------------------------------------------
    def merge_verdicts(self) -> None:
        spelling = {fold_name(n): n for n in self.t.exec(select(Reviewer.name))}

        def remap(row: Verdict, data: dict[str, Any]) -> dict[str, Any]:
            # "ana" merged into a desk that knows "Ana" is the same reviewer
            data["reviewer"] = spelling.get(fold_name(data["reviewer"]), data["reviewer"])
            cited = [self.spans.get(s) for s in row.evidence or []]
            self.summary.citations_dropped += sum(1 for s in cited if s is None)
            data["evidence"] = sorted({s for s in cited if s is not None})
            return data

        added, present, restated = self._append(
            Verdict, lambda v: (v.claim_id, v.reviewer), remap, "verdicts"
        )
        self.summary.verdicts, self.summary.verdicts_present = added, present
        self.summary.restated += restated

    def merge_adjudications(self) -> None:
        leads = {fold_name(n) for n in self.t.exec(select(Reviewer.name).where(Reviewer.is_lead))}
        refused: dict[str, int] = defaultdict(int)

        def by_a_lead(row: Adjudication) -> bool:
            if fold_name(row.lead) in leads:
                return True
            refused[row.lead] += 1
            return False

        added, present, restated = self._append(
            Adjudication,
            lambda a: (a.claim_id, ""),
            lambda _row, data: data,
            "adjudications",
            keep=by_a_lead,
        )
        self.summary.adjudications_not_lead = sum(refused.values())
        self.summary.not_leads = sorted(refused)
        self.summary.adjudications, self.summary.adjudications_present = added, present
        self.summary.restated += restated

    def _append(
        self, model: Any, pair: Any, remap: Any, what: str, keep: Any = None
    ) -> tuple[int, int, int]:
        """Append the other side's rows not present here (and passing ``keep``); returns
        (added, present, restated)."""
        author = "reviewer" if model is Verdict else "lead"
        incoming: list[Any] = []
        for row in _rows(self.o, model, model.claim_id, list(self.claims) + list(self.conflicts)):
            conflict = self.conflicts.get(row.claim_id)
            if conflict is not None:
                setattr(conflict, what, getattr(conflict, what) + 1)
            elif keep is None or keep(row):
                incoming.append(row)
        latest: dict[tuple[int, str], Any] = {}
        keys: set[tuple[Any, ...]] = set()
        for row in _rows(self.t, model, model.claim_id, list(self.claims.values())):
            keys.add(_identity(row, author))
            latest[pair(row)] = row  # id order: the last one wins
        added: list[dict[str, Any]] = []
        newest: dict[tuple[int, str], datetime] = {}
        present = 0
        for row in sorted(incoming, key=lambda r: (r.created_at, r.id)):
            data = remap(row, {**_copy(row, "id"), "claim_id": self.claims[row.claim_id]})
            key = _identity_of(data, author)
            if key in keys:
                present += 1
                continue
            keys.add(key)
            added.append(data)
            p = (data["claim_id"], data.get("reviewer", ""))
            newest[p] = max(newest.get(p, data["created_at"]), data["created_at"])
        restate = [
            _copy(latest[p], "id")
            for p, when in newest.items()
            if p in latest and latest[p].created_at > when
        ]
        for chunk in _batches(added + restate, 5000):
            self.t.execute(insert(model.__table__), chunk)
        return len(added), present, len(restate)

    def merge_reviewers(self) -> None:
        """Names the target lacks join as plain reviewers: lead status is never merged in."""
        known = {fold_name(n) for n in self.t.exec(select(Reviewer.name))}
        for rev in self.o.exec(select(Reviewer).order_by(col(Reviewer.id))):
            if fold_name(rev.name) not in known:
                self.t.add(Reviewer(name=rev.name, is_lead=False, created_at=rev.created_at))
                known.add(fold_name(rev.name))
                self.summary.reviewers += 1
        self.t.flush()


def _serialise_merges(target: Session) -> None:
    """Take the target's write lock before reading it, held to the commit: a concurrent
    merge of the same file then sees this one's rows and adds nothing twice.  SQLite: a
    no-op write takes the database's write lock (others wait, up to the busy timeout);
    PostgreSQL: a transaction-scoped advisory lock that only merges take."""
    if target.get_bind().dialect.name == "sqlite":
        target.execute(text("UPDATE alembic_version SET version_num = version_num"))
    else:
        target.execute(text("SELECT pg_advisory_xact_lock(hashtext('cpec-verify merge'))"))


def merge_database(target: Session, other: Session) -> MergeSummary:
    """Merge everything ``other`` holds into ``target``; the caller commits."""
    _serialise_merges(target)
    merger = _Merger(target, other)
    merger.merge_sources()
    merger.merge_articles()
    merger.merge_claims()
    merger.merge_verdicts()
    merger.merge_adjudications()
    merger.merge_reviewers()
    merger.summary.conflicts = list(merger.conflicts.values())
    return merger.summary


def _copy(row: Any, *drop: str) -> dict[str, Any]:
    """A row's column values (JSON lists copied, so the two sessions share nothing)."""
    data = {c.name: getattr(row, c.name) for c in row.__table__.columns if c.name not in drop}
    return {k: list(v) if isinstance(v, list) else v for k, v in data.items()}


def _span_key(span: Span, article_id: int) -> SpanKey:
    return (article_id, span.kind, span.start, span.end, span.text)


def _identity(row: Any, author: str) -> tuple[Any, ...]:
    return (row.claim_id, getattr(row, author), row.created_at, row.label, bool(row.retraction))


def _identity_of(data: dict[str, Any], author: str) -> tuple[Any, ...]:
    return (
        data["claim_id"],
        data[author],
        data["created_at"],
        data["label"],
        bool(data["retraction"]),
    )


def _batches(rows: Sequence[dict[str, Any]], size: int) -> Iterable[list[dict[str, Any]]]:
    for lo in range(0, len(rows), size):
        yield list(rows[lo : lo + size])
