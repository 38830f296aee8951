"""Who is reviewing: ``--reviewer``, then ``CPEC_VERIFY_REVIEWER``, then the login name."""

from __future__ import annotations

import getpass
import os

from cpec_verify.errors import UsageError
from cpec_verify.names import check_name

ENV_VAR = "CPEC_VERIFY_REVIEWER"
MAX_LEN = 200  # the verdict.reviewer column


def resolve_reviewer(name: str | None = None) -> str:
    """A non-empty reviewer name; the login name is the last resort."""
    value = (name or os.environ.get(ENV_VAR) or "").strip()
    if not value:
        try:
            value = getpass.getuser().strip()
        except (OSError, KeyError):
            value = ""
    if not value:
        raise UsageError(f"no reviewer name: pass --reviewer NAME or set {ENV_VAR}")
    if len(value) > MAX_LEN:
        raise UsageError(f"reviewer name longer than {MAX_LEN} characters")
    return check_name(value)
