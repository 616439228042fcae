"""mkdocs hooks: the site's home page is README.md and its changelog CHANGELOG.md, so neither is kept twice.

Links in README.md are relative to the repository root; on the site the home page lives in ``docs/``, so
``docs/…`` links lose that prefix.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INSERTED = {"index.md": "README.md", "changelog.md": "CHANGELOG.md"}


def on_page_markdown(markdown, page, config, files):
    source = INSERTED.get(page.file.src_uri)
    if source is None:
        return markdown
    return (ROOT / source).read_text(encoding="utf-8").replace("](docs/", "](")
