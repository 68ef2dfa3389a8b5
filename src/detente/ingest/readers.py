"""Read plain text, JSON Lines and HTML into `Article` records.

Every reader turns a bad input into a `Rejected` record (which input, what was wrong,
its first characters) instead of raising, so one broken file never stops a batch; the
caller counts and reports the rejections. The only exception raised on purpose is
`InputError` for an unknown `input_format`, which is a mistake in the call, not the data.
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from detente.errors import InputError
from detente.ingest.dateline import split_dateline
from detente.types import Article, Rejected

LOGGER = logging.getLogger(__name__)

__all__ = [
    "INPUT_FORMATS",
    "detect_format",
    "iter_articles",
    "read_html",
    "read_html_string",
    "read_jsonl",
    "read_jsonl_lines",
    "read_text",
    "read_text_string",
]

# The values `input_format` accepts (the CLI's `--input`; DESIGN.md "Output contract").
INPUT_FORMATS = ("auto", "text", "jsonl", "html", "csv", "feed")
# File name suffixes (lower case, after any ".gz") and the reader each one selects.
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
CSV_SUFFIXES = frozenset({".csv", ".tsv"})
FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml"})
# How much of a file's start is searched for NUL bytes to tell binary from text (the
# heuristic git and grep use, over the same 8 KiB).
SNIFF_BYTES = 8192
# How much of a rejected input is kept in `Rejected.payload` for the user to inspect.
PAYLOAD_CHARS = 500
# A first line of at most this many words, without final punctuation, is a headline.
MAX_TITLE_WORDS = 14

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)


# --------------------------------------------------------------------------- helpers


def _payload(data: str | bytes) -> str:
    if isinstance(data, bytes):
        return repr(data[:PAYLOAD_CHARS])[:PAYLOAD_CHARS]
    return data[:PAYLOAD_CHARS]


def _os_problem(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "no such file or directory"
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    reason = (err.strerror or str(err) or type(err).__name__).lower()
    return f"cannot read: {reason}"


def _is_gzip(path: Path) -> bool:
    return path.suffix.lower() == ".gz"


def _open_binary(path: Path) -> BinaryIO:
    if _is_gzip(path):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _read_bytes(path: Path) -> bytes | Rejected:
    origin = str(path)
    try:
        with _open_binary(path) as fh:
            return fh.read()
    except OSError as err:
        if isinstance(err, gzip.BadGzipFile):
            return Rejected(origin=origin, problem="not a valid gzip file")
        return Rejected(origin=origin, problem=_os_problem(err))
    except _GZIP_ERRORS:
        return Rejected(origin=origin, problem="not a valid gzip file (truncated or corrupt)")


def _check_bytes(data: bytes, origin: str) -> Rejected | None:
    """Reject an empty or binary file; `None` when the bytes may be text."""
    if not data:
        return Rejected(origin=origin, problem="empty file")
    head = data[:SNIFF_BYTES]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Rejected(origin=origin, problem="binary file, not text", payload=_payload(data))
    return None


def _decode(data: bytes, origin: str) -> str | Rejected:
    """UTF-8 (a BOM tolerated, also a UTF-16 file that starts with its BOM)."""
    encoding = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom) :], name
            break
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        bad = err.object[err.start]
        name = "UTF-8" if encoding == "utf-8" else encoding.upper()
        return Rejected(
            origin=origin,
            problem=f"not valid {name} (byte 0x{bad:02x} at offset {err.start})",
            payload=_payload(data),
        )


def _normalise(text: str) -> str:
    """Drop a BOM and turn CRLF / CR line ends into LF, so offsets mean one thing."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _empty_problem(text: str) -> str | None:
    if not text:
        return "empty input"
    if not text.strip():
        return "only whitespace, no text"
    return None


def _split_title(text: str) -> tuple[str, str]:
    """`(title, body)`: the first line is a title when short, unpunctuated and not alone."""
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if (
        sep
        and rest.strip()
        and len(first.split()) <= MAX_TITLE_WORDS
        and not _SENTENCE_END.search(first)
        # A dateline standing alone on the first line ("KABUL, Jan 20 (AFP) -") is not a title.
        and not split_dateline(first)[0]
    ):
        return first, rest
    return "", text


def _parse_date(value: Any) -> date | None:
    """ISO `YYYY-MM-DD`, or a datetime string whose date part is kept; `None` if empty."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(value)
    value = value.strip()
    if _ISO_DATE.fullmatch(value):
        return date.fromisoformat(value)
    if _ISO_DATE.match(value):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            # "2018-01-20 10:31:00 UTC" and the like: the date part is all that is kept.
            if value[10] in " T":
                return date.fromisoformat(value[:10])
            raise
    raise ValueError(value)


def _make_article(
    text: str,
    *,
    origin: str,
    title: str = "",
    article_id: str = "",
    published: date | None = None,
    url: str = "",
    outlet: str = "",
    lang: str = "",
) -> Article:
    place, body = split_dateline(text.strip())
    body = body.strip()
    title = title.strip()
    return Article(
        id=article_id or Article.make_id(body, title),
        text=body,
        title=title,
        published=published,
        url=url,
        outlet=outlet,
        lang=lang or "en",
        dateline=place,
        origin=origin,
    )


# ------------------------------------------------------------------------------ text


def read_text_string(
    text: str, *, origin: str = "-", default_date: date | None = None
) -> Article | Rejected:
    """One plain-text article: an optional title line, an optional dateline, the body."""
    text = _normalise(text)
    problem = _empty_problem(text)
    if problem:
        return Rejected(origin=origin, problem=problem, payload=_payload(text))
    if "\x00" in text[:SNIFF_BYTES]:
        return Rejected(origin=origin, problem="binary file, not text", payload=_payload(text))
    title, body = _split_title(text.strip())
    return _make_article(body, origin=origin, title=title, published=default_date)


def read_text(path: Path, *, default_date: date | None = None) -> Article | Rejected:
    """A UTF-8 text file (`.gz` read through gzip) as one article."""
    path = Path(path)
    origin = str(path)
    data = _read_bytes(path)
    if isinstance(data, Rejected):
        return data
    rejected = _check_bytes(data, origin)
    if rejected:
        return rejected
    text = _decode(data, origin)
    if isinstance(text, Rejected):
        return text
    if not text.strip():
        return Rejected(origin=origin, problem="only whitespace, no text", payload=_payload(text))
    return read_text_string(text, origin=origin, default_date=default_date)


# ----------------------------------------------------------------------------- jsonl


def _field(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _read_jsonl_line(
    raw: str | bytes, lineno: int, origin: str, default_date: date | None
) -> Article | Rejected | None:
    if isinstance(raw, bytes):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            bad = err.object[err.start]
            return Rejected(
                origin=origin,
                problem=(
                    f"line {lineno} is not valid UTF-8 (byte 0x{bad:02x} at offset {err.start})"
                ),
                payload=_payload(raw),
            )
    else:
        line = raw
    if lineno == 1:
        line = line.lstrip("\ufeff")
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return Rejected(
            origin=origin,
            problem=f"line {lineno} is not valid JSON: {err.msg.lower()} (column {err.colno})",
            payload=_payload(line),
        )
    if not isinstance(obj, dict):
        return Rejected(
            origin=origin,
            problem=f"line {lineno} is not a JSON object (got {type(obj).__name__})",
            payload=_payload(line),
        )
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        got = "" if text is None or isinstance(text, str) else f" (got {type(text).__name__})"
        return Rejected(
            origin=origin, problem=f"line {lineno} has no 'text'{got}", payload=_payload(line)
        )
    raw_date = obj.get("date", obj.get("published"))
    try:
        published = _parse_date(raw_date)
    except (ValueError, IndexError):
        return Rejected(
            origin=origin,
            problem=f"line {lineno} has a bad date {raw_date!r} (expected YYYY-MM-DD)",
            payload=_payload(line),
        )
    return _make_article(
        _normalise(text),
        origin=origin,
        title=_field(obj, "title"),
        article_id=_field(obj, "id").strip(),
        published=published or default_date,
        url=_field(obj, "url"),
        outlet=_field(obj, "outlet"),
        lang=_field(obj, "lang"),
    )


def read_jsonl_lines(
    lines: Iterable[str | bytes], *, origin: str = "-", default_date: date | None = None
) -> Iterator[Article | Rejected]:
    """Articles from JSON Lines (stdin, a list of strings): one object a line.

    Each line's origin is `f"{origin}:{lineno}"`; blank lines are skipped silently.
    """
    for lineno, raw in enumerate(lines, start=1):
        item = _read_jsonl_line(raw, lineno, f"{origin}:{lineno}", default_date)
        if item is not None:
            yield item


def read_jsonl(path: Path, *, default_date: date | None = None) -> Iterator[Article | Rejected]:
    """A JSON Lines file (`.gz` read through gzip), streamed line by line."""
    path = Path(path)
    origin = str(path)
    try:
        fh = _open_binary(path)
    except OSError as err:
        yield Rejected(origin=origin, problem=_os_problem(err))
        return
    with fh:
        try:
            head = fh.peek(SNIFF_BYTES)[:SNIFF_BYTES]  # type: ignore[attr-defined]
        except OSError as err:
            problem = "not a valid gzip file" if _is_gzip(path) else _os_problem(err)
            yield Rejected(origin=origin, problem=problem)
            return
        except _GZIP_ERRORS:
            yield Rejected(origin=origin, problem="not a valid gzip file (truncated or corrupt)")
            return
        rejected = _check_bytes(head, origin)
        if rejected:
            yield rejected
            return
        if not head.strip():
            # peek() may return less than the whole file; whitespace-only is checked on all of it.
            rest = fh.read()
            if not rest.strip():
                yield Rejected(origin=origin, problem="only whitespace, no text")
                return
            yield from read_jsonl_lines(rest.splitlines(), origin=origin, default_date=default_date)
            return
        try:
            yield from read_jsonl_lines(fh, origin=origin, default_date=default_date)
        except _GZIP_ERRORS:
            yield Rejected(origin=origin, problem="not a valid gzip file (truncated or corrupt)")


# ------------------------------------------------------------------------------ html


def read_html_string(
    html: str | bytes, *, origin: str = "-", default_date: date | None = None, url: str = ""
) -> Article | Rejected:
    """The main text of a web page (trafilatura), with its title, date, URL and site name."""
    import trafilatura  # imported here: it loads lxml and more, needed only for HTML

    if isinstance(html, str):
        html = _normalise(html)
        problem = _empty_problem(html)
    else:
        problem = None if html.strip() else "empty input"
    if problem:
        return Rejected(origin=origin, problem=problem, payload=_payload(html))
    try:
        # One parse gives both the text and the metadata (extract() would parse again).
        doc = trafilatura.bare_extraction(
            html, url=url or None, include_comments=False, with_metadata=True
        )
    except Exception as err:  # trafilatura and lxml raise many kinds on broken markup
        LOGGER.debug("trafilatura failed on %s", origin, exc_info=True)
        return Rejected(
            origin=origin,
            problem=f"could not parse HTML: {type(err).__name__}",
            payload=_payload(html),
        )
    text = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not text.strip():
        return Rejected(
            origin=origin, problem="no article text found in the HTML", payload=_payload(html)
        )
    text = _normalise(text).strip()
    title = (getattr(doc, "title", None) or "").strip()
    first, sep, rest = text.partition("\n")
    if sep and title and first.strip().casefold() == title.casefold():
        # The page's <h1> repeats the title as the text's first line.
        text = rest
    published: date | None = None
    raw_date = getattr(doc, "date", None)
    if raw_date:
        try:
            published = _parse_date(raw_date)
        except (ValueError, IndexError):
            LOGGER.debug("%s: ignoring unreadable page date %r", origin, raw_date)
    return _make_article(
        text,
        origin=origin,
        title=title,
        published=published or default_date,
        url=getattr(doc, "url", None) or url,
        outlet=getattr(doc, "sitename", None) or "",
        lang=getattr(doc, "language", None) or "",
    )


def read_html(path: Path, *, default_date: date | None = None) -> Article | Rejected:
    """An HTML file (`.gz` read through gzip) as one article."""
    path = Path(path)
    origin = str(path)
    data = _read_bytes(path)
    if isinstance(data, Rejected):
        return data
    rejected = _check_bytes(data, origin)
    if rejected:
        return rejected
    if not data.strip():
        return Rejected(origin=origin, problem="only whitespace, no text")
    # Undeclared UTF-8 is the common case; anything else goes to trafilatura as bytes, which
    # honours the page's <meta charset>.
    text = _decode(data, origin)
    return read_html_string(
        data if isinstance(text, Rejected) else text, origin=origin, default_date=default_date
    )


# ----------------------------------------------------------------------------- paths


def detect_format(path: str | Path) -> str | None:
    """ "text", "jsonl" or "html" from a file name (`x.jsonl.gz` -> "jsonl"), else None."""
    path = Path(path)
    name = path.stem if _is_gzip(path) else path.name
    suffix = Path(name).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    return None


def _explicit_format(path: Path) -> str:
    """The format of a file named explicitly: as `detect_format`, also CSV and feeds, else
    text. (Inside folders CSV and XML files are skipped: archives hold many that are not
    articles.)"""
    name = path.stem if _is_gzip(path) else path.name
    suffix = Path(name).suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in FEED_SUFFIXES:
        return "feed"
    return detect_format(path) or "text"


def _read_path(
    path: Path, fmt: str, default_date: date | None, columns: dict[str, str] | None = None
) -> Iterator[Article | Rejected]:
    if fmt in ("csv", "feed") or (columns and fmt == "jsonl"):
        # Imported here: those modules import this one.
        from detente.ingest.feeds import read_feed
        from detente.ingest.tabular import read_csv, read_jsonl_file_mapped

        if fmt == "csv":
            yield from read_csv(path, columns, default_date=default_date)
        elif fmt == "feed":
            yield from read_feed(path, default_date=default_date)
        else:
            yield from read_jsonl_file_mapped(path, columns or {}, default_date=default_date)
    elif fmt == "jsonl":
        yield from read_jsonl(path, default_date=default_date)
    elif fmt == "html":
        yield read_html(path, default_date=default_date)
    else:
        yield read_text(path, default_date=default_date)


def _walk(folder: Path, seen: set[Path]) -> Iterator[Path | Rejected]:
    """Files under `folder`, recursively, in sorted order; hidden files and folders skipped."""
    try:
        real = folder.resolve()
        if real in seen:  # a symlink loop
            return
        seen.add(real)
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as err:
        yield Rejected(origin=str(folder), problem=_os_problem(err))
        return
    for entry in entries:
        if entry.name.startswith("."):
            LOGGER.debug("skipping hidden %s", entry)
        elif entry.is_dir():
            yield from _walk(entry, seen)
        elif entry.is_file():
            yield entry


def _read_stdin(fmt: str, default_date: date | None) -> Iterator[Article | Rejected]:
    data = sys.stdin.buffer.read()
    if fmt == "jsonl":
        yield from read_jsonl_lines(data.splitlines(), origin="-", default_date=default_date)
        return
    if not data:
        yield Rejected(origin="-", problem="empty input")
        return
    rejected = _check_bytes(data, "-")
    if rejected:
        yield rejected
        return
    text = _decode(data, "-")
    if fmt == "html":
        html = data if isinstance(text, Rejected) else text
        yield read_html_string(html, origin="-", default_date=default_date)
    elif isinstance(text, Rejected):
        yield text
    else:
        yield read_text_string(text, origin="-", default_date=default_date)


def _iter_articles(
    paths: Iterable[str | Path],
    input_format: str,
    default_date: date | None,
    columns: dict[str, str] | None = None,
    fetcher: Any = None,
) -> Iterator[Article | Rejected]:
    for item in paths:
        if re.match(r"https?://", str(item)):
            from detente.ingest.fetch import Fetcher, fetch_articles

            owned = fetcher is None
            client = Fetcher() if owned else fetcher
            try:
                yield from fetch_articles([str(item)], client, default_date=default_date)
            finally:
                if owned:
                    client.close()
            continue
        if str(item) == "-":
            yield from _read_stdin("text" if input_format == "auto" else input_format, default_date)
            continue
        path = Path(item)
        if path.is_dir():
            for found in _walk(path, set()):
                if isinstance(found, Rejected):
                    yield found
                    continue
                fmt = detect_format(found) if input_format == "auto" else input_format
                if fmt is None:
                    LOGGER.debug("skipping %s: not a .txt/.md/.jsonl/.ndjson/.html file", found)
                    continue
                yield from _read_path(found, fmt, default_date, columns)
        elif path.exists():
            # A file named explicitly is read even with an unknown extension: as text.
            fmt = input_format if input_format != "auto" else _explicit_format(path)
            yield from _read_path(path, fmt, default_date, columns)
        else:
            yield Rejected(origin=str(path), problem="no such file or directory")


def iter_articles(
    paths: Iterable[str | Path],
    *,
    input_format: str = "auto",
    default_date: date | None = None,
    columns: dict[str, str] | None = None,
    fetcher: Any = None,
) -> Iterator[Article | Rejected]:
    """Articles (and rejections) from files, folders (walked recursively), "-" (stdin)
    and http(s) URLs (a page or a feed, fetched with `fetcher`, a `Fetcher`).

    `input_format` "auto" picks the reader by extension (explicitly named `.csv`/`.tsv`
    files are CSV, `.rss`/`.atom`/`.xml` feeds); "text", "jsonl", "html", "csv" or "feed"
    forces it for every file, including every non-hidden file inside a folder.
    `columns` maps Article fields to CSV columns or JSON keys (`{"text": "body"}`).
    `default_date` fills `Article.published` where the input gives no date.
    """
    if input_format not in INPUT_FORMATS:
        raise InputError(
            f"unknown input format {input_format!r}; use one of {', '.join(INPUT_FORMATS)}"
        )
    return _iter_articles(paths, input_format, default_date, columns, fetcher)
