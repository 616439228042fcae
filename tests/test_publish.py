"""owlgraph publish: the site's files, its dataset description, its limits (no browser here)."""

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS

from owlgraph.core.errors import ExportError, OwlgraphError
from owlgraph.publishing.dataset import DATASET, LICENCE, VOID, validate_description
from owlgraph.publishing.site import publish
from owlgraph.store.loading import load_graph

HERE = Path(__file__).parent
HARBOUR = HERE / "data" / "publish" / "facts.yaml"
ID = "https://w3id.org/owlgraph/id/"
SD_NAME = URIRef("http://www.w3.org/ns/sparql-service-description#name")


@pytest.fixture(scope="session")
def harbour_site(tmp_path_factory):
    """The site of a small network that is not the article (tests/data/publish/)."""
    return publish(
        load_graph(facts=[HARBOUR]),
        tmp_path_factory.mktemp("harbour") / "site",
        created="2026-02-03T04:05:06Z",
        site_url="https://example.org/harbour/",
    )


@pytest.fixture(scope="session")
def description(harbour_site):
    return Graph().parse(harbour_site / "dataset.ttl", format="turtle")


def test_every_resource_has_a_page_and_its_data_beside_it(harbour_site):
    ids = [
        "initiative/hafennetzwerk-weserbogen",
        "organisation/spedition-kranich",
        "organisation/werft-nordlicht",
        "organisation/wirtschaftsfoerderung-weserbogen",
        "person/ilse-brandt",
        "sector/logistik",
        "event/auftakt-minden",
        "place/minden",
        "source/hafen-notiz",
    ]
    for rid in ids:
        for suffix in (".html", ".ttl", ".jsonld", ".ego.html"):
            assert (harbour_site / "id" / f"{rid}{suffix}").is_file(), rid + suffix
    written = {
        p.relative_to(harbour_site / "id").as_posix()[: -len(".html")] for p in (harbour_site / "id").rglob("*.html")
    }
    assert {w for w in written if not w.endswith(".ego")} == set(ids)


def test_who_is_a_member_of_the_harbour_network_with_the_quote(harbour_site):
    page = (harbour_site / "id" / "initiative" / "hafennetzwerk-weserbogen.html").read_text(encoding="utf-8")
    assert "Pointing here" in page
    assert page.count("Zum Netzwerk gehören die Spedition Kranich GmbH und die Werft Nordlicht AG") == 2
    assert 'href="../organisation/spedition-kranich.html"' in page or "organisation/spedition-kranich.html" in page


def test_an_inferred_fact_shows_its_reason(harbour_site):
    page = (harbour_site / "id" / "person" / "ilse-brandt.html").read_text(encoding="utf-8")
    assert "<strong>inferred</strong>: a Leiterin heads the body she leads" in page


def test_page_links_its_turtle_and_json_ld_and_embeds_schema_org(harbour_site):
    page = (harbour_site / "id" / "person" / "ilse-brandt.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="text/turtle" href="ilse-brandt.ttl">' in page
    assert '<link rel="alternate" type="application/ld+json" href="ilse-brandt.jsonld">' in page
    head = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    doc = json.loads(head)
    assert doc["@type"] == "Person" and doc["name"] == "Ilse Brandt" and doc["@id"] == ID + "person/ilse-brandt"


def test_resource_turtle_and_json_ld_hold_the_same_statements(harbour_site):
    base = harbour_site / "id" / "person" / "ilse-brandt"
    ttl = Graph().parse(base.with_suffix(".ttl"), format="turtle")
    jsonld = Graph().parse(base.with_suffix(".jsonld"), format="json-ld")
    me = URIRef(ID + "person/ilse-brandt")
    assert ttl.value(me, RDFS.label) == Literal("Ilse Brandt")
    assert (
        me,
        URIRef("https://w3id.org/owlgraph/ontology#headOf"),
        URIRef(ID + "organisation/wirtschaftsfoerderung-weserbogen"),
    ) in ttl
    assert set(ttl) == set(jsonld)
    # the evidence travels with the data
    assert any(str(o) == "Ilse Brandt, Leiterin der Wirtschaftsförderung Weserbogen" for o in ttl.objects())


def test_the_dataset_description_conforms_to_the_dcat_ap_derived_shapes(description):
    assert validate_description(description) == []
    assert (DATASET, DCTERMS.license, LICENCE) in description
    assert description.value(DATASET, DCTERMS.created).toPython() == datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC)
    assert str(description.value(DATASET, OWL.versionInfo)).startswith("0.")
    assert set(description.objects(DATASET, VOID.exampleResource))


def test_a_description_without_a_title_violates_the_shapes(description):
    broken = Graph()
    for t in description:
        broken.add(t)
    broken.remove((DATASET, DCTERMS.title, None))
    problems = validate_description(broken)
    assert len(problems) == 1 and "title" in problems[0]


def test_void_triple_counts_equal_those_of_the_downloads(harbour_site, description):
    counted = Counter(
        q.graph_name.value
        for q in ox.parse(path=str(harbour_site / "data" / "owlgraph.nq"), format=ox.RdfFormat.N_QUADS)
    )
    stated = {
        str(description.value(s, SD_NAME)): int(description.value(s, VOID.triples))
        for s in description.objects(DATASET, VOID.subset)
    }
    assert stated == dict(counted)
    for name, fmt in (("owlgraph.trig", ox.RdfFormat.TRIG), ("owlgraph.jsonld", ox.RdfFormat.JSON_LD)):
        assert (
            Counter(q.graph_name.value for q in ox.parse(path=str(harbour_site / "data" / name), format=fmt)) == counted
        )
    distinct = {str(t) for t in ox.parse(path=str(harbour_site / "data" / "owlgraph.ttl"), format=ox.RdfFormat.TURTLE)}
    assert int(description.value(DATASET, VOID.triples)) == len(distinct)
    downloads = {str(u) for u in description.objects(DATASET, VOID.dataDump)}
    assert downloads == {
        f"https://example.org/harbour/data/owlgraph.{s}" for s in ("nq", "trig", "jsonld", "ttl", "nt")
    }


def test_data_and_provenance_graphs_carry_licence_and_version(harbour_site, description):
    store = ox.Store()
    store.load(path=str(harbour_site / "data" / "owlgraph.nq"), format=ox.RdfFormat.N_QUADS)
    version = str(description.value(DATASET, OWL.versionInfo))
    for name in ("data", "provenance"):
        g = ox.NamedNode(f"https://w3id.org/owlgraph/graph/{name}")
        licences = [q.object.value for q in store.quads_for_pattern(g, ox.NamedNode(str(DCTERMS.license)), None, g)]
        versions = [q.object.value for q in store.quads_for_pattern(g, ox.NamedNode(str(OWL.versionInfo)), None, g)]
        assert licences == [str(LICENCE)] and versions == [version]


def test_sitemap_robots_and_w3id_rules_name_the_hosted_site(harbour_site):
    sitemap = (harbour_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/harbour/id/person/ilse-brandt.html</loc>" in sitemap
    assert "Sitemap: https://example.org/harbour/sitemap.xml" in (harbour_site / "robots.txt").read_text()
    rules = (harbour_site / ".htaccess").read_text(encoding="utf-8")
    assert "RewriteRule ^id/([^.]+)$ https://example.org/harbour/id/$1.ttl [R=303,L]" in rules
    assert "RewriteCond %{HTTP_ACCEPT} application/ld\\+json" in rules


def test_questions_page_answers_each_named_question(harbour_site):
    from owlgraph.sparql.queries import named_queries

    page = (harbour_site / "questions.html").read_text(encoding="utf-8")
    assert all(f'id="{name}"' in page for name in named_queries())
    assert "Ilse Brandt" in page  # who-heads-what on this graph


def test_search_index_holds_every_label(harbour_site):
    text = (harbour_site / "search-index.js").read_text(encoding="utf-8")
    entries = json.loads(text.split("=", 1)[1].rstrip().rstrip(";"))
    assert ["Werft Nordlicht AG", "Company", "id/organisation/werft-nordlicht.html"] in entries
    assert len(entries) == 9


# --- limits and refusals ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def regional(tmp_path_factory):
    from owlgraph.store.synthetic import generate

    folder = tmp_path_factory.mktemp("regional") / "csv"
    generate(folder, organisations=150, seed=7)
    return load_graph(facts=[HARBOUR], tables=folder)


def test_a_graph_over_the_page_limit_is_refused_with_a_suggested_limit(regional, tmp_path, monkeypatch):
    import owlgraph.publishing.site as site

    monkeypatch.setattr(site, "DEFAULT_MAX_PAGES", 100)
    with pytest.raises(
        OwlgraphError, match=r"more than the 100 pages .* pass --max-pages N \(e\.g\. --max-pages 100\)"
    ):
        publish(regional, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_max_pages_writes_the_most_connected_and_names_the_rest_without_links(regional, tmp_path):
    out = publish(regional, tmp_path / "site", max_pages=40, ego_views=False, created="2026-01-01T00:00:00Z")
    pages = [p for p in (out / "id").rglob("*.html")]
    assert len(pages) == 40
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "further resources have no page of their own" in index
    # every link in every resource page points to a file that exists
    import re

    for page in pages:
        for target in re.findall(r'href="([^"#]+)', page.read_text(encoding="utf-8")):
            if not target.startswith(("http://", "https://")):
                assert (page.parent / target).resolve().is_file(), f"{page} -> {target}"


def test_a_folder_that_is_not_a_site_is_left_alone(tmp_path):
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "thesis.txt").write_text("keep me")
    with pytest.raises(ExportError, match="not a site owlgraph published"):
        publish(load_graph(facts=[HARBOUR]), mine)
    assert (mine / "thesis.txt").read_text() == "keep me"


def test_publishing_again_replaces_the_site(harbour_site, tmp_path):
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(harbour_site, copy)
    (copy / "id" / "person" / "stale.html").write_text("old")
    publish(load_graph(facts=[HARBOUR]), copy, ego_views=False)
    assert not (copy / "id" / "person" / "stale.html").exists()
    assert (copy / "id" / "person" / "ilse-brandt.html").is_file()
