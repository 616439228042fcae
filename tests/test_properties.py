"""Property-based tests (hypothesis) of the facts loader and IRI minting.

- random valid facts files (ids matching the id pattern, labels of arbitrary unicode,
  evidence cut from the source text) read, build, serialise and validate;
- IRIs are stable (same input, same IRIs and byte-identical N-Quads) and collision-free;
- random invalid input (YAML-ish noise, mutated files, wrong values) gives an
  ``OwlgraphError`` with a one-line message, never another exception.

Each property runs at most 50 examples; ``conftest.ROBUSTNESS_EXAMPLES`` counts them.
"""

import datetime as dt
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from conftest import ROBUSTNESS_EXAMPLES
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.namespace import RDFS

from owlgraph.core.errors import OwlgraphError
from owlgraph.curation.build import DATA_GRAPH, PROVENANCE_GRAPH, build_graph, entity_iri, fact_origins
from owlgraph.curation.export import serialize_graph
from owlgraph.curation.facts import ID_PATTERN, PERSONAL_DATA, read_facts
from owlgraph.curation.ontology import read_vocabulary
from owlgraph.curation.validate import check_graph, validate_graph

ROOT = Path(__file__).resolve().parent.parent

SOURCE = ROOT / "data" / "sources" / "brancheninitiativen-owl.txt"
SOURCE_TEXT = SOURCE.read_text(encoding="utf-8")
VOCAB = read_vocabulary()
# classes an entity can have without further required properties (Quotation, Membership need more)
ENTITY_TYPES = sorted(
    set(VOCAB.classes) - {"Quotation", "Membership", "Evidence", "Quote", "Source", "PressArticle", "ReferenceList"}
)
FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def counted() -> None:
    ROBUSTNESS_EXAMPLES["count"] += 1


# -- strategies ------------------------------------------------------------------------------------

ids = st.from_regex(ID_PATTERN, fullmatch=True)
labels = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda s: s.strip() and not PERSONAL_DATA.search(s)
)


@st.composite
def evidence(draw) -> str:
    """A random verbatim substring of the source text."""
    start = draw(st.integers(0, len(SOURCE_TEXT) - 1))
    quote = SOURCE_TEXT[start : start + draw(st.integers(1, 60))]
    assume(quote.strip())
    return quote


urls = st.from_regex(
    r"https?://[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?\.(de|org|example)(:[0-9]{2,5})?"
    r"(/([A-Za-zäöüß0-9._~-]|%[0-9A-F]{2}){0,20})?",
    fullmatch=True,
)
dates = st.one_of(
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat),
    st.dates().map(lambda d: d.strftime("--%m-%d")),
)


@st.composite
def facts_documents(draw) -> dict:
    """A valid facts document (as a Python structure) about the real source text."""
    entity_ids = draw(st.lists(ids.filter(lambda i: i != "prop-article"), min_size=1, max_size=8, unique=True))
    entities = []
    for eid in entity_ids:
        entity = {
            "id": eid,
            "type": draw(st.sampled_from(ENTITY_TYPES)),
            "label": draw(labels),
            "evidence": draw(st.one_of(evidence(), st.lists(evidence(), min_size=1, max_size=3))),
        }
        if draw(st.booleans()):
            entity["inferred"] = draw(labels)
        entities.append(entity)
    facts = []
    by_type = lambda t: [e["id"] for e in entities if e["type"] == t]  # noqa: E731
    for e in entities:
        if e["type"] == "Initiative" and draw(st.booleans()):
            facts.append({"subject": e["id"], "website": draw(urls), "evidence": draw(evidence())})
        if e["type"] == "Initiative" and by_type("Sector") and draw(st.booleans()):
            facts.append(
                {"subject": e["id"], "sector": draw(st.sampled_from(by_type("Sector"))), "evidence": draw(evidence())}
            )
        if e["type"] == "Event" and draw(st.booleans()):
            facts.append({"subject": e["id"], "date": draw(dates), "evidence": draw(evidence())})
    return {
        "source": {
            "id": "prop-article",
            "type": "PressArticle",
            "text": str(SOURCE),
            "label": draw(labels),
            "evidence": draw(evidence()),
        },
        "entities": entities,
        "facts": facts,
    }


def write_yaml(folder: Path, document, name: str = "facts.yaml") -> Path:
    path = folder / name
    # escaped (\\uXXXX), not raw: YAML 1.1 reads a raw U+0085, U+2028 or U+2029 as a line break, by design
    path.write_text(yaml.safe_dump(document, allow_unicode=False, sort_keys=False), encoding="utf-8")
    return path


def data_and_provenance(dataset) -> Graph:
    """The two graphs the shapes are about (the ontology graph only slows pyshacl down)."""
    g = Graph()
    for s, p, o, c in dataset.quads((None, None, None, None)):
        if getattr(c, "identifier", c) in (DATA_GRAPH, PROVENANCE_GRAPH):
            g.add((s, p, o))
    return g


def assert_one_line_error(path: Path) -> None:
    """Reading ``path`` either works or raises an OwlgraphError with one line naming the file."""
    try:
        read_facts([path])
    except OwlgraphError as exc:
        message = str(exc)
        assert message and "\n" not in message, message
        assert message.startswith((str(path), str(SOURCE))) or "file not found" in message, message


# -- valid input builds and validates ------------------------------------------------------------------


@FAST
@given(document=facts_documents())
def test_random_valid_facts_read_build_and_serialise(document):
    counted()
    with tempfile.TemporaryDirectory() as tmp:
        base = read_facts([write_yaml(Path(tmp), document)])
    assert len(base.entities) == len(document["entities"]) + 1
    dataset = build_graph(base)
    for entity in document["entities"]:
        iri = entity_iri(entity["id"], entity["type"], VOCAB)
        assert list(dataset.objects(iri, RDFS.label)) == [Literal(entity["label"])]
    # every label, however hostile, survives N-Quads: Oxigraph reads back exactly what was written
    nquads = serialize_graph(dataset, "nquads")
    assert len(list(ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS))) == nquads.count("\n")


# pyshacl re-parses its SPARQL constraints for every focus node (~0.6 s an example): fewer examples, and
# only the data and provenance graphs; test_the_valid_base_document_is_valid runs the full check_graph.
@settings(max_examples=15, deadline=None)
@given(document=facts_documents())
def test_random_valid_facts_validate(document):
    counted()
    with tempfile.TemporaryDirectory() as tmp:
        base = read_facts([write_yaml(Path(tmp), document)])
    assert validate_graph(data_and_provenance(build_graph(base))) == []


# -- IRIs: stable and collision-free -----------------------------------------------------------------


@settings(max_examples=20, deadline=None)
@given(document=facts_documents())
def test_same_facts_give_the_same_iris_and_bytes(document):
    counted()
    with tempfile.TemporaryDirectory() as tmp:
        first = serialize_graph(build_graph(read_facts([write_yaml(Path(tmp), document, "a.yaml")])), "nquads")
        second = serialize_graph(build_graph(read_facts([write_yaml(Path(tmp), document, "b.yaml")])), "nquads")
    assert first == second


@FAST
@given(a=ids, b=ids, type_a=st.sampled_from(ENTITY_TYPES), type_b=st.sampled_from(ENTITY_TYPES))
def test_entity_iris_are_stable_and_collision_free(a, b, type_a, type_b):
    counted()
    iri = entity_iri(a, type_a, VOCAB)
    assert iri == entity_iri(a, type_a, VOCAB) and str(iri).endswith(f"/{a}")
    same_kind = VOCAB.iri_kind(type_a) == VOCAB.iri_kind(type_b)
    # ids are unique across all facts files; an id keeps its IRI when its type is refined within one kind
    assert (iri == entity_iri(b, type_b, VOCAB)) == (a == b and same_kind)


# -- invalid input: one line, never another exception ------------------------------------------------------

YAML_TOKENS = [
    *":-[]{},#&*!|>'\"%@`?\n\t  ",
    "source:",
    "entities:",
    "facts:",
    "\n  - ",
    "id: ",
    "text: ",
    "&a ",
    "*a",
]
YAMLISH = st.lists(
    st.one_of(st.sampled_from(YAML_TOKENS), st.characters(blacklist_categories=("Cs",))), max_size=80
).map("".join)


@FAST
@given(text=YAMLISH)
def test_random_yamlish_text_gives_a_one_line_error(text):
    counted()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "noise.yaml"
        path.write_text(text, encoding="utf-8")
        assert_one_line_error(path)


VALID_TEXT = yaml.safe_dump(
    {
        "source": {
            "id": "prop-article",
            "type": "PressArticle",
            "text": str(SOURCE),
            "label": "Copy",
            "evidence": "Brancheninitiativen sind Treiber der Regionalentwicklung",
        },
        "entities": [
            {"id": "zig", "type": "Initiative", "label": "ZIG OWL", "evidence": "ZIG OWL"},
            {"id": "meeting", "type": "Event", "label": "Meeting", "evidence": "Am 24. Januar trafen sich"},
            {"id": "it", "type": "Sector", "label": "IT", "evidence": "von Maschinenbau und IT"},
        ],
        "facts": [
            {
                "subject": "zig",
                "website": "https://www.zig-owl.de",
                "sector": "it",
                "evidence": "ZIG OWL: www.zig-owl.de",
            },
            {"subject": "meeting", "date": "--01-24", "organizer": "zig", "evidence": "Am 24. Januar trafen sich"},
        ],
    },
    allow_unicode=True,
    sort_keys=False,
    default_flow_style=None,
)


@FAST
@given(
    edits=st.lists(
        st.tuples(st.integers(0, len(VALID_TEXT)), st.integers(0, 3), YAMLISH.map(lambda s: s[:5])),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_facts_files_give_a_one_line_error(edits):
    counted()
    text = VALID_TEXT
    for at, cut, insert in edits:
        text = text[:at] + insert + text[at + cut :]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "mutated.yaml"
        path.write_text(text, encoding="utf-8")
        assert_one_line_error(path)


ANY_VALUE = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True),
        st.text(max_size=30),
        st.dates(),
        st.sampled_from(
            [
                "www.x.de",
                "javascript:alert(1)",
                "https://x.de/a b",
                'https://x.de/"',
                "--02-30",
                "2023-13-01",
                "nace:28 1",
                "nace:",
                "wd:Q 1",
                "http://",
                "zig",
                "ZIG",
                "info@x.de",
                "https://x.de/100%",
                "https://[::1/",
                "https://owl:secret@x.de/",
                "https://x.de/a#b#c",
                "https://x.de:port/",
                "+49 5231 98100",
                "",
                " ",
                "\x00",
                "it\n",
            ]
        ),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6,
)
FIELDS = [
    ("source", None, "id"),
    ("source", None, "type"),
    ("source", None, "text"),
    ("source", None, "label"),
    ("source", None, "evidence"),
    ("entities", 0, "id"),
    ("entities", 0, "type"),
    ("entities", 0, "label"),
    ("entities", 0, "evidence"),
    ("entities", 0, "inferred"),
    ("entities", 1, "unknown"),
    ("facts", 0, "subject"),
    ("facts", 0, "website"),
    ("facts", 0, "sector"),
    ("facts", 0, "evidence"),
    ("facts", 0, "inferred"),
    ("facts", 1, "date"),
    ("facts", 1, "organizer"),
    ("facts", 1, "naceClass"),
    ("facts", 1, "purpose"),
    ("facts", None, None),
    ("entities", None, None),
    ("source", None, None),
]


@FAST
@given(field=st.sampled_from(FIELDS), value=ANY_VALUE)
def test_a_wrong_value_anywhere_gives_a_one_line_error(field, value):
    counted()
    document = yaml.safe_load(VALID_TEXT)
    section, index, key = field
    if key is None:
        document[section] = value
    elif index is None:
        document[section][key] = value
    else:
        document[section][index][key] = value
    with tempfile.TemporaryDirectory() as tmp:
        assert_one_line_error(write_yaml(Path(tmp), document))


def test_the_valid_base_document_is_valid():
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "valid.yaml"
        path.write_text(VALID_TEXT, encoding="utf-8")
        base = read_facts([path])
    assert len(base.facts) == 4
    check_graph(build_graph(base), origins=fact_origins(base))


@pytest.mark.parametrize(
    "text",
    [
        "source: &a [*a]\n",
        "[" * 200,
        "source:\n  id: a\x00b\n",
        "\ufeffsource: {}\n",
        "source: !!python/object:os.system {}\n",
        "source: {? [a]: b}\n",
    ],
)
def test_known_nasty_yaml_gives_a_one_line_error(text, tmp_path):
    path = tmp_path / "nasty.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OwlgraphError) as info:
        read_facts([path])
    assert "\n" not in str(info.value) and str(info.value).startswith(str(path))
