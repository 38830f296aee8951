"""Loading a JSONL export into a database, so that exporting again gives the same records.

Articles are matched by source sha256 and part.  When the target already holds the
article (imported from the original file) the claim and its evidence must sit at
the same offsets with the same text, and an exported ``article.text`` must equal it.
Otherwise the loader creates the article under a source of format ``export``: with
the exported full text when the record carries it (the default for ``jsonl``), so
every format exports again byte for byte; else a *skeleton* holding only the
exported sentences at their original offsets, blanks elsewhere, so
``article.text[start:end] == span.text`` still holds.  A skeleton is filled in when a
later record brings the full text.  A claim already present at the same offsets is
skipped, which makes loading the same file twice harmless.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from cpec_verify.errors import CpecError
from cpec_verify.store.models import (
    Adjudication,
    Article,
    Claim,
    Evidence,
    Source,
    Span,
    Verdict,
)

SKELETON_FORMAT = "export"
SKELETON_WARNING = (
    "reconstructed from a cpec-verify export: only the exported sentences are present"
)
FULL_TEXT_WARNING = "reconstructed from a cpec-verify export (full article text)"


class ExportLoadError(CpecError):
    """A record contradicts what the target database already holds."""


@dataclass
class LoadSummary:
    loaded: int = 0
    skipped: int = 0
    articles_created: int = 0
    verdicts: int = 0
    adjudications: int = 0


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value.removesuffix("Z"))


class _Loader:
    """Per-run caches: article key -> id, and article texts (exact, or skeletons growing)."""

    def __init__(self, session: Session, origin: str, summary: LoadSummary) -> None:
        self.session = session
        self.origin = origin
        self.summary = summary
        self.articles: dict[str, int] = {}
        self.real_text: dict[int, str] = {}  # exact texts: checked, never written
        self.skeletons: dict[int, str] = {}  # export-made texts: merged, written at finish
        self.filled: set[int] = set()  # export-made articles now holding the full text

    def article(self, prov: Mapping[str, Any], where: str = "") -> int:
        key = prov["key"]
        if key in self.articles:
            aid = self.articles[key]
            if prov.get("text") is not None:
                self._full_text(aid, prov["text"], where)
            return aid
        s = self.session
        text = prov.get("text")
        source = s.exec(select(Source).where(Source.sha256 == prov["sha256"])).first()
        if source is None:
            source = Source(
                path=self.origin,
                sha256=prov["sha256"],
                size=0,
                format=SKELETON_FORMAT,
                warnings=[SKELETON_WARNING if text is None else FULL_TEXT_WARNING],
            )
            s.add(source)
            s.flush()
        article = s.exec(
            select(Article).where(Article.source_id == source.id, Article.part == prov["part"])
        ).first()
        if article is None:
            article = Article(
                source_id=source.id,  # type: ignore[arg-type]
                part=prov["part"],
                text="",
                **{
                    f: prov.get(f)
                    for f in ("title", "outlet", "url", "published", "dateline", "byline")
                },
            )
            s.add(article)
            s.flush()
            self.summary.articles_created += 1
        assert article.id is not None
        if source.format == SKELETON_FORMAT:
            self.skeletons[article.id] = article.text
        else:
            self.real_text[article.id] = article.text
        self.articles[key] = article.id
        if text is not None:
            self._full_text(article.id, text, where)
        return article.id

    def _full_text(self, article_id: int, text: str, where: str) -> None:
        """Check the exported full text against what is known, and keep it."""
        if article_id in self.real_text:
            if self.real_text[article_id] != text:
                raise ExportLoadError(
                    f"{where}: the article in this database has different text; "
                    "it is not the exported article"
                )
            return
        body = self.skeletons[article_id]
        if body == text:
            return
        if len(body) > len(text) or any(
            have != want and not have.isspace() for have, want in zip(body, text, strict=False)
        ):
            raise ExportLoadError(
                f"{where}: the exported article text disagrees with its sentences"
            )
        self.skeletons[article_id] = text
        self.filled.add(article_id)

    def place(self, article_id: int, start: int, end: int, text: str, where: str) -> None:
        """Check (exact text) or write (skeleton) ``text`` at ``[start, end)``."""
        if end - start != len(text):
            raise ExportLoadError(f"{where}: offsets {start}-{end} do not fit the text")
        if article_id in self.real_text or article_id in self.filled:
            known = self.real_text.get(article_id, self.skeletons.get(article_id, ""))
            if known[start:end] != text:
                raise ExportLoadError(
                    f"{where}: the article in this database has different text at "
                    f"{start}-{end}; it is not the exported article"
                )
            return
        body = self.skeletons[article_id]
        if len(body) < end:
            body += " " * (end - len(body))
        old = body[start:end]
        if old != text:
            merged = []
            for have, want in zip(old, text, strict=True):
                if have != want and not have.isspace():
                    raise ExportLoadError(f"{where}: overlapping sentences disagree at {start}")
                merged.append(want)
            body = body[:start] + "".join(merged) + body[end:]
        self.skeletons[article_id] = body

    def span(self, article_id: int, item: Mapping[str, Any], where: str) -> int:
        """The sentence span at these offsets, created when missing."""
        self.place(article_id, item["start"], item["end"], item["text"], where)
        found = self.session.exec(
            select(Span.id, Span.kind).where(
                Span.article_id == article_id,
                Span.start == item["start"],
                Span.end == item["end"],
                col(Span.kind).in_(["sentence", "cited"]),
            )
        ).first()
        if found is not None:
            return found[0]  # type: ignore[return-value]
        kind = "sentence" if article_id in self.skeletons else "cited"
        span = Span(
            article_id=article_id,
            kind=kind,
            paragraph=item.get("paragraph", 0),
            start=item["start"],
            end=item["end"],
            text=item["text"],
        )
        self.session.add(span)
        self.session.flush()
        assert span.id is not None
        return span.id

    def finish(self) -> None:
        for aid, body in self.skeletons.items():
            sentences = self.session.exec(
                select(func.count())
                .select_from(Span)
                .where(Span.article_id == aid, Span.kind == "sentence")
            ).one()
            self.session.execute(
                update(Article)
                .where(col(Article.id) == aid)
                .values(text=body, chars=len(body), sentence_count=sentences)
            )


def _load_one(loader: _Loader, where: str, record: Mapping[str, Any]) -> None:
    s, claim = loader.session, record["claim"]
    aid = loader.article(record["article"], where)
    exists = s.exec(
        select(Claim.id).where(
            Claim.article_id == aid, Claim.start == claim["start"], Claim.end == claim["end"]
        )
    ).first()
    if exists is not None:
        loader.summary.skipped += 1
        return
    sentence_id = None
    if claim.get("sentence"):
        sentence_id = loader.span(aid, claim["sentence"], where)
    loader.place(aid, claim["start"], claim["end"], claim["text"], where)
    row = Claim(
        article_id=aid,
        sentence_id=sentence_id,
        start=claim["start"],
        end=claim["end"],
        text=claim["text"],
        kinds=list(claim["kinds"]),
        quantities=list(claim["quantities"]),
        speaker=claim["speaker"],
        origin=claim["origin"],
        extractor_version="export",
    )
    s.add(row)
    s.flush()
    assert row.id is not None
    spans: dict[str, int] = {}
    for e in record["evidence"]:
        eaid = loader.article(e["article"], where)
        sid = spans[e["key"]] = loader.span(eaid, e, where)
        if e["rank"] is not None:
            s.add(
                Evidence(
                    claim_id=row.id,
                    span_id=sid,
                    article_id=eaid,
                    rank=e["rank"],
                    score=e["score"] or 0.0,
                    relation=e["relation"] or "related",
                    reason=e["reason"] or "",
                    same_source=bool(e["same_source"]),
                )
            )
    for v in record["verdicts"]:
        missing = [k for k in v["evidence"] if k not in spans]
        if missing:
            raise ExportLoadError(f"{where}: verdict cites {missing[0]}, not in the evidence")
        s.add(
            Verdict(
                claim_id=row.id,
                reviewer=v["reviewer"],
                label=v["label"],
                evidence=sorted(spans[k] for k in v["evidence"]),
                note=v["note"],
                created_at=_time(v["created_at"]),
            )
        )
        loader.summary.verdicts += 1
    adj = record.get("adjudication")
    if adj:
        s.add(
            Adjudication(
                claim_id=row.id,
                lead=adj["lead"],
                label=adj["label"],
                rationale=adj["rationale"],
                created_at=_time(adj["created_at"]),
            )
        )
        loader.summary.adjudications += 1
    s.flush()
    loader.summary.loaded += 1


def load_records(
    session: Session, records: Iterable[tuple[str, Mapping[str, Any]]], *, origin: str
) -> LoadSummary:
    """Load validated records (``(where, record)`` pairs); the caller commits."""
    summary = LoadSummary()
    loader = _Loader(session, origin, summary)
    for where, record in records:
        _load_one(loader, where, record)
        session.expunge_all()
    loader.finish()
    return summary
