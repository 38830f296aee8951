"""Builds small verification desks row by row, for status, adjudication and export tests.

Rows go straight in through the models (claims extraction is someone else's job), with
the invariants the real pipeline keeps: ``article.text[start:end] == span.text`` and
verdicts citing sentence span ids.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify.store.models import (
    Adjudication,
    Article,
    Claim,
    Evidence,
    Reviewer,
    Source,
    Span,
    Verdict,
)

T0 = datetime(2025, 10, 1, 9, 0, 0)


@dataclass
class Built:
    """Ids of what a builder made, by the names the test gave them."""

    articles: dict[str, int] = field(default_factory=dict)
    sentences: dict[str, list[int]] = field(default_factory=dict)  # article name -> span ids
    claims: dict[str, int] = field(default_factory=dict)


class DeskBuilder:
    """Adds rows in one session; ``commit()`` at the end.  Times tick one minute a row."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self.built = Built()
        self._tick = 0

    def _now(self) -> datetime:
        self._tick += 1
        return T0 + timedelta(minutes=self._tick)

    def article(
        self,
        name: str,
        sentences: list[str],
        *,
        title: str | None = None,
        outlet: str | None = "The Daily Ledger",
        url: str | None = None,
        published: str | None = "2025-09-26",
        part: int = 1,
        sha: str | None = None,
    ) -> int:
        text = " ".join(sentences)
        digest = sha or hashlib.sha256(f"{name}|{text}".encode()).hexdigest()
        source = Source(
            path=f"/corpus/{name}.txt", sha256=digest, size=len(text.encode()), format="text"
        )
        self.s.add(source)
        self.s.flush()
        article = Article(
            source_id=source.id,
            part=part,  # type: ignore[arg-type]
            title=title or name.title(),
            outlet=outlet,
            url=url,
            published=published,
            text=text,
            chars=len(text),
            sentence_count=len(sentences),
        )
        self.s.add(article)
        self.s.flush()
        assert article.id is not None
        ids, pos = [], 0
        for sentence in sentences:
            span = Span(
                article_id=article.id,
                kind="sentence",
                paragraph=0,
                start=pos,
                end=pos + len(sentence),
                text=sentence,
            )
            self.s.add(span)
            self.s.flush()
            ids.append(span.id)
            pos += len(sentence) + 1
        self.built.articles[name] = article.id
        self.built.sentences[name] = ids  # type: ignore[assignment]
        return article.id

    def claim(
        self,
        name: str,
        article: str,
        sentence: int,
        fragment: str | None = None,
        *,
        speaker: str | None = None,
        quantities: list[dict[str, Any]] | None = None,
    ) -> int:
        span = self.s.get(Span, self.built.sentences[article][sentence])
        assert span is not None
        frag = fragment or span.text
        start = span.start + span.text.index(frag)
        claim = Claim(
            article_id=self.built.articles[article],
            sentence_id=span.id,
            start=start,
            end=start + len(frag),
            text=frag,
            kinds=["figure"],
            quantities=quantities or [],
            speaker=speaker,
            score=1.0,
        )
        self.s.add(claim)
        self.s.flush()
        assert claim.id is not None
        self.built.claims[name] = claim.id
        return claim.id

    def evidence(
        self,
        claim: str,
        article: str,
        sentence: int,
        *,
        rank: int,
        relation: str = "agrees",
        score: float = 0.8,
    ) -> int:
        span_id = self.built.sentences[article][sentence]
        self.s.add(
            Evidence(
                claim_id=self.built.claims[claim],
                span_id=span_id,
                article_id=self.built.articles[article],
                rank=rank,
                score=score,
                relation=relation,
                reason=f"{relation} on the figure",
            )
        )
        self.s.flush()
        return span_id

    def verdict(
        self,
        claim: str,
        reviewer: str,
        label: str | None,
        *,
        cite: list[int] = (),
        note: str | None = None,
    ) -> None:  # type: ignore[assignment]
        self.s.add(
            Verdict(
                claim_id=self.built.claims[claim],
                reviewer=reviewer,
                label=label,
                retraction=label is None,
                evidence=sorted(cite),
                note=note,
                created_at=self._now(),
            )
        )
        self.s.flush()

    def adjudication(self, claim: str, lead: str, label: str | None, rationale: str) -> None:
        self.s.add(
            Adjudication(
                claim_id=self.built.claims[claim],
                lead=lead,
                label=label,
                retraction=label is None,
                rationale=rationale,
                created_at=self._now(),
            )
        )
        self.s.flush()

    def reviewer(self, name: str, *, lead: bool = False) -> None:
        self.s.add(Reviewer(name=name, is_lead=lead))
        self.s.flush()


def add_articles(b: DeskBuilder) -> None:
    """The desk's three articles: claims sit in ``ledger``, evidence in ``wire`` and ``monitor``."""
    b.article(
        "ledger",
        [
            "The corridor carried 1,200 trucks a day in 2024 [/x] says the ministry.",
            "Officials put the cost at $62 billion.",
            "Power output rose 40% 🚀 last year.",
            '=HYPERLINK("http://evil") is not a figure but 3 ports opened.',
            "Exports reached 2.5 million tonnes.",
            "The port employs 4,000 people.",
        ],
        url="https://ledger.example/corridor",
        title="Corridor traffic [bold]up[/bold]",
    )
    b.article(
        "wire",
        [
            "A wire report said 1,200 trucks crossed daily.",
            "Analysts estimate $46 billion in spending.",
        ],
        outlet="Wire Service",
        url="https://wire.example/a1",
        published="2025-09-27",
    )
    b.article(
        "monitor",
        ["The monitor counted 1,150 trucks.", "Power rose 40%."],
        outlet="Monitor",
        url=None,
        published=None,
    )


def build_desk(engine: Engine) -> Built:
    """The standard desk: one claim in every status, evidence from two other outlets.

    * ``agreed``      ana + ben say supported, both cite the wire sentence
    * ``disputed``    ana supported, ben conflicting
    * ``in_review``   ana only
    * ``unreviewed``  nobody
    * ``adjudicated`` ana supported, ben conflicting, lead lea settles conflicting
    * ``retracted``   ben retracted his verdict, so only ana counts (in_review)
    """
    with Session(engine) as s:
        b = DeskBuilder(s)
        b.reviewer("lea", lead=True)
        b.reviewer("ana")
        b.reviewer("ben")
        add_articles(b)
        b.claim(
            "agreed",
            "ledger",
            0,
            "The corridor carried 1,200 trucks a day in 2024",
            speaker="the ministry",
            quantities=[{"value": 1200, "unit": "trucks/day"}],
        )
        w0 = b.evidence("agreed", "wire", 0, rank=1)
        m0 = b.evidence("agreed", "monitor", 0, rank=2, relation="differs", score=0.5)
        b.verdict("agreed", "ana", "supported", cite=[w0], note="wire confirms")
        b.verdict("agreed", "ben", "supported", cite=[w0, m0])
        b.claim("disputed", "ledger", 1)
        w1 = b.evidence("disputed", "wire", 1, rank=1, relation="differs")
        b.verdict("disputed", "ana", "supported")
        b.verdict("disputed", "ben", "conflicting", cite=[w1], note="wire says $46bn")
        b.claim("in_review", "ledger", 2, "Power output rose 40% 🚀 last year.")
        b.verdict(
            "in_review", "ana", "supported", cite=[b.evidence("in_review", "monitor", 1, rank=1)]
        )
        b.claim("unreviewed", "ledger", 3)
        b.claim("adjudicated", "ledger", 4)
        b.verdict("adjudicated", "ana", "supported")
        b.verdict("adjudicated", "ben", "conflicting")
        b.adjudication("adjudicated", "lea", "conflicting", "no outlet repeats 2.5 million")
        b.claim("retracted", "ledger", 5)
        b.verdict("retracted", "ana", "unsourced")
        b.verdict("retracted", "ben", "unsourced")
        b.verdict("retracted", "ben", None)
        s.commit()
        return b.built
