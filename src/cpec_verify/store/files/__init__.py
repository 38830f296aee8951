"""Data in and out of the store in bulk: verdict files, a JSONL export read back, another
database merged in."""
