"""Extract the main article from an HTML page with trafilatura (not hand-written regexes).

trafilatura already drops navigation, footers and comments; its text then goes through the
same line cleaning as plain text so captions and widget words it keeps are still removed.
"""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura

from .dates import parse_date
from .model import IngestError


@dataclass
class HtmlArticle:
    """Main text and metadata that trafilatura found on a page."""

    text: str
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None
    byline: str | None


def _field(doc: object, name: str) -> str | None:
    value = getattr(doc, name, None)
    return value.strip() or None if isinstance(value, str) else None


def extract_html(html: str) -> HtmlArticle:
    """Main article of ``html``; IngestError when the page has no article text."""
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura raises assorted parser errors on broken markup
        raise IngestError(f"could not parse HTML ({type(exc).__name__})") from exc
    text = _field(doc, "text") if doc is not None else None
    if not text:
        raise IngestError("no article text found in HTML")
    date = _field(doc, "date")
    return HtmlArticle(
        text=text,
        title=_field(doc, "title"),
        published=parse_date(date) if date else None,
        outlet=_field(doc, "sitename") or _field(doc, "hostname"),
        url=_field(doc, "url"),
        byline=_field(doc, "author"),
    )
