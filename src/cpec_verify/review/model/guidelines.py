"""Annotation guidelines: the bundled YAML, or a team's own via ``--guidelines``.

Loaded with ``yaml.safe_load`` only and validated here, so a malformed file is one
``error:`` line before the screen opens, never a traceback inside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from cpec_verify.errors import DataError, UsageError
from cpec_verify.labels import LABELS
from cpec_verify.safe_yaml import load_yaml


@dataclass(frozen=True)
class Guidelines:
    """What each label means and which labels need cited evidence."""

    title: str
    labels: dict[str, str]
    require_evidence: frozenset[str]
    sections: tuple[tuple[str, str], ...]  # further (heading, text) pairs, e.g. citing, notes
    origin: str

    def needs_evidence(self, label: str) -> bool:
        return label in self.require_evidence


def default_path() -> Path:
    return Path(str(resources.files("cpec_verify") / "data" / "guidelines.yaml"))


def _text(value: Any, where: str, origin: str) -> str:
    if not isinstance(value, str | int | float):
        raise DataError(f"{origin}: {where} must be text")
    return str(value).strip()


def parse_guidelines(raw: str, origin: str) -> Guidelines:
    """Validate the YAML text; every problem names the file and the key."""
    try:
        data = load_yaml(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise DataError(f"{origin}:{where} malformed guidelines YAML ({problem})") from exc
    if not isinstance(data, dict):
        raise DataError(f"{origin}: guidelines must be a YAML mapping")
    labels_raw = data.get("labels") or {}
    if not isinstance(labels_raw, dict):
        raise DataError(f"{origin}: 'labels' must map each label to its meaning")
    labels: dict[str, str] = {}
    for key, value in labels_raw.items():
        if key not in LABELS:
            raise DataError(f"{origin}: unknown label {key!r} in 'labels'")
        labels[key] = _text(value, f"labels.{key}", origin)
    required = data.get("require_evidence") or []
    if not isinstance(required, list) or any(r not in LABELS for r in required):
        raise DataError(
            f"{origin}: 'require_evidence' must be a list of labels ({', '.join(LABELS)})"
        )
    sections = tuple(
        (str(key), _text(value, str(key), origin))
        for key, value in data.items()
        if key not in ("title", "version", "labels", "require_evidence") and value is not None
    )
    return Guidelines(
        title=_text(data.get("title") or "Annotation guidelines", "title", origin),
        labels=labels,
        require_evidence=frozenset(required),
        sections=sections,
        origin=origin,
    )


def load_guidelines(path: str | Path | None = None) -> Guidelines:
    """The bundled guidelines, or ``path`` instead of them."""
    target = Path(path) if path is not None else default_path()
    try:
        raw = target.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise UsageError(f"guidelines file not found: {target}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read guidelines {target}: {exc}") from exc
    return parse_guidelines(raw, str(path) if path is not None else "bundled guidelines")
