"""Fast tests of owlgraph.views.page and owlgraph.network.subnetwork (no browser)."""

import copy
import html
import json
import re
import time

import networkx as nx
import pytest

from owlgraph.core.errors import EmptyResultError, ViewError
from owlgraph.network.subnetwork import select_subnetwork
from owlgraph.views import page as views
from owlgraph.views.page import View, render_html, view, write_html

INJECTION = '<img src=x onerror="window.__pwned=1">'


def typed_graph(cls=nx.MultiDiGraph):
    G = cls()
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
        "ex:evil",
        label=INJECTION,
        type="Organisation",
        iri="ex:evil",
        website="javascript:alert(1)",
        evidence=["</script><script>window.__pwned=2</script>"],
        note="a\u2028b & <c>",
    )
    G.add_node("ex:p1", label="Herbert Weber", type="Person", iri="ex:p1", betweenness=0.1)
    G.add_node("ex:food", label="Food Processing OWL", type="Initiative", iri="ex:food", sector="Lebensmittel")
    G.add_edge("ex:evil", "ex:itsowl", label="memberOf</script>", evidence=["quote"])
    G.add_edge("ex:p1", "ex:itsowl", label="heads", weight=2.0)
    G.add_edge("ex:p1", "ex:food", label="memberOf")
    return G


def page_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="owlgraph-data">(.*?)</script>', page, re.S)
    return json.loads(m.group(1))


def synthetic(n: int, seed: int = 1) -> nx.Graph:
    G = nx.gnm_random_graph(n, 2 * n, seed=seed)
    types = ["Initiative", "Organisation", "Person", "Sector", "Event"]
    for i in G:
        G.nodes[i].update(label=f"Node {i}", type=types[i % 5], iri=f"ex:n{i}", sector=f"S{i % 7}")
    for u, v in G.edges:
        G.edges[u, v]["label"] = "relatedTo"
    return G


def test_injection_label_never_appears_as_markup():
    page = render_html(typed_graph())
    assert INJECTION not in page
    assert "window.__pwned=2</script>" not in page
    data = page_data(page)
    assert any(i["label"] == INJECTION for i in data["info"])


def test_embedded_json_has_no_breakout_characters():
    page = render_html(typed_graph(), title="T", view_name="</script>", data_version="v<1>")
    raw = re.search(r'id="owlgraph-data">(.*?)</script>', page, re.S).group(1)
    assert not re.search("[<>&\u2028\u2029]", raw)
    assert page_data(page)["viewName"] == "</script>"


def test_title_is_escaped():
    page = render_html(typed_graph(), title=INJECTION)
    assert f"<title>{html.escape(INJECTION)}</title>" in page


def test_only_http_links_survive():
    info = {i["iri"]: i for i in page_data(render_html(typed_graph()))["info"]}
    assert info["ex:itsowl"]["website"] == "https://www.its-owl.de"
    assert info["ex:evil"]["website"] is None


def test_page_is_offline_with_strict_csp():
    page = render_html(typed_graph())
    assert f'content="{views.CSP}"' in page
    assert "default-src 'none'" in views.CSP
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=", page, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?https?:", page, re.I)


def test_vendored_vis_network_is_the_pinned_copy():
    assert views.vis_network_sha256() == views.VIS_NETWORK_SHA256
    head = (views.Path(views.__file__).parent / "static" / "vis-network.min.js").read_text()[:400]
    assert f"@version {views.VIS_NETWORK_VERSION}" in head
    assert (views.Path(views.__file__).parent / "static" / "vis-network.LICENSE-MIT").exists()


def test_render_does_not_mutate_the_graph():
    G = typed_graph()
    before = copy.deepcopy((dict(G.nodes(data=True)), list(G.edges(keys=True, data=True)), G.graph))
    render_html(G, size_by="betweenness")
    assert (dict(G.nodes(data=True)), list(G.edges(keys=True, data=True)), G.graph) == before


@pytest.mark.parametrize(
    "n, tier, physics, positions",
    [(50, "small", True, False), (800, "medium", True, False), (3000, "large", False, True)],
)
def test_size_tiers(n, tier, physics, positions):
    data = page_data(render_html(synthetic(n)))
    opts = data["options"]
    assert data["tier"] == tier
    assert opts["physics"]["enabled"] is physics
    assert opts["layout"]["randomSeed"] == 42
    assert all(("x" in nd) is positions for nd in data["nodes"])
    labelled = sum(1 for nd in data["nodes"] if nd["label"])
    assert labelled == n if tier == "small" else labelled <= views.TOP_LABELS[tier]
    if tier != "small":
        assert opts["layout"]["improvedLayout"] is False and opts["interaction"]["hideEdgesOnDrag"]
        assert not any("label" in e for e in data["edges"])
    if tier == "medium":
        assert data["freezeAfterStabilization"] and opts["physics"]["stabilization"]["iterations"] == 200


def test_edge_labels_on_small_graphs():
    assert all(e["label"] for e in page_data(render_html(typed_graph()))["edges"])


def test_large_view_is_fast_and_reproducible():
    G = synthetic(5000)
    t = time.perf_counter()
    a = render_html(G, seed=7)
    assert time.perf_counter() - t < 2.0  # target < 1 s; slack for a loaded CI machine
    assert a == render_html(G, seed=7)
    assert a != render_html(G, seed=8)


def test_too_large_network_names_the_ways_out():
    with pytest.raises(ViewError, match=r"--top N.*--ego NODE --radius K.*--sector S.*GEXF"):
        render_html(synthetic(120), max_nodes=100)


def test_unknown_attributes_are_one_line_errors():
    with pytest.raises(ViewError, match=r"size_by 'pagerank'.*betweenness"):
        render_html(typed_graph(), size_by="pagerank")
    with pytest.raises(ViewError, match=r"color_by 'colour'"):
        render_html(typed_graph(), color_by="colour")
    with pytest.raises(ViewError, match=r"expected a networkx graph"):
        render_html({"a": 1})


def test_legend_counts_and_other_category():
    G = nx.Graph()
    for i in range(30):
        G.add_node(i, label=str(i), type="T", community=i % 12)
    legend = page_data(render_html(G, color_by="community"))["legend"]
    assert len(legend) == len(views.PALETTE) + 1
    assert legend[-1]["color"] == views.OTHER_COLOR and legend[-1]["label"].startswith("Other")
    assert sum(e["count"] for e in legend) == 30


def test_known_types_keep_their_colour():
    legend = page_data(render_html(typed_graph()))["legend"]
    assert [e["label"] for e in legend][:3] == ["Initiative", "Organisation", "Person"]
    assert legend[0]["color"] == views.PALETTE[0]


def test_view_repr_is_a_sandboxed_srcdoc_iframe():
    out = view(typed_graph(), height=500)._repr_html_()
    assert out.startswith('<iframe srcdoc="') and "allow-scripts" in out and "allow-same-origin" not in out
    srcdoc = html.unescape(re.search(r'srcdoc="([^"]*)"', out).group(1))
    assert srcdoc.startswith("<!DOCTYPE html>") and 'id="owlgraph-data"' in srcdoc
    assert INJECTION not in out


def test_write_html_is_utf8(tmp_path):
    G = typed_graph()
    G.nodes["ex:p1"]["label"] = "Müller – Bielefeld ✓"
    out = write_html(G, tmp_path / "sub" / "v.html")
    assert "Müller – Bielefeld ✓" in out.read_bytes().decode("utf-8")
    assert isinstance(View(out.read_text(encoding="utf-8")), View)


def test_an_empty_network_is_refused_not_rendered_as_an_endless_page():
    with pytest.raises(EmptyResultError, match="no nodes, so there is nothing to show"):
        render_html(nx.Graph())


# ---- subnetwork


def test_ego_subnetwork_by_iri_or_label_and_no_mutation():
    G = typed_graph()
    before = copy.deepcopy(dict(G.nodes(data=True)))
    H = select_subnetwork(G, ego="Herbert Weber", radius=1)
    assert set(H) == {"ex:p1", "ex:itsowl", "ex:food"}
    H.nodes["ex:itsowl"]["evidence"].append("changed")
    assert dict(G.nodes(data=True)) == before
    assert type(H) is type(G)


def test_unknown_ego_and_sector_are_named():
    with pytest.raises(ViewError, match=r"ego node 'ex:nobody' not found"):
        select_subnetwork(typed_graph(), ego="ex:nobody")
    with pytest.raises(ViewError, match=r"sector 'Mining' not found; use one of: Industrie 4.0, Lebensmittel"):
        select_subnetwork(typed_graph(), sector="Mining")


def test_top_and_sector_selection():
    G = typed_graph()
    assert set(select_subnetwork(G, top=1)) == {"ex:itsowl"}
    assert set(select_subnetwork(G, top=2, by="betweenness")) == {"ex:itsowl", "ex:p1"}
    assert set(select_subnetwork(G, sector="lebensmittel")) == {"ex:food", "ex:p1"}
    with pytest.raises(ViewError, match=r"top 0"):
        select_subnetwork(G, top=0)
