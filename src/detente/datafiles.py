"""Reading the shipped data files, with a user directory laid over them.

Every data file is JSONL, one entry a line, each with an `id`. A user directory holding a
file of the same relative name adds its entries; an entry with an id already shipped
replaces the shipped one. So a user adds a minister or an armed group without editing the
package.
"""

from __future__ import annotations

import json
import logging
from importlib import resources
from pathlib import Path
from typing import Any

from detente.errors import DataFileError

LOGGER = logging.getLogger(__name__)


def shipped_path(relative: str) -> Path:
    return Path(str(resources.files("detente") / "data" / relative))


def _read_entries(path: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataFileError(f"{path}:{lineno} is not valid JSON: {exc.msg}") from exc
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                raise DataFileError(f"{path}:{lineno} must be a JSON object with a string 'id'")
            entries.append(entry)
    return entries


def load_entries(relative: str, user_data_dir: str = "") -> list[dict[str, Any]]:
    """Shipped entries of `data/<relative>`, then the user's, user ids replacing shipped ones."""
    path = shipped_path(relative)
    merged: dict[str, dict[str, Any]] = {}
    if path.exists():
        for entry in _read_entries(path):
            if entry["id"] in merged:
                raise DataFileError(f"{path}: duplicate id {entry['id']!r}")
            merged[entry["id"]] = entry
    else:
        LOGGER.warning("shipped data file %s is missing", path)
    if user_data_dir:
        user_path = Path(user_data_dir).expanduser() / relative
        if user_path.exists():
            for entry in _read_entries(user_path):
                merged[entry["id"]] = entry
    return list(merged.values())
