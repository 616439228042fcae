"""owlgraph.views.page in real headless Chromium (Debian's /usr/bin/chromium via Playwright).

One browser per module; every request that is not file:/data: is blocked and counted.
"""

from pathlib import Path

import networkx as nx
import pytest

from owlgraph.views.page import write_html

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
INJECTION = '<img src=x onerror="window.__pwned=1">'


def owl_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node(
        "ex:itsowl",
        label="it's OWL",
        type="Initiative",
        iri="ex:itsowl",
        sector="Industrie 4.0",
        website="https://www.its-owl.de",
        evidence=["it's OWL ist ein Technologie-Netzwerk"],
        betweenness=0.4,
    )
    G.add_node(
        "ex:food", label="Food Processing OWL", type="Initiative", iri="ex:food", sector="Lebensmittel", betweenness=0.2
    )
    G.add_node("ex:owlgmbh", label="OstWestfalenLippe GmbH", type="Organisation", iri="ex:owlgmbh", betweenness=0.3)
    G.add_node(
        "ex:evil",
        label=INJECTION,
        type="Organisation",
        iri="ex:evil",
        website="javascript:window.__pwned=3",
        evidence=["</script><script>window.__pwned=2</script>"],
    )
    G.add_node("ex:p1", label="Herbert Weber", type="Person", iri="ex:p1", betweenness=0.1)
    G.add_node("ex:sec", label="Lebensmittel", type="Sector", iri="ex:sec")
    G.add_node("ex:ev", label="Tag der Industrie", type="Event", iri="ex:ev")
    for i in range(10):
        G.add_node(
            f"ex:o{i}",
            label=f"Firma {i} GmbH",
            type="Organisation",
            iri=f"ex:o{i}",
            sector=["Industrie 4.0", "Lebensmittel"][i % 2],
            betweenness=0.01 * i,
        )
        G.add_edge(
            f"ex:o{i}", "ex:itsowl" if i % 2 == 0 else "ex:food", label="memberOf", evidence=[f"Firma {i} ist Mitglied"]
        )
    G.add_edge("ex:p1", "ex:owlgmbh", label="heads", weight=1.0)
    G.add_edge("ex:owlgmbh", "ex:itsowl", label="supports")
    G.add_edge("ex:owlgmbh", "ex:itsowl", label="coordinates")
    G.add_edge("ex:evil", "ex:itsowl", label="memberOf")
    G.add_edge("ex:food", "ex:sec", label="inSector")
    G.add_edge("ex:ev", "ex:food", label="organisedBy")
    return G


class Loaded:
    def __init__(self, page, blocked, errors):
        self.page, self.blocked, self.errors = page, blocked, errors


def open_view(browser, path: Path) -> Loaded:
    page = browser.new_page(viewport={"width": 1400, "height": 820})
    blocked, errors = [], []

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on(
        "console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: None if r.url.startswith(("file:", "data:", "blob:")) else blocked.append(r.url))
    page.goto(path.as_uri())
    # The page's CSP forbids eval, which wait_for_function's polling needs: wait on the DOM flag instead.
    page.wait_for_selector("html[data-ready='true']", state="attached", timeout=20_000)
    return Loaded(page, blocked, errors)


@pytest.fixture(scope="module")
def owl(browser, tmp_path_factory):
    G = owl_graph()
    path = write_html(
        G,
        tmp_path_factory.mktemp("views") / "owl.html",
        title="Branchennetzwerke in OWL",
        size_by="betweenness",
        view_name="browser-test",
        data_version="test-1",
    )
    loaded = open_view(browser, path)
    yield G, loaded
    loaded.page.close()


def test_page_is_offline_and_error_free(owl):
    _, v = owl
    assert v.blocked == []
    assert v.errors == []


def test_datasets_hold_the_whole_graph(owl):
    G, v = owl
    counts = v.page.evaluate("[owlgraphView.nodes.length, owlgraphView.edges.length]")
    assert counts == [G.number_of_nodes(), G.number_of_edges()]
    assert v.page.text_content("#shown-count") == f"{G.number_of_nodes()} of {G.number_of_nodes()} nodes shown"
    footer = v.page.text_content("#footer")
    assert (
        f"{G.number_of_nodes()} nodes · {G.number_of_edges()} edges" in footer
        and "browser-test" in footer
        and "test-1" in footer
    )


def test_injection_label_is_text_and_runs_nothing(owl):
    _, v = owl
    page = v.page
    page.fill("#search", "<img")
    page.press("#search", "Enter")
    assert page.text_content("#details h3") == INJECTION
    assert page.locator("#details img").count() == 0 and page.locator("#details a").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    page.keyboard.press("Escape")


def test_search_selects_and_details_show_evidence_and_link(owl):
    _, v = owl
    page = v.page
    page.fill("#search", "its o")
    assert page.locator("#search-results button").count() == 0  # "it's OWL" needs the apostrophe
    page.fill("#search", "it's")
    page.press("#search", "Enter")
    idx = page.evaluate("owlgraphView.info.findIndex(i => i.iri === 'ex:itsowl')")
    assert page.evaluate("owlgraphView.network.getSelectedNodes()") == [idx]
    assert page.text_content("#details h3") == "it's OWL"
    assert page.get_attribute("#details a", "href") == "https://www.its-owl.de"
    assert "Technologie-Netzwerk" in page.text_content("#details blockquote")
    page.keyboard.press("Escape")
    assert page.evaluate("owlgraphView.network.getSelectedNodes()") == []


def test_type_filter_hides_exactly_that_type(owl):
    G, v = owl
    page = v.page
    n = G.number_of_nodes()
    orgs = sum(1 for _, t in G.nodes(data="type") if t == "Organisation")
    page.uncheck("#type-filter input[data-type='Organisation']")
    assert page.text_content("#shown-count") == f"{n - orgs} of {n} nodes shown"
    assert page.evaluate("owlgraphView.nodes.get({filter: n => n.hidden}).length") == orgs
    page.check("#type-filter input[data-type='Organisation']")
    page.click("#legend button:has-text('Person')")  # the legend hides a type too
    assert page.text_content("#shown-count") == f"{n - 1} of {n} nodes shown"
    page.click("#reset-filters")
    page.select_option("#sector-filter", "Lebensmittel")
    in_sector = sum(1 for _, s in G.nodes(data="sector") if s == "Lebensmittel")
    assert page.text_content("#shown-count") == f"{in_sector} of {n} nodes shown"
    page.click("#reset-filters")
    assert page.text_content("#shown-count") == f"{n} of {n} nodes shown"


def test_canvas_is_drawn_and_screenshot_saved(owl):
    _, v = owl
    page = v.page
    page.click("#fit")
    page.wait_for_timeout(400)
    coloured = page.evaluate("""() => {
        const c = document.querySelector('#network canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n; }""")
    assert coloured > 5000
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "views-owl.png"))
    assert (ARTIFACTS / "views-owl.png").stat().st_size > 10_000
    assert v.errors == [] and v.blocked == []


def test_large_tier_draws_with_python_positions(browser, tmp_path):
    G = nx.gnm_random_graph(2500, 5000, seed=3)
    for i in G:
        G.nodes[i].update(label=f"N{i}", type=["Initiative", "Organisation", "Person"][i % 3], iri=f"ex:{i}")
    v = open_view(browser, write_html(G, tmp_path / "large.html"))
    assert v.page.evaluate("[owlgraphView.tier, owlgraphView.nodes.length, owlgraphView.edges.length]") == [
        "large",
        2500,
        5000,
    ]
    assert v.page.is_disabled("#freeze")
    assert v.errors == [] and v.blocked == []
    v.page.close()


def test_notebook_iframe_srcdoc_runs_sandboxed(browser):
    from owlgraph.views.page import view

    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_content(f"<!DOCTYPE html><meta charset='utf-8'>{view(owl_graph(), height=500)._repr_html_()}")
    frame = page.frame_locator("iframe")
    frame.locator("html[data-ready='true']").wait_for(state="attached", timeout=20_000)
    assert frame.locator("#shown-count").text_content() == "17 of 17 nodes shown"
    assert page.evaluate("window.__pwned") is None and errors == []
    page.close()


LONG_NAMES = [
    "Gesellschaft für Wirtschaftsförderung im Kreis Lippe mbH",
    "Industrie- und Handelskammer Ostwestfalen zu Bielefeld",
    "Fraunhofer-Institut für Entwurfstechnik Mechatronik IEM",
    "Zentrum für Innovation in der Gesundheitswirtschaft OWL",
    "Technische Hochschule Ostwestfalen-Lippe, Campus Lemgo",
    "Handwerkskammer Ostwestfalen-Lippe zu Bielefeld",
    "Bezirksregierung Detmold, Büro der Regierungspräsidentin",
    "Verband der Metall- und Elektroindustrie Ostwestfalen",
]

OVERLAPPING_LABELS = """() => {
  const v = owlgraphView, ids = v.nodes.getIds(), box = {};
  for (const id of ids) box[id] = v.network.getBoundingBox(id);  // the node with its drawn label
  let pairs = 0;
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) {
    const a = box[ids[i]], b = box[ids[j]];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) pairs++;
  }
  return pairs;
}"""


def test_long_names_round_one_hub_do_not_draw_over_each_other(browser, tmp_path):
    # eight long organisation names round one initiative: drawn in full on one line, six pairs of labels overlapped
    G = nx.Graph()
    G.add_node("ex:hub", label="Kreis Lippe", type="Initiative", iri="ex:hub")
    for i, name in enumerate(LONG_NAMES):
        G.add_node(f"ex:n{i}", label=name, type="Organisation", iri=f"ex:n{i}")
        G.add_edge("ex:hub", f"ex:n{i}", label="memberOf")
    v = open_view(browser, write_html(G, tmp_path / "long.html", title="long names"))
    try:
        assert v.errors == [] and v.page.evaluate("owlgraphView.drawn") is True
        assert v.page.evaluate(OVERLAPPING_LABELS) == 0
        # the drawn label may be cut; the tooltip, the details and the search keep every name in full
        assert sorted(v.page.evaluate("owlgraphView.info.map(i => i.label)")) == sorted([*LONG_NAMES, "Kreis Lippe"])
        titles = v.page.evaluate("owlgraphView.nodes.get().map(n => n.title.split('\\n')[0])")
        assert set(LONG_NAMES) <= set(titles)
    finally:
        v.page.close()
