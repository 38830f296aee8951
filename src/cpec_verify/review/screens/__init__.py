"""Review screens.  The main one is :class:`ReviewScreen`; others are pushed over it.

A new screen (e.g. a leads' agreement view on ``a``) is a module here plus one
``ActionSpec`` in ``review/actions.py`` whose ``action_*`` pushes it.
"""
