"""cpec-verify: a terminal workbench for annotating and verifying claims in news articles."""

__version__ = "0.1.0"
