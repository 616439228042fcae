"""The review page of ``owlgraph extract --review`` in real headless Chromium: offline, no script, every
evidence span highlighted and linked to its draft entry, entities of the existing graph marked."""

import re
from pathlib import Path

import pytest

from owlgraph.extraction.extractor import extract

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
TEXT = ROOT / "tests" / "data" / "extraction" / "pressemitteilung-holzbau.txt"


@pytest.fixture(scope="module")
def page(tmp_path_factory, browser):
    folder = tmp_path_factory.mktemp("review")
    hostile = folder / "hostile.txt"  # a source that tries to inject markup and fetch from the network
    hostile.write_text(
        TEXT.read_text(encoding="utf-8").replace(
            "Weitere Informationen:",
            'Weitere Informationen <img src="https://example.org/x.png" onerror="window.p=1">:',
        ),
        encoding="utf-8",
    )
    draft = extract(hostile, review=folder / "review.html")  # linked to the built-in graph
    pg = browser.new_page()  # the session's headless Chromium (tests/conftest.py)
    requests = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.goto((folder / "review.html").as_uri())
    yield pg, draft, requests
    pg.close()


def test_review_page_is_offline_and_shows_markup_as_text(page):
    pg, _, requests = page
    assert [u for u in requests if not u.startswith("file:")] == []
    assert pg.evaluate("window.p") is None and pg.locator("pre img").count() == 0
    assert '<img src="https://example.org/x.png"' in pg.locator("pre").inner_text()


def test_every_evidence_span_links_to_its_draft_entry(page):
    pg, draft, _ = page
    spans = pg.locator("pre a.span")
    targets = set(spans.evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    rows = set(pg.locator("tr[id^=entry-]").evaluate_all("els => els.map(e => '#' + e.id)"))
    assert targets <= rows and len(rows) == len(draft.entities) + len(draft.facts)
    shown = pg.locator("tr[id^=entry-] a[href^='#span-']").count()
    assert shown == len(rows)  # every entry can jump back to its first highlighted span
    pg.locator("pre a.span", has_text="Tischlerei Brand GmbH").first.click()
    assert re.search(r"#entry-\d+$", pg.url)
    assert "tischlerei-brand-gmbh" in pg.locator(f"tr{pg.url[pg.url.index('#') :]}").inner_text()


def test_entities_already_in_the_graph_are_marked(page):
    pg, draft, _ = page
    linked = [e for e in draft.entities.values() if e.linked]
    assert any(e.id == "detmold" for e in linked)
    assert pg.locator("td .badge").count() == len(linked)
    assert pg.locator("pre a.span.linked", has_text="Detmold").count() >= 1
