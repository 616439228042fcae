"""The published site in real headless Chromium, opened from disk (file://).

Every request that leaves the site's folder is blocked and counted; a crawl from the index
follows every link and frame, checks that each target exists, and loads every page.
"""

from collections import deque
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def article_site(tmp_path_factory):
    from owlgraph.publishing.site import publish

    return publish(out=tmp_path_factory.mktemp("publish") / "site", created="2026-01-01T00:00:00Z")


class Visitor:
    """One browser context for a site: counts requests outside it and console errors per page."""

    def __init__(self, browser, site: Path):
        self.root = site.resolve().as_uri() + "/"
        self.context = browser.new_context(viewport={"width": 1200, "height": 800})
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.root) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, url: str, *, wait_until: str = "load"):
        page = self.context.new_page()
        page.on(
            "console", lambda m: self.errors.append(f"{url}: console {m.type}: {m.text}") if m.type == "error" else None
        )
        page.on("pageerror", lambda e: self.errors.append(f"{url}: pageerror: {e}"))
        page.goto(url, wait_until=wait_until)
        return page

    def visit(self, url: str, *, wait_until: str = "load"):
        """Load ``url`` in the one tab the crawl navigates (a new tab per page took three times as long)."""
        if not hasattr(self, "_tab"):
            self._tab = self.context.new_page()
            self._tab.on(
                "console",
                lambda m: self.errors.append(f"{self._url}: console {m.type}: {m.text}") if m.type == "error" else None,
            )
            self._tab.on("pageerror", lambda e: self.errors.append(f"{self._url}: pageerror: {e}"))
        self._url = url
        self._tab.goto(url, wait_until=wait_until)
        return self._tab

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def crawl(browser, article_site):
    """Load every page reachable from the index; collect broken links, outside requests, errors."""
    visitor = Visitor(browser, article_site)
    start = visitor.root + "index.html"
    queue, seen, broken = deque([start]), {start}, []
    while queue:
        url = queue.popleft()
        # a resource page's ego view (a lazy frame) is loaded on its own, as a page of the crawl
        page = visitor.visit(url, wait_until="load" if url.endswith(".ego.html") else "domcontentloaded")
        targets = page.eval_on_selector_all(
            "a[href], iframe[src], link[href], script[src]",
            "els => els.map(e => e.getAttribute('href') || e.getAttribute('src'))",
        )
        for target in targets:
            if urlsplit(target).scheme in ("http", "https", "mailto"):
                continue
            absolute, _ = urldefrag(urljoin(url, target))
            if not absolute.startswith(visitor.root):
                broken.append(f"{url} -> {target} (outside the site)")
                continue
            path = Path(unquote(urlsplit(absolute).path))
            if not path.is_file():
                broken.append(f"{url} -> {target}")
            elif absolute.endswith(".html") and absolute not in seen:
                seen.add(absolute)
                queue.append(absolute)
    yield visitor, seen, broken
    visitor.close()


def test_every_page_loads_offline_without_console_errors(crawl):
    visitor, seen, _ = crawl
    assert len(seen) > 100
    assert visitor.outside == []
    assert visitor.errors == []


def test_crawl_from_the_index_reaches_every_resource_page_with_no_broken_link(crawl, article_site):
    _, seen, broken = crawl
    assert broken == []
    pages = {p.resolve().as_uri() for p in (article_site / "id").rglob("*.html")}
    assert pages and pages <= seen


def test_search_finds_an_initiative_by_part_of_its_name(browser, article_site):
    visitor = Visitor(browser, article_site)
    try:
        page = visitor.open(visitor.root + "index.html")
        page.fill("#q", "maschinen")
        page.wait_for_selector("#hits li")
        hits = page.eval_on_selector_all("#hits li a", "els => els.map(e => [e.textContent, e.getAttribute('href')])")
        assert ["OWL Maschinenbau", "id/initiative/owl-maschinenbau.html"] in hits
        page.click("text=OWL Maschinenbau")
        page.wait_for_load_state("load")
        assert page.text_content("h1") == "OWL Maschinenbau"
        assert visitor.outside == [] and visitor.errors == []
    finally:
        visitor.close()


def test_a_resource_page_shows_its_evidence_and_its_network(browser, article_site):
    visitor = Visitor(browser, article_site)
    try:
        page = visitor.open(visitor.root + "id/person/herbert-weber.html")
        quotes = page.eval_on_selector_all(".ev q", "els => els.map(e => e.textContent)")
        assert "Herbert Weber, Geschäftsführer der OstWestfalenLippe GmbH" in quotes
        inferred = page.eval_on_selector_all(".inferred", "els => els.map(e => e.textContent)")
        assert inferred and all(text.startswith("inferred: ") and len(text) > 20 for text in inferred)
        frame = page.frame_locator("iframe.ego")
        frame.locator("html[data-ready='true']").wait_for(state="attached", timeout=20_000)
        assert visitor.outside == [] and visitor.errors == []
    finally:
        visitor.close()
