"""The one exception family of owlgraph.

Every error a user can cause is an :class:`OwlgraphError` whose message is a
single line naming the file, line or value and what to do. The CLI prints it and
exits non-zero; ``--debug`` shows the traceback.

>>> from owlgraph.core.errors import FactsError
>>> str(FactsError("data/facts/x.yaml:3: unknown type 'Foo'; use one of: Initiative, Person"))
"data/facts/x.yaml:3: unknown type 'Foo'; use one of: Initiative, Person"
"""

__all__ = [
    "OwlgraphError",
    "FactsError",
    "EvidenceError",
    "DraftError",
    "ValidationError",
    "QueryError",
    "EndpointError",
    "ExportError",
    "ViewError",
    "InputFileError",
    "EmptyResultError",
]


class OwlgraphError(Exception):
    """Base class: a user-facing error with a one-line message."""

    exit_code = 1


class InputFileError(OwlgraphError):
    """An input file is missing, unreadable or not parseable."""

    exit_code = 2


class FactsError(OwlgraphError):
    """A facts file is malformed: syntax, types, references, identifiers."""

    exit_code = 3


class EvidenceError(FactsError):
    """An evidence quote does not occur in its source text."""


class DraftError(FactsError):
    """A facts file still holds entries with ``status: draft``: a curator has not reviewed them."""

    def __init__(self, places: list[str]):
        self.places = list(places)
        super().__init__(
            f"{len(self.places)} draft entr{'y' if len(self.places) == 1 else 'ies'} not reviewed; set 'status: reviewed' "
            "or delete each one:\n" + "\n".join(f"{place}: status: draft" for place in self.places)
        )


class ValidationError(OwlgraphError):
    """The graph violates the SHACL shapes."""

    exit_code = 4

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} SHACL violation(s):\n" + "\n".join(self.problems))


class QueryError(OwlgraphError):
    """A SPARQL query is unknown or invalid."""

    exit_code = 5


class EndpointError(OwlgraphError):
    """A remote SPARQL endpoint failed: unreachable, HTTP error, timeout, auth."""

    exit_code = 6


class ExportError(OwlgraphError):
    """An output cannot be written (unknown format, unwritable path)."""

    exit_code = 7


class ViewError(OwlgraphError):
    """A view cannot be produced (e.g. the network is too large)."""

    exit_code = 8


class EmptyResultError(OwlgraphError):
    """A query found no rows, or a network, its metrics or a view would be empty (exit code 9).

    The message says what was looked for and what to try; nothing is written.
    """

    exit_code = 9
