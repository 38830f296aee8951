"""export stage: verified claim records and their formats, pure over plain data."""
