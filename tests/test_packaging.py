"""A plain (non-editable) wheel install works: schemas ship inside the package.

``claims import`` used to fail from a wheel with "cannot find schemas/claims.schema.json",
because the schemas were found by walking up from the source tree.  This builds the wheel,
installs it (without dependencies: they come from this environment) into a folder outside
the repository, and runs the command from there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_build_requires_a_setuptools_that_knows_the_license_field() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert meta["project"]["license"] == "MIT"
    (setuptools,) = [r for r in meta["build-system"]["requires"] if r.startswith("setuptools")]
    assert int(setuptools.split(">=")[1].split(".")[0]) >= 77  # PEP 639 support


@pytest.mark.slow
def test_wheel_install_runs_claims_import(tmp_path: Path) -> None:
    dist, target = tmp_path / "dist", tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(ROOT)],
        check=True,
        timeout=600,
        capture_output=True,
    )
    (wheel,) = dist.glob("cpec_verify-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "cpec_verify/schemas/claims.schema.json" in names
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), wheel],
        check=True,
        timeout=600,
        capture_output=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    article = work / "port.txt"
    article.write_text("The port handled 1,200 ships in 2024, officials said.\n")
    claims = work / "claims.yaml"
    claims.write_text("claims:\n  - source: port.txt\n    quote: handled 1,200 ships\n")
    env = {**os.environ, "PYTHONPATH": str(target), "PYTHONSAFEPATH": "1"}
    db = str(work / "w.sqlite")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cpec_verify", *args, "--db", db],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    where = subprocess.run(
        [sys.executable, "-c", "import cpec_verify; print(cpec_verify.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(target)), where  # the wheel, not the source tree
    assert cli("import", "--no-extract", str(article)).returncode == 0
    result = cli("claims", "import", str(claims))
    assert result.returncode == 0, result.stderr
    assert "added 1 claim(s)" in result.stdout
