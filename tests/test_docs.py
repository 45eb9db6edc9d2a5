"""The documentation says what the code does: every setting, every exit status, every
command, and a README that stays a guide (at most 12,000 bytes, the rest in docs/)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from crawler.exits import MEANING, Exit

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = ("settings", "operations", "extraction", "corpus", "archive", "architecture", "benchmarks")


def test_the_readme_is_a_guide_of_at_most_12000_bytes_with_the_two_commands():
    text = README.read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) <= 12_000
    assert "make demo" in text and "make test" in text
    for page in PAGES:
        assert f"docs/{page}.md" in text, page
        assert (DOCS / f"{page}.md").is_file(), page


def test_every_setting_of_the_project_is_in_the_settings_page():
    tree = ast.parse((ROOT / "crawler" / "settings.py").read_text(encoding="utf-8"))
    names = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name) and target.id.isupper()
    }
    assert len(names) > 60
    page = (DOCS / "settings.md").read_text(encoding="utf-8")
    assert sorted(n for n in names if f"`{n}`" not in page) == []


def test_the_exit_status_table_is_the_one_the_commands_use():
    page = (DOCS / "operations.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| `([A-Z_]+)` \| (.+) \|$", page, re.M)
    assert [(int(n), name, meaning) for n, name, meaning in rows] == [
        (int(s), s.name, MEANING[s]) for s in Exit
    ]


def test_the_readme_lists_every_command():
    commands = sorted(
        p.stem for p in (ROOT / "crawler" / "commands").glob("*.py") if p.stem != "__init__"
    )
    text = README.read_text(encoding="utf-8")
    assert [c for c in commands if f"`scrapy {c}" not in text] == []
