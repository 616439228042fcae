"""Add every owlgraph module that no docs/api/STAGE.md page names yet to its stage page (run from the repository root)."""

import pathlib
import re

root = pathlib.Path(".")
for page in sorted((root / "docs/api").glob("*.md")):
    t = page.read_text()
    stage = page.stem
    if stage == "top":
        continue
    pkg = root / "owlgraph" / stage
    modules = sorted(f"owlgraph.{stage}.{p.stem}" for p in pkg.glob("*.py") if not p.name.startswith("__"))
    present = set(re.findall(r"^::: (\S+)", t, flags=re.M))
    missing = [m for m in modules if m not in present]
    if missing:
        t = t.rstrip("\n") + "\n" + "".join(f"\n::: {m}\n" for m in missing)
        page.write_text(t)
        print(page, missing)
