"""``owlgraph.extract``: a source text → a draft facts file for a curator to review.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "note.txt").write_text(
...     "Neues Netzwerk\\n\\nDetmold. Die Beispiel Holz GmbH (www.beispiel-holz.de) gründet ein Netzwerk.\\n",
...     encoding="utf-8")
>>> draft = extract(folder / "note.txt", graph=None, output=folder / "draft.yaml")
>>> draft.language, sorted(e.label for e in draft.entities.values())
('de', ['Beispiel Holz GmbH', 'Detmold'])
>>> "status: draft" in (folder / "draft.yaml").read_text(encoding="utf-8")
True
"""

from __future__ import annotations

from pathlib import Path

from owlgraph.core.errors import InputFileError
from owlgraph.extraction.draft import Draft, slug, write_draft
from owlgraph.extraction.entities import find_entities
from owlgraph.extraction.relations import find_relations
from owlgraph.extraction.text import LANGUAGES, detect_language, read_source

__all__ = ["extract", "BUILT_IN"]

#: ``graph=BUILT_IN`` links against the facts shipped with owlgraph (``data/facts/*.yaml``)
BUILT_IN = "built-in"


def extract(
    source: str | Path,
    *,
    language: str | None = None,
    id: str | None = None,
    graph=BUILT_IN,
    output: str | Path | None = None,
    review: str | Path | None = None,
) -> Draft:
    """Extract a draft of entities and facts, with verbatim evidence, from a German or English text.

    Parameters
    ----------
    source
        A plain UTF-8 text; its first line is the title.
    language
        ``"de"`` or ``"en"``; detected from the text when not given.
    id
        The source's id in the draft (default: from the file name).
    graph
        Facts files (paths) whose entities are linked by id instead of being drafted anew;
        ``BUILT_IN`` (default) for ``data/facts/*.yaml``, ``None`` for an empty graph.
    output
        Where to write the draft facts file (checked with the build's reader first).
    review
        Where to write the review page (HTML).
    """
    from owlgraph.curation.facts import default_facts_files, read_facts
    from owlgraph.extraction.linking import link

    text = read_source(source)
    if language is not None and language not in LANGUAGES:
        raise InputFileError(f"--language {language!r}: owlgraph extracts from 'de' or 'en' texts")
    files = [] if graph is None else default_facts_files() if graph == BUILT_IN else [Path(p) for p in graph]
    base = read_facts(files) if files else None
    taken = {e.id for e in base.entities} if base else set()
    sid = id or slug(Path(source).stem)
    while sid in taken:
        sid = f"{sid}-new"
    draft = Draft(sid, text.title, language or detect_language(text.text), text.text, Path(source), taken=taken)
    find_entities(draft)
    find_relations(draft)
    if base is not None:
        link(draft, base)
    if output is not None:
        write_draft(draft, output, graph_files=files)
    if review is not None:
        from owlgraph.extraction.review import write_review

        write_review(draft, review)
    return draft
