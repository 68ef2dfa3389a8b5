"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one Article per item or entry.

Parsed with lxml, with entity resolution and network access switched off (a feed is
untrusted input: no XXE, no billion laughs). An entry's text is its full content when the
feed carries it (`content:encoded`, Atom `content`), else its summary; HTML in it is
reduced to text with paragraph breaks kept. With a fetcher, each entry's link can be
fetched instead and its page read through trafilatura (`follow_links`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from detente.ingest.readers import (
    _make_article,
    _normalise,
    _parse_date,
    _payload,
    _read_bytes,
)
from detente.types import Article, Rejected

LOGGER = logging.getLogger(__name__)

# XML namespaces of the feed formats (RSS 1.0 spec, RFC 4287 for Atom, the RSS
# content module and Dublin Core, which RSS 1.0 feeds use for dates).
ATOM = "http://www.w3.org/2005/Atom"
RSS1 = "http://purl.org/rss/1.0/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
# Elements after which a line break is kept when feed HTML is turned into text.
BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section"}
)
# How far into a document to look for a feed's root element when sniffing.
SNIFF_CHARS = 2048

_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    """Whether fetched bytes are a feed (by content type, else by the root element)."""
    ctype = content_type.lower()
    if "rss" in ctype or "atom" in ctype:
        return True
    if "html" in ctype:
        return False
    return bool(_FEED_ROOT.search(data[:SNIFF_CHARS]))


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)


def html_to_text(fragment: str) -> str:
    """Text of an HTML fragment, with a line break after each block element."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", fragment).strip()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _feed_date(value: str | None) -> date | None:
    """An RFC 822 date (RSS `pubDate`) or an ISO 8601 one (Atom, Dublin Core)."""
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        return _parse_date(value)
    except (ValueError, IndexError):
        pass
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def _text_of(el: etree._Element | None) -> str:
    return "".join(el.itertext()).strip() if el is not None else ""


def _entries(root: etree._Element) -> Iterator[dict[str, str]]:
    tag = etree.QName(root).localname.lower()
    if tag == "feed":  # Atom
        for entry in root.iter(f"{{{ATOM}}}entry"):
            link = ""
            for el in entry.findall(f"{{{ATOM}}}link"):
                if el.get("rel", "alternate") == "alternate" and el.get("href"):
                    link = el.get("href", "")
                    break
            content = entry.find(f"{{{ATOM}}}content")
            summary = entry.find(f"{{{ATOM}}}summary")
            yield {
                "id": _text_of(entry.find(f"{{{ATOM}}}id")),
                "title": _text_of(entry.find(f"{{{ATOM}}}title")),
                "link": link,
                "body": _text_of(content) or _text_of(summary),
                "date": _text_of(entry.find(f"{{{ATOM}}}published"))
                or _text_of(entry.find(f"{{{ATOM}}}updated")),
            }
        return
    items = root.iter("item") if tag == "rss" else root.iter(f"{{{RSS1}}}item")
    ns = "" if tag == "rss" else f"{{{RSS1}}}"
    for item in items:
        yield {
            "id": _text_of(item.find("guid")),
            "title": _text_of(item.find(f"{ns}title")),
            "link": _text_of(item.find(f"{ns}link")),
            "body": _text_of(item.find(f"{{{CONTENT}}}encoded"))
            or _text_of(item.find(f"{ns}description")),
            "date": _text_of(item.find("pubDate")) or _text_of(item.find(f"{{{DC}}}date")),
        }


FollowLink = Callable[[str, date | None], Article | Rejected]


def parse_feed(
    data: bytes,
    *,
    origin: str,
    default_date: date | None = None,
    follow: FollowLink | None = None,
) -> Iterator[Article | Rejected]:
    """The items of an RSS or Atom document as Articles.

    With `follow`, an entry with a link is read from its page (`follow(url, date)`)
    instead of from the feed's own summary.
    """
    try:
        root = etree.fromstring(data, _parser())
    except (etree.XMLSyntaxError, ValueError) as err:
        yield Rejected(origin=origin, problem=f"not a readable feed: {err}", payload=_payload(data))
        return
    if root is None or etree.QName(root).localname.lower() not in {"rss", "feed", "rdf"}:
        yield Rejected(
            origin=origin,
            problem="not an RSS or Atom feed (no <rss> or <feed> root)",
            payload=_payload(data),
        )
        return
    for n, entry in enumerate(_entries(root), start=1):
        where = f"{origin}#{n}"
        published = _feed_date(entry["date"]) or default_date
        if follow is not None and entry["link"]:
            yield follow(entry["link"], published)
            continue
        text = html_to_text(_normalise(entry["body"]))
        if not text.strip():
            yield Rejected(where, "feed entry has no text (no content or summary)", entry["title"])
            continue
        yield _make_article(
            text,
            origin=where,
            title=html_to_text(entry["title"]),
            article_id=entry["id"].strip(),
            published=published,
            url=entry["link"].strip(),
        )


def read_feed(
    path: Path, *, default_date: date | None = None, follow: FollowLink | None = None
) -> Iterator[Article | Rejected]:
    """An RSS or Atom file (`.gz` through gzip)."""
    data = _read_bytes(Path(path))
    if isinstance(data, Rejected):
        yield data
        return
    if not data.strip():
        yield Rejected(origin=str(path), problem="empty file")
        return
    yield from parse_feed(data, origin=str(path), default_date=default_date, follow=follow)
