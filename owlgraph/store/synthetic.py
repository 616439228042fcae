"""A seeded synthetic regional cooperation network, written as the CSV files :mod:`owlgraph.store.tabular` imports.

Shape: about one initiative per 100 organisations (at least 10); heavy-tailed
memberships — the number of initiatives an organisation joins is Zipf-distributed
(most join one, a few join many) and initiatives are picked with Zipf-like
popularity, so initiative sizes are heavy-tailed too; sectors are the eight
built-in NACE-mapped sectors; about one person with a post per 5 organisations
and one event per 50 organisations with a handful of participants each. The same
``seed`` gives byte-identical files.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> counts = generate(folder, organisations=200, seed=1)
>>> counts["organisations"], counts["initiatives"]
(200, 10)
>>> (folder / "memberships.csv").read_text(encoding="utf-8").splitlines()[0]
'organisation,initiative,role,since'
"""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = ["SECTORS", "generate"]

#: The built-in sector ids (data/facts/owl-article.yaml, NACE codes in reference-codes.yaml).
SECTORS = (
    "maschinenbau",
    "it",
    "kunststoffe",
    "energie",
    "gebaeudetechnologien",
    "biotechnologie",
    "gesundheit",
    "ernaehrung",
)
TYPES = ("Company", "ResearchInstitute", "PublicBody")
TYPE_WEIGHTS = (0.85, 0.10, 0.05)
CITIES = (
    "Bielefeld",
    "Paderborn",
    "Gütersloh",
    "Detmold",
    "Herford",
    "Minden",
    "Lemgo",
    "Bad Salzuflen",
    "Höxter",
    "Lübbecke",
    "Bünde",
    "Verl",
    "Rheda-Wiedenbrück",
    "Bad Oeynhausen",
    "Löhne",
)
ROLES = ("Vorstand", "Gründungsmitglied", "Partner")
TITLES = ("Geschäftsführer", "Geschäftsführerin", "Leiter Forschung", "Clustermanagerin", "Vorstand")


def _write(path: Path, header: list[str], rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def _dates(rng, n: int, start: str, days: int):
    import numpy as np

    base = np.datetime64(start)
    return (base + rng.integers(0, days, n).astype("timedelta64[D]")).astype(str)


def generate(folder, *, organisations: int = 1000, seed: int = 42) -> dict[str, int]:
    """Write the seven CSV files for a network of ``organisations`` organisations; return row counts."""
    import numpy as np

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    n = int(organisations)
    n_ini = max(10, n // 100)

    # organisations
    types = rng.choice(len(TYPES), n, p=TYPE_WEIGHTS)
    sectors = rng.integers(0, len(SECTORS), n)
    cities = rng.integers(0, len(CITIES), n)
    has_site = rng.random(n) < 0.5
    org_ids = [f"org-{i}" for i in range(n)]
    _write(
        folder / "organisations.csv",
        ["id", "name", "type", "sector", "city", "website"],
        (
            [
                org_ids[i],
                f"Organisation {i} GmbH" if types[i] == 0 else f"Institut {i}",
                TYPES[types[i]],
                SECTORS[sectors[i]],
                CITIES[cities[i]],
                f"https://org-{i}.example.de" if has_site[i] else "",
            ]
            for i in range(n)
        ),
    )

    # initiatives
    ini_ids = [f"initiative-{j}" for j in range(n_ini)]
    _write(
        folder / "initiatives.csv",
        ["id", "name", "sector", "website"],
        (
            [ini_ids[j], f"Brancheninitiative {j}", SECTORS[j % len(SECTORS)], f"https://initiative-{j}.example.de"]
            for j in range(n_ini)
        ),
    )

    # memberships: Zipf count per organisation, Zipf-like popularity per initiative
    counts = np.minimum(rng.zipf(2.5, n), n_ini)
    popularity = 1.0 / np.arange(1, n_ini + 1) ** 0.9
    popularity = popularity[rng.permutation(n_ini)]
    popularity /= popularity.sum()
    total = int(counts.sum())
    owners = np.repeat(np.arange(n), counts)
    picks = rng.choice(n_ini, total, p=popularity)
    pairs = np.unique(owners.astype(np.int64) * n_ini + picks)  # drop repeated picks of one initiative
    # member lists mostly name members only: about one membership in five has a role, one in four a start date
    roles = np.where(rng.random(len(pairs)) < 0.2, rng.integers(0, len(ROLES), len(pairs)), -1)
    since = np.where(rng.random(len(pairs)) < 0.25, _dates(rng, len(pairs), "2005-01-01", 7000), "")
    _write(
        folder / "memberships.csv",
        ["organisation", "initiative", "role", "since"],
        (
            [org_ids[p // n_ini], ini_ids[p % n_ini], ROLES[r] if r >= 0 else "", d]
            for p, r, d in zip(pairs.tolist(), roles.tolist(), since.tolist())
        ),
    )

    # people with posts
    n_people = max(1, n // 5)
    _write(folder / "people.csv", ["id", "name"], ([f"person-{k}", f"Person {k}"] for k in range(n_people)))
    post_orgs = rng.integers(0, n, n_people)
    titles = rng.integers(0, len(TITLES), n_people)
    _write(
        folder / "posts.csv",
        ["person", "organisation", "title"],
        ([f"person-{k}", org_ids[post_orgs[k]], TITLES[titles[k]]] for k in range(n_people)),
    )

    # events, organised by initiatives, with participants drawn by popularity
    n_events = max(1, n // 50)
    organisers = rng.integers(0, n_ini, n_events)
    dates = _dates(rng, n_events, "2015-01-01", 3650)
    _write(
        folder / "events.csv",
        ["id", "name", "date", "organizer"],
        ([f"event-{e}", f"Netzwerktreffen {e}", dates[e], ini_ids[organisers[e]]] for e in range(n_events)),
    )
    sizes = np.minimum(rng.zipf(2.0, n_events) + 2, 50)
    rows = []
    for e, size in enumerate(sizes.tolist()):
        for i in np.unique(rng.integers(0, n, size)).tolist():
            rows.append((f"event-{e}", org_ids[i]))
    _write(folder / "participants.csv", ["event", "agent"], rows)
    return {
        "organisations": n,
        "initiatives": n_ini,
        "memberships": len(pairs),
        "people": n_people,
        "posts": n_people,
        "events": n_events,
        "participants": len(rows),
    }
