"""The verdict labels, defined once: the store checks them, exports and guidelines name them."""

from __future__ import annotations

LABELS = ("supported", "conflicting", "unsourced")
"""Every label a reviewer can give a claim, in the order keys and menus show them."""
