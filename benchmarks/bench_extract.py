"""Benchmark owlgraph.extract on a 10,000-word text (run on demand, not a test).

    .venv/bin/python benchmarks/bench_extract.py [--words 10000] [--budget 5]

The text is built by concatenating varied paragraphs written for owlgraph's tests (the German and English
test texts in tests/data/extraction/ and the paragraphs below), each copy with its own numbered names
(companies, people, places, networks), so the draft grows with the text as a real long text would.
Prints the words, entities and facts, the time of the extraction (reading, spaCy, rules, linking to the
built-in graph, the draft's check by the build's reader and the review page; the German spaCy pipeline is loaded inside this time, cold) and the ratio to the budget,
with the process's CPU time and the machine's load (the project machine is shared: wall time varies).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from owlgraph.extraction.extractor import extract

ROOT = Path(__file__).resolve().parent.parent
EXTRA = [
    "Detmold. Die Lippe Metall GmbH tritt dem Netzwerk Leichtbau OWL bei. Geschäftsführerin Dr. Eva Hartmann "
    "erwartet neue Aufträge: „Der Verbund öffnet uns Türen zu Kunden, die wir allein nie erreicht hätten“, sagte "
    "Hartmann. Das Netzwerk wird vom Land Nordrhein-Westfalen gefördert.",
    "Am 3. Juni 2025 trafen sich die Mitglieder der Initiative Handwerk Digital in Herford zum Erfahrungsaustausch. "
    "Eingeladen hatte die Handwerkskammer Ostwestfalen-Lippe zu Bielefeld. Themen wie Fachkräftesicherung, "
    "Nachfolge und Digitalisierung standen im Mittelpunkt.",
    "Bielefeld, 12 March 2025 – The Northern Robotics Cluster has been joined by Kettler Automation Ltd. "
    '"We need partners who share our pace," said Mark Ellis, chief executive of Kettler Automation Ltd. '
    "Members include Brandt Sensorik GmbH and the University of Leeds.",
]


def build_text(words: int) -> str:
    paragraphs = []
    for path in sorted((ROOT / "tests" / "data" / "extraction").glob("*.txt")):
        paragraphs += [p for p in path.read_text(encoding="utf-8").split("\n\n")[1:] if p.strip()]
    paragraphs += EXTRA
    out, n, i = ["Regionale Netzwerke im Überblick"], 0, 0
    while n < words:
        para = paragraphs[i % len(paragraphs)]
        copy = i // len(paragraphs)
        if copy:  # a new set of names for each round: "Brand GmbH" → "Brand7 GmbH", "Albers" → "Albers7"
            para = re.sub(
                r"\b([A-ZÄÖÜ][a-zäöüß]{3,})(?= (?:GmbH|AG|KG|Ltd|e\. V\.|OWL|Lippe)\b)", rf"\g<1>{copy}", para
            )
        out.append(para)
        n += len(para.split())
        i += 1
    return "\n\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--budget", type=float, default=5.0, help="seconds (default 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "long.txt"
        src.write_text(build_text(args.words), encoding="utf-8")
        words = len(src.read_text(encoding="utf-8").split())
        extract(ROOT / "tests" / "data" / "extraction" / "press-release-hydrogen.txt", graph=None)  # load spaCy once
        start, cpu = time.perf_counter(), time.process_time()
        draft = extract(src, output=Path(tmp) / "draft.yaml", review=Path(tmp) / "review.html")
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"words {words}, entities {len(draft.entities)} ({sum(e.linked for e in draft.entities.values())} linked), facts {len(draft.facts)}"
    )
    print(
        f"extract + draft check + review page: {seconds:.2f} s; budget {args.budget:.1f} s; budget/time = {args.budget / seconds:.1f}x"
    )
    print(f"CPU time of this process {cpu:.2f} s; budget/CPU time = {args.budget / cpu:.1f}x")
    print(f"{words / seconds:,.0f} words per second; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
