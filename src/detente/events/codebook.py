"""The CAMEO event codebook with its PLOVER mapping, read from a shipped TSV file.

The file (``data/events/cameo_codes.tsv``) has one code a line with the columns
``code, name, goldstein, quad_class, plover, plover_mode``; lines starting with ``#``
are comments, and the first non-comment line is the header.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from detente.errors import DataFileError

LOGGER = logging.getLogger(__name__)

COLUMNS = ("code", "name", "goldstein", "quad_class", "plover", "plover_mode")
PLOVER_TYPES = frozenset(
    {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "RETREAT",
        "COOPERATE",
        "AID",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }
)


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code with its Goldstein value, quad class and PLOVER type."""

    code: str
    name: str
    root: str
    goldstein: float
    quad_class: int
    plover: str
    plover_mode: str


def default_path() -> Traversable:
    """The codebook shipped with detente."""
    return files("detente") / "data/events/cameo_codes.tsv"


class Codebook:
    """All CAMEO codes, looked up by their code string ("112", "0211", "19")."""

    def __init__(self, codes: dict[str, CameoCode], source: str = "<memory>") -> None:
        self._codes = dict(codes)
        self.source = source

    @classmethod
    def load(cls, path: str | Path | Traversable | None = None) -> Codebook:
        """Read a codebook file; the shipped one when ``path`` is None."""
        resource: Path | Traversable = default_path() if path is None else _as_path(path)
        name = str(resource)
        try:
            text = resource.read_text(encoding="utf-8")
        except OSError as exc:
            raise DataFileError(f"cannot read the CAMEO codebook {name}: {exc}") from exc
        codes = _parse(text, name)
        LOGGER.debug("loaded %d CAMEO codes from %s", len(codes), name)
        return cls(codes, source=name)

    def __getitem__(self, code: str) -> CameoCode:
        try:
            return self._codes[code]
        except KeyError:
            raise DataFileError(
                f"unknown CAMEO code {code!r}: not in the codebook {self.source} "
                "(codes are 2 to 4 digit strings such as '04', '112' or '0211')"
            ) from None

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __len__(self) -> int:
        return len(self._codes)

    def __iter__(self) -> Iterator[CameoCode]:
        return iter(self._codes.values())

    def get(self, code: str, default: CameoCode | None = None) -> CameoCode | None:
        """The entry for ``code``, or ``default`` when the code is unknown."""
        return self._codes.get(code, default)

    def codes(self) -> list[str]:
        """All code strings, in file order."""
        return list(self._codes)


@lru_cache(maxsize=1)
def default_codebook() -> Codebook:
    """The shipped codebook, read once per process."""
    return Codebook.load()


def _as_path(path: str | Path | Traversable) -> Path | Traversable:
    return Path(path) if isinstance(path, str) else path


def _parse(text: str, name: str) -> dict[str, CameoCode]:
    codes: dict[str, CameoCode] = {}
    header_seen = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            header_seen = True
            if tuple(f.strip() for f in fields) != COLUMNS:
                raise DataFileError(
                    f"{name}, line {lineno}: expected the header {'<TAB>'.join(COLUMNS)}, "
                    f"found {line!r}"
                )
            continue
        entry = _parse_row(fields, name, lineno)
        if entry.code in codes:
            raise DataFileError(f"{name}, line {lineno}: duplicate CAMEO code {entry.code!r}")
        codes[entry.code] = entry
    if not codes:
        raise DataFileError(f"{name}: no CAMEO codes found")
    return codes


def _parse_row(fields: list[str], name: str, lineno: int) -> CameoCode:
    where = f"{name}, line {lineno}"
    if len(fields) != len(COLUMNS):
        raise DataFileError(
            f"{where}: expected {len(COLUMNS)} tab-separated columns, found {len(fields)}"
        )
    code, label, goldstein, quad_class, plover, mode = (f.strip() for f in fields)
    if not (code.isdigit() and 2 <= len(code) <= 4):
        raise DataFileError(f"{where}: bad CAMEO code {code!r} (expected 2 to 4 digits)")
    if not label:
        raise DataFileError(f"{where}: CAMEO code {code!r} has no name")
    try:
        goldstein_value = float(goldstein)
    except ValueError:
        raise DataFileError(f"{where}: goldstein {goldstein!r} is not a number") from None
    if not -10.0 <= goldstein_value <= 10.0:
        raise DataFileError(f"{where}: goldstein {goldstein_value} is outside -10..10")
    if quad_class not in {"1", "2", "3", "4"}:
        raise DataFileError(f"{where}: quad_class {quad_class!r} is not 1, 2, 3 or 4")
    if plover and plover not in PLOVER_TYPES:
        raise DataFileError(f"{where}: unknown PLOVER type {plover!r}")
    return CameoCode(
        code=code,
        name=label,
        root=code[:2],
        goldstein=goldstein_value,
        quad_class=int(quad_class),
        plover=plover,
        plover_mode=mode,
    )
