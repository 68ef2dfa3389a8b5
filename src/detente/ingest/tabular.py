"""CSV/TSV files and JSON Lines with other field names, through a column map.

A column map names, for each Article field, the column (or JSON key) that holds it:
`--columns text=body,date=published_at,title=headline`. Fields it leaves out are read
from the column of their own name ("text", "title", "date" or "published", "id", "url",
"outlet", "lang") when there is one.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from detente.errors import InputError
from detente.ingest.readers import (
    _GZIP_ERRORS,
    _make_article,
    _normalise,
    _open_binary,
    _os_problem,
    _parse_date,
    _payload,
)
from detente.types import Article, Rejected

LOGGER = logging.getLogger(__name__)

# The Article fields a column map may name.
FIELDS = ("text", "title", "date", "id", "url", "outlet", "lang")
# CSV fields can be whole articles: raise the csv module's 128 KiB default field limit to
# the largest single article we accept (the same order as the URL fetcher's size cap).
CSV_FIELD_LIMIT = 16 * 1024 * 1024


def parse_columns(spec: str | None) -> dict[str, str]:
    """`"text=body,date=published_at"` -> `{"text": "body", "date": "published_at"}`."""
    if not spec:
        return {}
    out: dict[str, str] = {}
    for part in spec.split(","):
        if not part.strip():
            continue
        key, sep, column = part.partition("=")
        key, column = key.strip(), column.strip()
        if not sep or not column:
            raise InputError(f"column map entry {part!r} must be FIELD=COLUMN, e.g. text=body")
        if key not in FIELDS:
            raise InputError(f"column map names unknown field {key!r}; fields: {', '.join(FIELDS)}")
        out[key] = column
    return out


def _value(record: Mapping[str, Any], columns: Mapping[str, str], name: str) -> Any:
    if name in columns:
        return record.get(columns[name])
    if name == "date":
        return record.get("date", record.get("published"))
    return record.get(name)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def record_to_article(
    record: Mapping[str, Any],
    columns: Mapping[str, str],
    *,
    origin: str,
    default_date: date | None = None,
    payload: str = "",
) -> Article | Rejected:
    """One record (a CSV row, a JSON object) as an Article, through the column map."""
    text = _value(record, columns, "text")
    if not isinstance(text, str) or not text.strip():
        column = columns.get("text", "text")
        return Rejected(origin=origin, problem=f"no text in column {column!r}", payload=payload)
    raw_date = _value(record, columns, "date")
    try:
        published = _parse_date(raw_date if raw_date != "" else None)
    except (ValueError, IndexError):
        return Rejected(
            origin=origin,
            problem=f"bad date {raw_date!r} (expected YYYY-MM-DD)",
            payload=payload,
        )
    return _make_article(
        _normalise(text),
        origin=origin,
        title=_text(_value(record, columns, "title")),
        article_id=_text(_value(record, columns, "id")).strip(),
        published=published or default_date,
        url=_text(_value(record, columns, "url")),
        outlet=_text(_value(record, columns, "outlet")),
        lang=_text(_value(record, columns, "lang")),
    )


def read_csv(
    path: Path,
    columns: Mapping[str, str] | None = None,
    *,
    default_date: date | None = None,
) -> Iterator[Article | Rejected]:
    """A CSV file (TSV when named `.tsv`; `.gz` through gzip) with a header row."""
    path = Path(path)
    origin = str(path)
    columns = columns or {}
    name = path.stem if path.suffix.lower() == ".gz" else path.name
    delimiter = "\t" if name.lower().endswith(".tsv") else ","
    try:
        fh = _open_binary(path)
    except OSError as err:
        yield Rejected(origin=origin, problem=_os_problem(err))
        return
    csv.field_size_limit(CSV_FIELD_LIMIT)
    with fh, io.TextIOWrapper(fh, encoding="utf-8-sig", errors="strict", newline="") as text:
        reader = csv.DictReader(text, delimiter=delimiter)
        try:
            header = reader.fieldnames
        except (UnicodeDecodeError, csv.Error, *_GZIP_ERRORS) as err:
            yield Rejected(origin=origin, problem=f"cannot read the CSV header: {err}")
            return
        if not header:
            yield Rejected(origin=origin, problem="empty CSV file, no header row")
            return
        missing = [c for c in columns.values() if c not in header]
        if missing:
            yield Rejected(
                origin=origin,
                problem=f"column map names columns not in the header: {', '.join(missing)} "
                f"(header: {', '.join(header)})",
            )
            return
        if "text" not in columns and "text" not in header:
            yield Rejected(
                origin=origin,
                problem="no 'text' column; name it with --columns text=COLUMN "
                f"(header: {', '.join(header)})",
            )
            return
        rows = iter(reader)
        while True:
            line = reader.line_num + 1
            try:
                row = next(rows)
            except StopIteration:
                return
            except (UnicodeDecodeError, *_GZIP_ERRORS) as err:
                yield Rejected(origin=f"{origin}:{line}", problem=f"unreadable: {err}")
                return
            except csv.Error as err:
                yield Rejected(origin=f"{origin}:{line}", problem=f"bad CSV: {err}")
                continue
            yield record_to_article(
                row,
                columns,
                origin=f"{origin}:{reader.line_num}",
                default_date=default_date,
                payload=_payload(json.dumps(row, ensure_ascii=False)),
            )


def read_jsonl_mapped(
    lines: Iterable[str | bytes],
    columns: Mapping[str, str],
    *,
    origin: str,
    default_date: date | None = None,
) -> Iterator[Article | Rejected]:
    """JSON Lines whose fields have other names, read through the column map."""
    for lineno, raw in enumerate(lines, start=1):
        where = f"{origin}:{lineno}"
        try:
            line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError as err:
            yield Rejected(where, f"not valid UTF-8 (offset {err.start})", _payload(raw))
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line.lstrip("\ufeff"))
        except json.JSONDecodeError as err:
            yield Rejected(where, f"not valid JSON: {err.msg.lower()}", _payload(line))
            continue
        if not isinstance(obj, dict):
            yield Rejected(where, f"not a JSON object (got {type(obj).__name__})", _payload(line))
            continue
        yield record_to_article(
            obj, columns, origin=where, default_date=default_date, payload=_payload(line)
        )


def read_jsonl_file_mapped(
    path: Path, columns: Mapping[str, str], *, default_date: date | None = None
) -> Iterator[Article | Rejected]:
    path = Path(path)
    try:
        fh = _open_binary(path)
    except OSError as err:
        yield Rejected(origin=str(path), problem=_os_problem(err))
        return
    with fh:
        try:
            yield from read_jsonl_mapped(fh, columns, origin=str(path), default_date=default_date)
        except _GZIP_ERRORS:
            yield Rejected(origin=str(path), problem="not a valid gzip file (truncated or corrupt)")
