"""Hand-picked claims from a YAML file: ``cpec-verify claims import FILE.yaml``.

YAML is read with ``yaml.safe_load`` only and checked against ``schemas/claims.schema.json``.
Every entry is resolved (article found, quote found as an exact substring) before anything is
written, so a bad file adds nothing, and each error names the entry it is about.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from sqlmodel import Session, col, select

from cpec_verify.claims.extract import analyse, score_claim
from cpec_verify.errors import CpecError
from cpec_verify.safe_yaml import load_yaml
from cpec_verify.store.claims import insert_claims
from cpec_verify.store.models import Article, Claim, Source, Span

SCHEMA_NAME = "claims.schema.json"


class ClaimsFileError(CpecError):
    """The claims file cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Resolved:
    """One entry tied to its article and offsets."""

    entry: int
    article_id: int
    start: int
    end: int
    text: str
    speaker: str | None
    kinds: list[str] | None


@dataclass
class ManualReport:
    added: list[int] = field(default_factory=list)
    already: list[int] = field(default_factory=list)


@cache
def schema() -> dict[str, Any]:
    """The schema shipped in the repository's ``schemas/`` folder."""
    for folder in Path(__file__).resolve().parents:
        path = folder / "schemas" / SCHEMA_NAME
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    raise CpecError(f"cannot find schemas/{SCHEMA_NAME} next to the installed package")


def parse_claims_file(text: str, name: str) -> list[dict[str, Any]]:
    """The entries of a claims file, validated; raises :class:`ClaimsFileError`."""
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ClaimsFileError(f"{name}: not valid YAML{where}: {problem}") from exc
    if isinstance(data, list):
        data = {"claims": data}
    if not isinstance(data, dict):
        raise ClaimsFileError(f"{name}: expected a mapping with 'claims:' or a list of entries")
    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        raise ClaimsFileError(f"{name}: {_describe(errors[0])}")
    return list(data["claims"])


def _describe(error: jsonschema.ValidationError) -> str:
    path = list(error.absolute_path)
    if len(path) >= 2 and path[0] == "claims":
        where = f"entry {int(path[1]) + 1}"
        field_path = ".".join(str(p) for p in path[2:])
        if field_path:
            where += f" field '{field_path}'"
    else:
        where = "top level" if not path else ".".join(str(p) for p in path)
    if error.validator == "oneOf":
        return f"{where}: give either 'article' (an id) or 'source', not both"
    return f"{where}: {error.message}"


def _articles_for(session: Session, entry: dict[str, Any]) -> list[Article]:
    if "article" in entry:
        article = session.get(Article, entry["article"])
        return [article] if article is not None else []
    wanted = str(entry["source"])
    stmt = (
        select(Article)
        .join(Source, col(Source.id) == Article.source_id)
        .where(
            (Source.path == wanted)
            | col(Source.path).endswith("/" + wanted)
            | (Article.url == wanted)
        )
        .order_by(col(Article.id))
    )
    found = list(session.exec(stmt))
    if "part" in entry:
        found = [a for a in found if a.part == entry["part"]]
    return found


def resolve(session: Session, entries: list[dict[str, Any]], name: str) -> list[Resolved]:
    """Tie each entry to one article and one occurrence of its quote, or fail naming it."""
    out: list[Resolved] = []
    for i, entry in enumerate(entries, 1):
        target = (
            f"article {entry['article']}" if "article" in entry else f"source {entry['source']!r}"
        )
        label = f"{name}: entry {i} ({target})"
        articles = _articles_for(session, entry)
        if not articles:
            raise ClaimsFileError(f"{label}: no such article in the database")
        quote = entry["quote"]
        holders = [a for a in articles if quote in a.text]
        if not holders:
            raise ClaimsFileError(f"{label}: quote not found in the article text: {quote[:80]!r}")
        if len(holders) > 1:
            parts = ", ".join(str(a.part) for a in holders)
            raise ClaimsFileError(
                f"{label}: quote found in several stories (parts {parts}); add 'part'"
            )
        article = holders[0]
        start, occurrence = -1, entry.get("occurrence", 1)
        for _ in range(occurrence):
            start = article.text.find(quote, start + 1)
            if start < 0:
                raise ClaimsFileError(f"{label}: quote occurs fewer than {occurrence} times")
        assert article.id is not None
        out.append(
            Resolved(
                i,
                article.id,
                start,
                start + len(quote),
                quote,
                entry.get("speaker"),
                entry.get("kinds"),
            )
        )
    return out


def add_manual_claims(session: Session, resolved: list[Resolved]) -> ManualReport:
    """Store the resolved claims (skipping ones already present); the caller commits."""
    report = ManualReport()
    rows: list[dict[str, Any]] = []
    for r in resolved:
        existing = session.exec(
            select(Claim.id).where(
                Claim.article_id == r.article_id,
                Claim.start == r.start,
                Claim.end == r.end,
                Claim.text == r.text,
            )
        ).first()
        if existing is not None:
            report.already.append(int(existing))
            continue
        info = analyse(r.text)
        speaker = r.speaker or info.speaker
        kinds = list(r.kinds) if r.kinds else (info.kinds or ["quote"])
        score, reason = score_claim(kinds, info.quantities, speaker, len(r.text.split()))
        shifted = [
            replace(q, start=q.start + r.start, end=q.end + r.start).to_dict()
            for q in info.quantities
        ]
        sentence = session.exec(
            select(Span.id).where(
                Span.article_id == r.article_id,
                Span.kind == "sentence",
                Span.start <= r.start,
                Span.end >= r.end,
            )
        ).first()
        rows.append(
            {
                "article_id": r.article_id,
                "sentence_id": sentence,
                "start": r.start,
                "end": r.end,
                "text": r.text,
                "kinds": kinds,
                "quantities": shifted,
                "speaker": speaker,
                "score": score,
                "score_reason": f"hand-picked; {reason}",
                "origin": "manual",
                "extractor_version": "",
                "orphaned": False,
            }
        )
    report.added = insert_claims(session, rows)
    return report
