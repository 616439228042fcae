"""Smoke test of benchmarks/bench_pipeline.py at its smallest size (the timing itself is never asserted)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_pipeline_benchmark_runs_at_1000_organisations(tmp_path):
    # the obvious stack gets a short budget: it may not finish, but it must report how far it got
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_pipeline.py"),
            "--sizes",
            "1000",
            "--obvious-limit",
            "15",
            "--out",
            str(tmp_path),
        ],
        check=True,
        timeout=120,
        cwd=ROOT,
    )
    report = json.loads((tmp_path / "pipeline.json").read_text())
    row = report["rows"][0]
    assert row["organisations"] == 1000 and row["triples"] > 0
    assert [s["step"] for s in row["owlgraph"]["steps"]] == ["import", "queries", "projection", "centralities", "view"]
    assert row["owlgraph"]["finished"]
    assert row["obvious"]["steps"] and row["obvious"]["steps"][0]["step"] == "import"
    assert row["obvious"]["finished"] or row["obvious"]["note"].startswith("did not finish: got to step")
    assert all(s["seconds"] >= 0 and s["peak_rss_mb"] > 0 for s in row["owlgraph"]["steps"] + row["obvious"]["steps"])
    assert (tmp_path / "pipeline.png").stat().st_size > 0
