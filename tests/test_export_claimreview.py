"""ClaimReview: Google's required and recommended properties, valid JSON-LD, nothing internal.

JSON-LD is checked with pyld against a vendored copy of the schema.org context
(tests/data/schemaorg-context.jsonld, see tests/data/README.md); no test touches the
network.
"""

from __future__ import annotations

import io
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from export_fixtures import DeskBuilder, build_desk
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyld import jsonld
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cpec_verify import __version__
from cpec_verify.export.claimreview import (
    SHORT_CLAIM,
    Publisher,
    PublisherUrlError,
    claim_review,
    short_claim,
    write_claimreview,
)
from cpec_verify.export.records import build_record
from cpec_verify.export.speakers import author_type
from cpec_verify.store.entities.adjudications import accept_agreed
from cpec_verify.store.queries.export_query import iter_export_rows
from cpec_verify.store.queries.status import STATUSES

CONTEXT = Path(__file__).parent / "data" / "schemaorg-context.jsonld"
SCHEMA = "http://schema.org/"
PUB = Publisher("Verification Desk", "https://desk.example/checks")

# Google's fact-check documentation: (type, property) -> required / recommended
GOOGLE = {
    ("ClaimReview", "claimReviewed"): "required",
    ("ClaimReview", "reviewRating"): "required",
    ("ClaimReview", "url"): "required",
    ("ClaimReview", "author"): "recommended",
    ("ClaimReview", "datePublished"): "recommended",
    ("ClaimReview", "itemReviewed"): "recommended",
    ("Claim", "appearance"): "recommended",
    ("Claim", "author"): "recommended",
    ("Claim", "datePublished"): "recommended",
    ("Claim", "firstAppearance"): "recommended",
    ("Rating", "alternateName"): "required",
    ("Rating", "bestRating"): "recommended",
    ("Rating", "name"): "recommended",
    ("Rating", "ratingValue"): "recommended",
    ("Rating", "worstRating"): "recommended",
}


@lru_cache(maxsize=1)
def _context() -> dict[str, Any]:
    return json.loads(CONTEXT.read_text(encoding="utf-8"))


def _offline_loader(url: str, options: dict | None = None) -> dict[str, Any]:
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": _context()}
    raise AssertionError(f"JSON-LD processing tried to load {url}")


def expand(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return jsonld.expand(doc, {"documentLoader": _offline_loader})


def _terms() -> set[str]:
    return {k for k in _context()["@context"] if not k.startswith("@")}


def assert_valid_json_ld(review: dict[str, Any]) -> None:
    """Expands offline; every property and type is a schema.org term, nothing dropped."""
    terms = _terms()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@type":
                    assert value in terms, value
                elif not key.startswith("@"):
                    assert key in terms, key
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(review)
    (expanded,) = expand(review)
    assert expanded["@type"] == [SCHEMA + "ClaimReview"]
    assert all(k.startswith(("@", SCHEMA)) for k in expanded)
    assert len([k for k in expanded if not k.startswith("@")]) == len(
        [k for k in review if not k.startswith("@")]
    )
    quads = jsonld.to_rdf(
        review, {"documentLoader": _offline_loader, "format": "application/n-quads"}
    )
    assert f"<{SCHEMA}claimReviewed>" in quads


def assert_google_properties(review: dict[str, Any], record: dict[str, Any]) -> None:
    nodes = {
        "ClaimReview": review,
        "Claim": review["itemReviewed"],
        "Rating": review["reviewRating"],
    }
    for (kind, prop), level in GOOGLE.items():
        node = nodes[kind]
        assert node["@type"] == kind
        if level == "required":
            assert node.get(prop) not in (None, "", []), (kind, prop)
    art = record["article"]
    dated = bool(art.get("published"))
    assert ("datePublished" in review["itemReviewed"]) == dated
    dates = [
        a["datePublished"] for a in review["itemReviewed"]["appearance"] if "datePublished" in a
    ]
    first = review["itemReviewed"].get("firstAppearance")
    assert (first is not None) == bool(dates)
    if first is not None:
        assert (
            first["datePublished"] == min(dates) and first in review["itemReviewed"]["appearance"]
        )
    for prop in ("bestRating", "name", "ratingValue", "worstRating"):
        assert prop in review["reviewRating"]
    assert review["reviewRating"]["name"] == review["reviewRating"]["alternateName"]
    assert review["author"]["@type"] == "Organization" and review["author"]["url"]
    assert review["itemReviewed"]["appearance"]
    assert re.fullmatch(r"https?://[^\s#]+#claim-[0-9A-Za-z-]+", review["url"])


def _records(engine: Engine, statuses=("agreed", "adjudicated")) -> list[dict]:
    with Session(engine) as s:
        return [
            build_record(r, tool_version=__version__)
            for r in iter_export_rows(s, statuses=statuses)
        ]


def test_desk_reviews_meet_google_and_json_ld(engine: Engine) -> None:
    build_desk(engine)
    records = _records(engine)
    buf = io.StringIO()
    write_claimreview(records, buf, PUB)
    reviews = json.loads(buf.getvalue())
    for review, record in zip(reviews, records, strict=True):
        assert_google_properties(review, record)
        assert_valid_json_ld(review)
    agreed, adjudicated = reviews
    assert (
        agreed["url"] == f"https://desk.example/checks#claim-{records[0]['id'].replace(':', '-')}"
    )
    assert agreed["reviewRating"]["alternateName"] == "Supported"
    assert agreed["reviewBody"] == "wire confirms."  # the backing reviewer's note
    assert adjudicated["reviewBody"] == "no outlet repeats 2.5 million"
    assert "author" not in agreed["itemReviewed"]  # "the ministry": a description, no type
    item = agreed["itemReviewed"]
    assert [a.get("url") for a in item["appearance"]] == [
        "https://ledger.example/corridor",
        "https://wire.example/a1",  # the wire sentence agrees with the claim
    ]
    assert item["firstAppearance"]["datePublished"] == "2025-09-26"


def test_first_appearance_is_the_earliest_dated(engine: Engine) -> None:
    with Session(engine) as s:
        b = DeskBuilder(s)
        b.article("late", ["Ships carried 700 containers on Monday."], published="2025-10-03")
        b.article(
            "early",
            ["A bulletin said 700 containers sailed."],
            published="2025-09-01",
            url="https://early.example/b",
            outlet="Bulletin",
        )
        b.article("undated", ["Someone said 700 containers."], published=None)
        b.claim("c", "late", 0, "Ships carried 700 containers on Monday.")
        e1 = b.evidence("c", "early", 0, rank=1)
        e2 = b.evidence("c", "undated", 0, rank=2)
        b.verdict("c", "ana", "supported", cite=[e1, e2])
        b.verdict("c", "ben", "supported", cite=[e1])
        s.commit()
    (record,) = _records(engine)
    item = claim_review(record, PUB)["itemReviewed"]
    assert len(item["appearance"]) == 3
    assert item["firstAppearance"]["url"] == "https://early.example/b"
    assert item["datePublished"] == "2025-10-03"  # the reviewed article's own date


def test_bulk_accept_bookkeeping_is_never_published(engine: Engine) -> None:
    build_desk(engine)
    with Session(engine) as s:
        assert accept_agreed(s, lead="lea", min_reviewers=2) == 1
        s.commit()
    records = _records(engine)
    assert records[0]["adjudication"]["rationale"].startswith("accepted: 2 reviewers")
    text = json.dumps([claim_review(r, PUB) for r in records])
    assert "agree unanimously" not in text and "accepted:" not in text
    assert claim_review(records[0], PUB)["reviewBody"] == "wire confirms."


@pytest.mark.parametrize(
    ("speaker", "kind"),
    [
        ("Amina Rahman", "Person"),
        ("Dr. J. Okafor", "Person"),
        ("Finance Minister Lena Varga", "Person"),
        ("Traders in the harbour town", None),
        ("Traders in Portvale", None),
        ("figures circulated to delegates", None),
        ("the ministry", None),
        ("officials", None),
        ("Rahman", None),
        ("the Harbour Board", "Organization"),
        ("The Rail Authority", "Organization"),
        ("IMF", "Organization"),
        ("NRA spokespeople", "Organization"),
        ("3 analysts", None),
    ],
)
def test_claim_author_type_from_the_speakers_shape(speaker: str, kind: str | None) -> None:
    assert author_type(speaker) == kind


def test_a_capitalised_body_named_with_an_article_is_not_a_person() -> None:
    context = "Rates rose 4%, the Harbour Board said on Tuesday."
    assert author_type("Harbour Board", context) == "Organization"
    assert author_type("Harbour Board", "Rates rose 4%, Harbour Board said.") == "Person"


def test_short_claims(engine: Engine) -> None:
    build_desk(engine)
    record = _records(engine)[0]
    long_text = (
        "The corridor carried 1,200 trucks a day in 2024 along the northern route, "
        "officials said on Monday"
    )
    record["claim"]["text"] = long_text
    assert claim_review(record, PUB)["claimReviewed"] == long_text  # as written by default
    short = claim_review(record, PUB, short=True)["claimReviewed"]
    assert short == "The corridor carried 1,200 trucks a day in 2024 along the northern route…"
    assert len(short) <= SHORT_CLAIM


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_short_claim_cuts_at_a_word_boundary(text: str) -> None:
    short = short_claim(text)
    flat = " ".join(text.split())
    assert len(short) <= SHORT_CLAIM
    if len(flat) <= SHORT_CLAIM:
        assert short == flat
        return
    assert short.endswith("…")
    head = short[:-1]
    assert flat.startswith(head)
    if " " in flat[:SHORT_CLAIM]:
        assert flat[len(head.rstrip())] in " ,;:–—-" or flat[len(head)] == " "


def test_publisher_url_must_be_http() -> None:
    for bad in ("desk.example", "ftp://desk.example/x", "https:///nohost", "https://a b.example"):
        with pytest.raises(PublisherUrlError):
            Publisher("Desk", bad)
    assert Publisher("Desk", " https://desk.example ").url == "https://desk.example"


# -- random review histories -------------------------------------------------------

REVIEWERS = ("ana", "ben", "cy")
LABELS = ("supported", "conflicting", "unsourced")
words = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
event = st.one_of(
    st.tuples(
        st.just("verdict"),
        st.sampled_from(REVIEWERS),
        st.sampled_from((*LABELS, None)),
        st.one_of(st.none(), words),
        st.booleans(),
    ),
    st.tuples(
        st.just("adjudication"),
        st.just("lea"),
        st.sampled_from((*LABELS, None)),
        st.one_of(words, st.just("accepted: 2 reviewers agree unanimously")),
        st.booleans(),
    ),
)
histories = st.tuples(
    st.lists(event, min_size=1, max_size=8),
    st.one_of(st.none(), words),  # speaker
    st.one_of(st.none(), st.sampled_from(("2025-09-26", "2025-10"))),  # published
    st.one_of(st.none(), st.just("https://outlet.example/a"), st.just("javascript:x")),
)

_counter = iter(range(10**9))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(history=histories)
def test_every_review_of_a_random_history_is_publishable(engine: Engine, history) -> None:
    events, speaker, published, url = history
    n = next(_counter)
    with Session(engine) as s:
        b = DeskBuilder(s)
        b.article(f"a{n}", [f"Story {n} says 12 ports opened."], published=published, url=url)
        b.article(f"w{n}", [f"Wire {n} counted 12 ports."], outlet="Wire")
        b.claim("c", f"a{n}", 0, speaker=speaker)
        cite = b.evidence("c", f"w{n}", 0, rank=1)
        for kind, who, label, text, cites in events:
            if kind == "verdict":
                b.verdict("c", who, label, cite=[cite] if cites and label else [], note=text)
            else:
                b.adjudication("c", who, label, text or "x")
        s.commit()
        claim_id = b.built.claims["c"]
    records = [
        r for r in _records(engine, STATUSES) if r["claim"]["text"].startswith(f"Story {n} ")
    ]
    assert len(records) == 1, claim_id
    (record,) = records
    if record["label"] is None:
        return
    for short in (False, True):
        review = claim_review(record, PUB, short=short)
        assert_google_properties(review, record)
        assert_valid_json_ld(review)
        body = review.get("reviewBody")
        adj = record["adjudication"]
        internal = "accepted: 2 reviewers agree unanimously"
        if adj and adj["rationale"] == internal:
            assert internal not in json.dumps(review, ensure_ascii=False)
        if body is not None:
            rationale = (adj or {}).get("rationale", "").strip()
            backing = [
                v["note"].strip()
                for v in record["verdicts"]
                if v["label"] == record["label"] and (v["note"] or "").strip()
            ]
            assert (body == rationale and rationale != internal) or all(
                note in body for note in backing
            )
        assert record["status"] not in {str(v) for v in _values(review)}
        if short:
            assert len(review["claimReviewed"]) <= SHORT_CLAIM
        else:
            assert review["claimReviewed"] == record["claim"]["text"]
        if review["itemReviewed"].get("author", {}).get("@type") == "Person":
            assert author_type(record["claim"]["speaker"]) == "Person"


def _values(node: Any):
    if isinstance(node, dict):
        for v in node.values():
            yield from _values(v)
    elif isinstance(node, list):
        for v in node:
            yield from _values(v)
    else:
        yield node
