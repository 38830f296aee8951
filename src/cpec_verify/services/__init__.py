"""Workflows that join a pure stage to the store, one module per workflow.

Each takes an ``Engine`` or ``Session`` and plain options and returns results and warnings; none
prints, and progress is a callback parameter.  The command line (``cli``) and the review app
(``review``) are thin shells over these; benches call them too.
"""
