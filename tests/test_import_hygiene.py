"""The pure core (ingest, claims, stats, export) loads without any front-end or database library.

harlequin's habit: import every core module in a fresh interpreter and look at ``sys.modules``,
which catches an import hidden in a function default or a re-export that the import-linter
contract (``lint-imports``) would also flag, and one pulled in through a third-party package,
which it would not.
"""

from __future__ import annotations

import json
import subprocess
import sys

CORE = ("ingest", "claims", "stats", "export")
FORBIDDEN = ("textual", "rich", "sqlalchemy", "sqlmodel", "click")

SCRIPT = f"""
import importlib, json, pkgutil, sys
import cpec_verify
loaded = []
for name in {CORE!r}:
    package = importlib.import_module("cpec_verify." + name)
    loaded.append(package.__name__)
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        loaded.append(importlib.import_module(info.name).__name__)
found = sorted({{m.split(".")[0] for m in sys.modules}} & set({FORBIDDEN!r}))
print(json.dumps({{"modules": loaded, "forbidden": found}}))
"""


def test_core_loads_without_front_end_or_database_libraries() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    )
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "cpec_verify.claims.extract" in report["modules"]  # the walk reached the modules
    assert "cpec_verify.export.records" in report["modules"]
    assert report["forbidden"] == []
