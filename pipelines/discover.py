"""Discover: read the landing pages a source declares and list the releases not yet registered.

A source's `discovery` (source.yaml) names each landing page and how a release's link looks on
it: a pattern over the link's address or text, the rule that reads its date, and the registered
file whose layout a new release takes. A release is new when the registry holds no file of that
name and it is dated after the newest release the registry has of the same layout.

`base` (AGGSTATS_UPDATE_BASE_URL, `aggstats update --base-url`) replaces the scheme and host of
every landing page, and of the links on it to the same host, so tests can serve the pages from a
local server.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

import httpx
from bs4 import BeautifulSoup

from pipelines import release_dates
from pipelines.errors import LandingPageError
from pipelines.registry import ReleaseLink, Source

TIMEOUT_S = 60
USER_AGENT = "aggstats (open-source; https://github.com/aggstats)"


@dataclass(frozen=True)
class Release:
    source_id: str
    name: str  # the file name the release is kept under
    url: str  # where it is downloaded from
    page: str  # the landing page that links it
    text: str  # the link's text
    release_date: dt.date
    link: ReleaseLink

    @property
    def loadable(self) -> bool:
        return self.link.model is not None


def client() -> httpx.Client:
    return httpx.Client(
        timeout=TIMEOUT_S, follow_redirects=True, headers={"User-Agent": USER_AGENT}
    )


def new_releases(
    sources: list[Source], http: httpx.Client, base: str | None = None
) -> list[Release]:
    """Every release the sources' landing pages link to that the registry does not hold yet."""
    found = []
    for source in sources:
        known = {f.name for f in source.files}
        known_paths = {_path(u) for f in source.files for u in (f.url, *f.stands_for) if u}
        seen = set()
        for release in releases_on_pages(source, http, base):
            if release.name in known or _path(release.url) in known_paths or release.url in seen:
                continue
            if release.release_date <= _newest(source, release.link):
                continue  # an older release the registry chose not to hold
            seen.add(release.url)
            found.append(release)
    return sorted(found, key=lambda r: (r.source_id, r.release_date, r.name))


@dataclass(frozen=True)
class Survey:
    """What one watched source's landing pages list: its new releases, or why they could not
    be read."""

    source_id: str
    found: list[Release]
    unreachable: str | None = None


def survey(sources: list[Source], base: str | None = None) -> list[Survey]:
    """Every watched source's new releases, without downloading anything. Every source is
    tried: one whose pages cannot be read says why, and the others are still read."""
    outcomes = []
    with client() as http:
        for source in (s for s in sources if s.discovery):
            try:
                found = new_releases([source], http, base)
            except LandingPageError as exc:
                outcomes.append(Survey(source.source_id, [], str(exc)))
            else:
                outcomes.append(Survey(source.source_id, found))
    return outcomes


def releases_on_pages(source: Source, http: httpx.Client, base: str | None) -> Iterator[Release]:
    """Every link on the source's landing pages that a declaration recognises, dated."""
    for page in dict.fromkeys(link.page for link in source.discovery):
        url = rebase(page, base, page)
        anchors = _anchors(http, url, source.source_id)
        for link in (d for d in source.discovery if d.page == page):
            for href, text in anchors:
                address = rebase(urljoin(url, href), base, page)
                groups = _match(link, unquote(address), text)
                if groups is None:
                    continue
                if link.date == "last_modified":
                    groups["last_modified"] = _last_modified(http, address, source.source_id)
                yield Release(
                    source_id=source.source_id,
                    name=_name(address),
                    url=address,
                    page=url,
                    text=text,
                    release_date=release_dates.RULES[link.date](groups),
                    link=link,
                )


def rebase(url: str, base: str | None, page: str) -> str:
    """`url` with `base`'s scheme and host when it is on the landing page's host."""
    parts = urlsplit(url)
    if not base or parts.netloc != urlsplit(page).netloc:
        return url
    return base.rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")


def _anchors(http: httpx.Client, url: str, source_id: str) -> list[tuple[str, str]]:
    try:
        response = http.get(url)
    except httpx.HTTPError as exc:
        raise LandingPageError(
            f"{source_id}: could not read the landing page {url}: {exc}"
        ) from exc
    if response.status_code >= 400:
        raise LandingPageError(
            f"{source_id}: the landing page {url} answered HTTP {response.status_code} "
            f"{response.reason_phrase}"
        )
    soup = BeautifulSoup(response.text, "html.parser")
    anchors = soup.find_all("a", href=True)
    return [(str(a["href"]), " ".join(a.get_text().split())) for a in anchors]


def _match(link: ReleaseLink, address: str, text: str) -> dict[str, str] | None:
    groups: dict[str, str] = {}
    for pattern, subject in ((link.href, address), (link.text, text)):
        if pattern is None:
            continue
        found = re.search(pattern, subject, flags=re.IGNORECASE)
        if found is None:
            return None
        groups.update({k: v for k, v in found.groupdict().items() if v is not None})
    return groups


def _last_modified(http: httpx.Client, url: str, source_id: str) -> str:
    try:
        response = http.head(url)
    except httpx.HTTPError as exc:
        raise LandingPageError(f"{source_id}: could not date {url}: {exc}") from exc
    stamp = response.headers.get("last-modified")
    if response.status_code >= 400 or not stamp:
        raise LandingPageError(
            f"{source_id}: {url} gives no Last-Modified date (HTTP {response.status_code}), "
            "which its declaration reads the release date from"
        )
    return stamp


def _name(url: str) -> str:
    """The file name: the address's last segment, or its whole path when that has no suffix
    (EOIR's /eoir/media/1344791/dl)."""
    path = unquote(urlsplit(url).path).strip("/")
    last = path.rsplit("/", 1)[-1]
    return last if "." in last else path.replace("/", "-")


def _path(url: str) -> str:
    parts = urlsplit(url)
    return unquote(parts.path) + (f"?{parts.query}" if parts.query else "")


def _newest(source: Source, link: ReleaseLink) -> dt.date:
    """The newest release the registry holds of the layout a link's releases take (of any
    layout, for releases that are only listed)."""
    layout = next((f.layout for f in source.files if f.name == link.model), None)
    dates = [f.as_of for f in source.files if layout is None or f.layout == layout]
    return max(dates)
