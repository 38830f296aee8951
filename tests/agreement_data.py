"""Published agreement examples and the result schema, shared by the stats and CLI tests."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator

SCHEMA = json.loads(
    (Path(__file__).parents[1] / "schemas" / "agreement.schema.json").read_text("utf-8")
)
VALIDATOR = Draft202012Validator(SCHEMA)

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C.
KRIPP_2011 = {
    "A": "1 2 3 3 2 1 4 1 2 * * *",
    "B": "1 2 3 3 2 2 4 1 2 5 * 3",
    "C": "* 3 3 3 2 3 4 2 2 5 1 *",
    "D": "1 2 3 3 2 4 4 1 2 5 1 *",
}
