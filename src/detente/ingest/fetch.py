"""Fetching web pages and feeds politely: retries, timeouts, a size cap, a per-host pace.

`Fetcher.get(url)` returns the body or a `Rejected` saying why not; it never raises for a
network problem. `fetch_articles(urls)` reads each page through trafilatura (and each
feed item by item), skipping URLs the store already holds.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from itertools import islice
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from detente import __version__
from detente.ingest.feeds import looks_like_feed, parse_feed
from detente.ingest.readers import _payload, read_html_string
from detente.types import Article, Rejected

LOGGER = logging.getLogger(__name__)

# Defaults below follow common crawler etiquette (one request per host per second, as
# Scrapy's AutoThrottle starts at and many robots.txt Crawl-delay lines ask) and news-page
# sizes (a news page with inline scripts is rarely over 2 MB; 5 MB leaves room).
USER_AGENT = f"detente/{__version__} (news event coder; +https://pypi.org/project/detente/)"
TIMEOUT_SECONDS = 20.0
MAX_BYTES = 5 * 1024 * 1024
RETRIES = 3
BACKOFF_SECONDS = 1.0
# A Retry-After longer than this is not waited for: the URL is given up on.
MAX_RETRY_AFTER_SECONDS = 60.0
PER_HOST_INTERVAL_SECONDS = 1.0
# Statuses worth retrying: too many requests and the transient server errors.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# URLs checked against the store at a time, before fetching.
URL_CHUNK = 64


@dataclass(frozen=True, slots=True)
class FetchOptions:
    timeout: float = TIMEOUT_SECONDS
    max_bytes: int = MAX_BYTES
    retries: int = RETRIES
    backoff: float = BACKOFF_SECONDS
    per_host_interval: float = PER_HOST_INTERVAL_SECONDS
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    body: bytes
    content_type: str


class TooLarge(Exception):
    pass


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError):
        return None


class Fetcher:
    """One HTTP client with retries, a size cap and a minimum interval per host."""

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.options = options or FetchOptions()
        self._sleep = sleep
        self._clock = clock
        # Host -> when its last request started; one entry per host, not per URL.
        self._last: dict[str, float] = {}
        self._client = httpx.Client(
            timeout=self.options.timeout,
            follow_redirects=True,
            headers={"User-Agent": self.options.user_agent},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _pace(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = last + self.options.per_host_interval - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last[host] = self._clock()

    def _once(self, url: str) -> httpx.Response | tuple[bytes, str]:
        """One request; (body, content type) on success, else the response to judge."""
        with self._client.stream("GET", url) as response:
            if response.status_code != 200:
                return response
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.options.max_bytes:
                raise TooLarge(f"{declared} bytes declared")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.options.max_bytes:
                    raise TooLarge(f"more than {self.options.max_bytes} bytes")
                chunks.append(chunk)
            return b"".join(chunks), response.headers.get("content-type", "")

    def get(self, url: str) -> Fetched | Rejected:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            return Rejected(origin=url, problem="not an http(s) URL", stage="fetch")
        problem = ""
        for attempt in range(self.options.retries + 1):
            if attempt:
                LOGGER.debug("retrying %s (%s), attempt %d", url, problem, attempt + 1)
            self._pace(parts.netloc)
            delay = self.options.backoff * (2**attempt)
            try:
                result = self._once(url)
            except TooLarge as exc:
                return Rejected(
                    origin=url,
                    problem=f"page too large ({exc}; the cap is {self.options.max_bytes})",
                    stage="fetch",
                )
            except httpx.TimeoutException:
                problem = f"timed out after {self.options.timeout:g} s"
            except httpx.HTTPError as exc:
                problem = f"request failed: {type(exc).__name__}: {exc}"
            else:
                if isinstance(result, tuple):
                    return Fetched(url=url, body=result[0], content_type=result[1])
                status = result.status_code
                problem = f"HTTP {status}"
                if status not in RETRY_STATUSES:
                    return Rejected(origin=url, problem=problem, stage="fetch")
                after = _retry_after(result)
                if after is not None:
                    if after > MAX_RETRY_AFTER_SECONDS:
                        return Rejected(
                            origin=url,
                            problem=f"{problem}, retry after {after:.0f} s",
                            stage="fetch",
                        )
                    delay = max(delay, after)
            if attempt < self.options.retries:
                self._sleep(delay)
        tries = self.options.retries + 1
        return Rejected(
            origin=url, problem=f"{problem} (gave up after {tries} tries)", stage="fetch"
        )


def read_url_list(path: Path) -> Iterator[str | Rejected]:
    """URLs from a file, one a line; blank lines and `#` comments skipped."""
    path = Path(path)
    try:
        fh = path.open(encoding="utf-8")
    except OSError as err:
        yield Rejected(origin=str(path), problem=f"cannot read URL list: {err.strerror or err}")
        return
    with fh:
        try:
            for lineno, line in enumerate(fh, start=1):
                url = line.strip()
                if not url or url.startswith("#"):
                    continue
                if urlsplit(url).scheme not in {"http", "https"}:
                    yield Rejected(f"{path}:{lineno}", "not an http(s) URL", url[:500], "fetch")
                    continue
                yield url
        except UnicodeDecodeError as err:
            yield Rejected(str(path), f"URL list is not valid UTF-8 (offset {err.start})")


def _read_fetched(
    fetched: Fetched, fetcher: Fetcher, default_date: date | None, follow_links: bool
) -> Iterator[Article | Rejected]:
    if looks_like_feed(fetched.body, fetched.content_type):
        follow = None
        if follow_links:

            def follow(link: str, published: date | None) -> Article | Rejected:
                page = fetcher.get(link)
                if isinstance(page, Rejected):
                    return page
                return read_html_string(
                    page.body, origin=link, default_date=published or default_date, url=link
                )

        yield from parse_feed(
            fetched.body, origin=fetched.url, default_date=default_date, follow=follow
        )
        return
    if b"\x00" in fetched.body[:8192]:
        yield Rejected(fetched.url, "binary content, not a page", _payload(fetched.body), "fetch")
        return
    yield read_html_string(
        fetched.body, origin=fetched.url, default_date=default_date, url=fetched.url
    )


def fetch_articles(
    urls: Iterable[str | Rejected],
    fetcher: Fetcher,
    *,
    default_date: date | None = None,
    known: Callable[[list[str]], set[str]] | None = None,
    follow_links: bool = False,
) -> Iterator[Article | Rejected]:
    """Fetch and read each URL (a page, or a feed item by item), in order.

    `known(urls)` returns those already stored; they are not fetched again (a resumed run).
    """
    it = iter(urls)
    while chunk := list(islice(it, URL_CHUNK)):
        plain = [u for u in chunk if isinstance(u, str)]
        skip = known(plain) if known is not None and plain else set()
        for url in chunk:
            if isinstance(url, Rejected):
                yield url
                continue
            if url in skip:
                LOGGER.debug("skipping %s: already stored", url)
                continue
            fetched = fetcher.get(url)
            if isinstance(fetched, Rejected):
                yield fetched
                continue
            yield from _read_fetched(fetched, fetcher, default_date, follow_links)
