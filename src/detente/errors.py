"""One exception hierarchy. Each error has a code and a message that says what to do."""

from __future__ import annotations


class DetenteError(Exception):
    """Base of every error detente raises on purpose."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.detail = message


class InputError(DetenteError):
    """An input (file, line, document) could not be read as an article."""

    code = "E100"


class ModelNotFoundError(DetenteError):
    """No spaCy English model could be loaded under any configured name."""

    code = "E200"


class DataFileError(DetenteError):
    """A shipped or user data file (lexicon, dictionary) is malformed."""

    code = "E300"


class StoreError(DetenteError):
    """The DuckDB store could not be opened, migrated or written."""

    code = "E400"


class ConfigError(DetenteError):
    """The settings file is unreadable or holds an unknown or ill-typed key."""

    code = "E500"


class QueryError(DetenteError):
    """A query or analysis was asked with an invalid parameter (actor, interval, range)."""

    code = "E600"
