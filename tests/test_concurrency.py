"""Concurrent reviewers: every verdict a process reports as saved is stored, no lock errors.

8 processes x 1,000 verdicts on one SQLite file (WAL, busy timeout), and 32 x 1,000 on
PostgreSQL when one is configured.  Each verdict goes through the real ``verdict``
command (``tests/stress/verdict_storm.py``); the figures are printed, never asserted.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from stress.verdict_storm import storm


def _check(result, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    with capsys.disabled():
        print(f"\nverdict storm: {json.dumps(result.summary())}")
    assert not [e for e in result.errors if "locked" in e.lower()], result.errors[:3]
    assert not result.errors, result.errors[:3]
    assert not result.missing and not result.wrong
    assert len(result.saved) == result.workers * result.per_worker


@pytest.mark.slow  # SQLite only: the PostgreSQL pass runs the 32-process test instead
def test_eight_processes_on_one_sqlite_file(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _check(storm(str(db_path), workers=8, per_worker=1000, timeout=300), capsys)


def test_thirty_two_processes_on_postgresql(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if "://" not in db_url:
        pytest.skip("no PostgreSQL configured (--postgres-url / CPEC_VERIFY_TEST_PG)")
    _check(storm(db_url, workers=32, per_worker=1000, timeout=600), capsys)
