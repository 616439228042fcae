"""owlgraph.to_pyvis: a pyvis Network with owlgraph's styling, text-only labels, filled in one step.

The page is opened in real headless Chromium (Debian's /usr/bin/chromium via Playwright), with
every request that is not file:/data: blocked.
"""

import networkx as nx
import pytest

import owlgraph
from owlgraph.core.errors import ViewError
from owlgraph.views.page import PALETTE

INJECTION = "<img src=x onerror=alert(1)>"
LINK = '<a href="javascript:alert(2)">Sägewerk Nord</a>'


def wood_network() -> nx.DiGraph:
    """A made-up network (not the article) with hostile labels and evidence."""
    G = nx.DiGraph()
    G.add_node("ex:cluster", label="Holzcluster Sauerland", type="Initiative", sector="Holzwirtschaft", betweenness=0.6)
    G.add_node("ex:evil", label=INJECTION, type="Organisation", evidence=["</script><script>alert(3)</script>"])
    G.add_node("ex:link", label=LINK, type="Organisation", betweenness=0.1)
    G.add_node("ex:p", label="Jana Beispiel", type="Person", betweenness=0.3)
    G.add_edge("ex:evil", "ex:cluster", label="memberOf", evidence=["<b>Mitglied</b>"])
    G.add_edge("ex:link", "ex:cluster", label="memberOf", weight=2.0)
    G.add_edge("ex:p", "ex:link", label="headOf")
    return G


def test_nodes_are_coloured_by_type_and_sized_by_a_measure():
    G = wood_network()
    net = owlgraph.to_pyvis(G, size_by="betweenness")
    by_label = {n["label"]: n for n in net.nodes}
    assert by_label["Holzcluster Sauerland"]["color"] == PALETTE[0]  # Initiative, as in owlgraph's views
    assert by_label[INJECTION]["color"] == by_label[LINK]["color"] == PALETTE[1]
    assert by_label["Holzcluster Sauerland"]["value"] == 0.6 and by_label[INJECTION]["value"] == 0.0
    assert "Evidence: “</script><script>alert(3)</script>”" in by_label[INJECTION]["title"]
    assert [e.get("arrows") for e in net.edges] == ["to"] * 3


def test_a_5000_edge_network_converts_edge_for_edge():
    G = nx.gnm_random_graph(2_500, 5_000, seed=3)
    nx.set_node_attributes(G, {n: ["Initiative", "Organisation"][n % 2] for n in G}, "type")
    net = owlgraph.to_pyvis(G, size_by="degree")
    assert net.get_nodes() == list(range(2_500))
    assert sorted((min(e["from"], e["to"]), max(e["from"], e["to"])) for e in net.edges) == sorted(
        (min(u, v), max(u, v)) for u, v in G.edges
    )
    assert [n["value"] for n in net.nodes] == [float(d) for _, d in G.degree()]
    net.add_node(2_500, label="added later")  # still an ordinary pyvis network
    net.add_edge(0, 2_500)
    assert len(net.edges) == 5_001


def test_unknown_attributes_are_refused():
    with pytest.raises(ViewError, match="size_by 'closeness'"):
        owlgraph.to_pyvis(wood_network(), size_by="closeness")
    with pytest.raises(ViewError, match="color_by 'community'"):
        owlgraph.to_pyvis(wood_network(), color_by="community")


def test_pyvis_page_renders_without_network_access_and_labels_stay_text(browser, tmp_path):
    G = wood_network()
    net = owlgraph.to_pyvis(G, size_by="betweenness", heading=INJECTION)
    for i, node in enumerate(net.nodes):  # fixed positions, so the test can point at a node
        node.update(x=300 * (i % 2), y=300 * (i // 2))
    net.toggle_physics(False)
    net.show_buttons(filter_=["nodes"])
    path = tmp_path / "wood.html"
    net.write_html(str(path), open_browser=False)

    page = browser.new_page(viewport={"width": 1200, "height": 900})
    blocked, errors, dialogs = [], [], []

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_function("typeof network !== 'undefined' && network.body.data.nodes.length === 4")
    assert page.evaluate("network.body.data.edges.length") == 3
    assert page.locator(".vis-configuration-wrapper").count() == 1  # show_buttons works
    for index, label in [(1, INJECTION), (2, LINK)]:
        box = page.locator("#mynetwork canvas").bounding_box()
        x, y = page.evaluate(
            f"(() => {{ const p = network.getPositions([{index}])[{index}]; const d = network.canvasToDOM(p); return [d.x, d.y]; }})()"
        )
        page.mouse.move(box["x"] + x, box["y"] + y)
        tooltip = page.locator(".vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        # shown as the characters it is made of ("href" carries a zero-width space: see pyvis_network)
        assert label in tooltip.inner_text().replace("\u200b", "")
        page.mouse.move(1, 1)
        page.wait_for_timeout(200)
    # no element made from the data: the tooltip holds text and the line breaks of innerText only
    found = page.evaluate(
        "Array.from(document.querySelectorAll('img, #mynetwork a, .vis-tooltip :not(br)')).map(e => e.outerHTML)"
    )
    assert found == []
    assert INJECTION in page.locator("h1").first.inner_text()
    assert dialogs == [] and errors == []
    # vis-network is in the page; pyvis's template links only Bootstrap from a CDN, whatever cdn_resources says
    assert blocked and all("/bootstrap@" in url for url in blocked)
    page.close()
