"""Inputs beyond files: feeds, URL lists fetched from a local server, CSV with a column map."""

from __future__ import annotations

import gzip
import io
import json
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from detente.errors import InputError
from detente.ingest import iter_articles
from detente.ingest.feeds import html_to_text, looks_like_feed, parse_feed
from detente.ingest.fetch import Fetched, Fetcher, FetchOptions, fetch_articles, read_url_list
from detente.ingest.tabular import parse_columns, read_csv
from detente.types import Article, Rejected

# Texts written for these tests.
STORY_1 = "Kenya and Uganda agreed on Monday to reopen the border crossing at Busia."
STORY_2 = "Chilean officials accused Peru of delaying the water-sharing talks."

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Test wire</title>
<item><title>Border to reopen</title><link>http://127.0.0.1/a</link>
<guid>wire-1</guid><pubDate>Mon, 04 Mar 2024 10:00:00 +0000</pubDate>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>{STORY_1}</p><p>Trade is expected to resume.</p>]]></content:encoded>
</item>
<item><title>Water talks</title><link>http://127.0.0.1/b</link>
<description>&lt;b&gt;{STORY_2}&lt;/b&gt;</description></item>
<item><title>Empty</title><link>http://127.0.0.1/c</link></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom test</title>
<entry><id>urn:test:1</id><title>Water talks</title>
<link rel="alternate" href="http://127.0.0.1/w"/>
<published>2024-03-05T08:00:00Z</published>
<summary type="html">{STORY_2}</summary></entry>
</feed>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>x</title>
<description>Before &secret; after, and enough words to be a story.</description>
</item></channel></rss>"""

PAGE = f"""<html><head><title>Border to reopen</title></head><body>
<nav>Home | World | Sport</nav>
<article><h1>Border to reopen</h1>
<p>{STORY_1} Officials in both capitals welcomed the decision, saying it would help
traders who had waited for weeks at the crossing.</p>
<p>The two governments also agreed to hold further talks next month in Kampala on
customs rules and the movement of livestock across the frontier.</p></article>
<footer>Copyright</footer></body></html>"""


# -------------------------------------------------------------------------- feeds


def test_rss_items_become_articles() -> None:
    items = list(parse_feed(RSS.encode(), origin="feed.xml"))
    first, second, third = items
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.id == "wire-1" and first.title == "Border to reopen"
    assert first.text.startswith(STORY_1) and "\n" in first.text  # content, paragraphs kept
    assert first.published == date(2024, 3, 4) and first.url == "http://127.0.0.1/a"
    assert second.text == STORY_2  # escaped HTML summary reduced to text
    assert isinstance(third, Rejected) and "no text" in third.problem


def test_atom_entries_become_articles() -> None:
    (entry,) = parse_feed(ATOM.encode(), origin="feed.atom")
    assert isinstance(entry, Article)
    assert entry.id == "urn:test:1" and entry.published == date(2024, 3, 5)
    assert entry.url == "http://127.0.0.1/w" and entry.text == STORY_2


def test_feed_entities_are_not_resolved() -> None:
    items = list(parse_feed(XXE.encode(), origin="x.xml"))
    assert all("root:" not in getattr(i, "text", "") for i in items)


def test_not_a_feed_is_rejected_with_a_reason(tmp_path: Path) -> None:
    (item,) = parse_feed(b"<html><body>hi</body></html>", origin="page.xml")
    assert isinstance(item, Rejected) and "not an RSS or Atom feed" in item.problem
    path = tmp_path / "news.rss.gz"
    path.write_bytes(gzip.compress(RSS.encode()))
    found = [i for i in iter_articles([path]) if isinstance(i, Article)]
    assert len(found) == 2


def test_feed_sniffing_and_html_to_text() -> None:
    assert looks_like_feed(RSS.encode())
    assert looks_like_feed(b"{}", "application/atom+xml")
    assert not looks_like_feed(PAGE.encode(), "text/html")
    assert html_to_text("<p>One</p><p>Two <b>three</b></p>") == "One\nTwo three"


# ---------------------------------------------------------------------------- CSV


def test_parse_columns() -> None:
    assert parse_columns("text=body, date=published_at") == {
        "text": "body",
        "date": "published_at",
    }
    assert parse_columns(None) == {}
    with pytest.raises(InputError, match="FIELD=COLUMN"):
        parse_columns("text")
    with pytest.raises(InputError, match="unknown field 'body'"):
        parse_columns("body=text")


def test_csv_with_a_column_map(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "headline,body,published_at,link\n"
        f'Border,"{STORY_1}",2024-03-04,http://x/1\n'
        f'Water,"{STORY_2}",not a date,http://x/2\n'
        "Empty,,2024-03-05,http://x/3\n",
        encoding="utf-8",
    )
    columns = parse_columns("text=body,date=published_at,title=headline,url=link")
    ok, bad_date, empty = read_csv(path, columns)
    assert isinstance(ok, Article)
    assert (ok.title, ok.text, ok.published, ok.url) == (
        "Border",
        STORY_1,
        date(2024, 3, 4),
        "http://x/1",
    )
    assert isinstance(bad_date, Rejected) and bad_date.origin == f"{path}:3"
    assert "bad date" in bad_date.problem
    assert isinstance(empty, Rejected) and "no text in column 'body'" in empty.problem
    # The same through iter_articles, and a map naming a missing column.
    assert len(list(iter_articles([path], columns=columns))) == 3
    (missing,) = read_csv(path, {"text": "content"})
    assert isinstance(missing, Rejected) and "not in the header" in missing.problem


def test_tsv_and_jsonl_with_a_column_map(tmp_path: Path) -> None:
    tsv = tmp_path / "news.tsv"
    tsv.write_text(f"text\tdate\n{STORY_2}\t2024-03-05\n", encoding="utf-8")
    (article,) = iter_articles([tsv])
    assert isinstance(article, Article) and article.published == date(2024, 3, 5)
    jsonl = tmp_path / "other.jsonl"
    line = json.dumps({"body": STORY_1, "when": "2024-03-06"})
    jsonl.write_text(f'{line}\n{{"body": 3}}\n', encoding="utf-8")
    first, second = iter_articles([jsonl], columns={"text": "body", "date": "when"})
    assert isinstance(first, Article) and first.published == date(2024, 3, 6)
    assert isinstance(second, Rejected) and second.origin == f"{jsonl}:2"


# ---------------------------------------------------------------- local HTTP server


class _Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}
    times: list[tuple[str, float]] = []

    def log_message(self, *args: object) -> None:  # keep test output quiet
        return None

    def _send(self, status: int, body: bytes, ctype: str = "text/html", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k.replace("_", "-"), v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        n = self.hits[self.path] = self.hits.get(self.path, 0) + 1
        self.times.append((self.path, time.monotonic()))
        if self.path == "/page":
            self._send(200, PAGE.encode())
        elif self.path == "/flaky":  # two 503s, then the page
            if n <= 2:
                self._send(503, b"busy", Retry_After="0")
            else:
                self._send(200, PAGE.encode())
        elif self.path == "/down":
            self._send(503, b"busy")
        elif self.path == "/missing":
            self._send(404, b"no")
        elif self.path == "/slow":
            time.sleep(1.0)
            self._send(200, PAGE.encode())
        elif self.path == "/big":
            self._send(200, b"<html>" + b"x" * 50_000 + b"</html>")
        elif self.path == "/feed":
            self._send(200, RSS.encode(), "application/rss+xml")
        else:
            self._send(404, b"no")


@pytest.fixture()
def server() -> Iterator[str]:
    _Handler.hits = {}
    _Handler.times = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _fast(**changes: float) -> FetchOptions:
    base = {"timeout": 5.0, "retries": 2, "backoff": 0.01, "per_host_interval": 0.0}
    return FetchOptions(**{**base, **changes})  # type: ignore[arg-type]


def test_fetch_retries_a_503_then_succeeds(server: str) -> None:
    with Fetcher(_fast()) as fetcher:
        result = fetcher.get(f"{server}/flaky")
    assert isinstance(result, Fetched) and b"Busia" in result.body
    assert _Handler.hits["/flaky"] == 3


def test_fetch_gives_up_and_says_why(server: str) -> None:
    with Fetcher(_fast()) as fetcher:
        down = fetcher.get(f"{server}/down")
        missing = fetcher.get(f"{server}/missing")
        bad = fetcher.get("ftp://127.0.0.1/x")
    assert isinstance(down, Rejected) and down.problem == "HTTP 503 (gave up after 3 tries)"
    assert _Handler.hits["/down"] == 3
    assert isinstance(missing, Rejected) and missing.problem == "HTTP 404"
    assert _Handler.hits["/missing"] == 1  # a 404 is not retried
    assert isinstance(bad, Rejected) and "not an http(s) URL" in bad.problem


def test_fetch_timeout(server: str) -> None:
    with Fetcher(_fast(timeout=0.2, retries=1)) as fetcher:
        result = fetcher.get(f"{server}/slow")
    assert isinstance(result, Rejected) and "timed out" in result.problem


def test_fetch_size_cap(server: str) -> None:
    with Fetcher(_fast(max_bytes=10_000)) as fetcher:
        result = fetcher.get(f"{server}/big")
        ok = fetcher.get(f"{server}/page")
    assert isinstance(result, Rejected) and "too large" in result.problem
    assert isinstance(ok, Fetched)


def test_fetch_keeps_a_polite_interval_per_host(server: str) -> None:
    with Fetcher(_fast(per_host_interval=0.3)) as fetcher:
        for _ in range(3):
            assert isinstance(fetcher.get(f"{server}/page"), Fetched)
    stamps = [t for path, t in _Handler.times if path == "/page"]
    gaps = [b - a for a, b in zip(stamps, stamps[1:], strict=False)]
    assert len(gaps) == 2 and min(gaps) >= 0.28


def test_url_list_pages_and_feeds(server: str, tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(
        f"# pages to read\n{server}/page\n\n{server}/feed\nnot-a-url\n{server}/missing\n",
        encoding="utf-8",
    )
    urls = list(read_url_list(listing))
    assert isinstance(urls[2], Rejected) and urls[2].origin == f"{listing}:5"
    with Fetcher(_fast()) as fetcher:
        items = list(fetch_articles(urls, fetcher, known=lambda batch: set()))
    articles = [i for i in items if isinstance(i, Article)]
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert articles[0].url == f"{server}/page" and STORY_1 in articles[0].text
    assert [a.id for a in articles[1:]] == ["wire-1", articles[2].id]  # the feed's items
    assert {r.problem for r in rejected} >= {"not an http(s) URL", "HTTP 404"}
    # A resumed run skips URLs the store already holds, without fetching them.
    before = _Handler.hits["/page"]
    with Fetcher(_fast()) as fetcher:
        again = list(fetch_articles([f"{server}/page"], fetcher, known=lambda b: set(b)))
    assert again == [] and _Handler.hits["/page"] == before


@pytest.mark.model
def test_cli_ingests_a_url_list(server: str, tmp_path: Path) -> None:
    from detente.cli import main

    listing = tmp_path / "urls.txt"
    listing.write_text(f"{server}/page\n{server}/missing\n", encoding="utf-8")
    db = tmp_path / "web.duckdb"
    out, err = io.StringIO(), io.StringIO()
    code = main(["ingest", "--urls", str(listing), "--db", str(db)], out=out, err=err)
    assert code == 0, err.getvalue()
    assert "1 new" in err.getvalue() and "HTTP 404" in err.getvalue()
    listing.write_text(f"{server}/page\n", encoding="utf-8")
    err2 = io.StringIO()
    assert main(["ingest", "--urls", str(listing), "--db", str(db)], out=out, err=err2) == 0
    assert _Handler.hits["/page"] == 1  # stored already: not fetched again
