"""Read-only queries shaped for one consumer each: the review queue and detail pane, claim
status, agreement arrays, export rows."""
