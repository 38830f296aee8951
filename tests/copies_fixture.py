"""A seed-like desk of our own: an original story, its syndicated copy and an unrelated report.

The copy repeats the original's body with other line breaks and one word changed, as wire
copies do, on another outlet's URL; the third article reports different figures.  Written
for these tests (no text from any real page).
"""

from __future__ import annotations

import json
from pathlib import Path

ORIGINAL = """\
The port authority said cargo handled at the eastern terminal rose to 4.2 million tonnes in 2024, up from 3.1 million tonnes a year earlier.

Officials said the new berth cost $310 million and opened in March 2024.

"We expect to pass five million tonnes by 2026," the authority's chairman, Idris Malik, told reporters on Monday.

The provincial government approved a further Rs 12 billion for the access road, according to the finance department.

Dock workers said 1,400 jobs had been added since the berth opened."""

COPY = ORIGINAL.replace("\n\n", "\n").replace("told reporters", "said to reporters")

OTHER = """\
A shipping survey published on Friday put cargo at the eastern terminal at 3.9 million tonnes in 2024.

The survey said the new berth cost $295 million, below the figure officials gave.

Analysts said traffic would reach 4.5 million tonnes in 2025."""


def write_desk(folder: Path) -> Path:
    """The three articles as one JSONL file (title, url, published; outlet only on one)."""
    records = [
        {
            "title": "Eastern terminal cargo climbs past four million tonnes",
            "url": "https://www.harbour-ledger.example/terminal-cargo",
            "published": "2025-01-14",
            "text": ORIGINAL,
        },
        {
            "title": "Eastern terminal cargo climbs past four million tonnes",
            "url": "https://coastwire.example/2025/01/15/terminal",
            "published": "2025-01-15",
            "text": COPY,
        },
        {
            "title": "Survey puts terminal cargo lower",
            "url": "https://shipping-survey.example/report",
            "outlet": "Shipping Survey Weekly",
            "published": "2025-01-17",
            "text": OTHER,
        },
    ]
    path = folder / "desk.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path
