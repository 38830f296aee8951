"""Repository functions for the stored things themselves: articles, claims, verdicts,
reviewers, adjudications.  Each takes a ``Session``; the caller commits."""
