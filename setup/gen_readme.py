# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Write each addon's README.rst from its readme/*.md fragments.

    python setup/gen_readme.py [--check]

A small stand-in for OCA's oca-gen-addon-readme: the fragments are the
source, README.rst is generated (Markdown is kept as a literal-free text;
its tables become list tables).
"""

import ast
import sys
from pathlib import Path

from docutils.core import publish_doctree
from docutils.utils import Reporter

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = [
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
    ("HISTORY.md", "Changelog"),
    ("CONTRIBUTORS.md", "Contributors"),
]


def render(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    title = manifest["name"]
    lines = ["=" * len(title), title, "=" * len(title), ""]
    lines += [
        f".. |license| image:: https://img.shields.io/badge/licence-"
        f"{manifest['license']}-blue.png",
        "",
        f"|license| Version {manifest['version']}, {manifest['development_status']}",
        "",
    ]
    for filename, heading in SECTIONS:
        fragment = addon / "readme" / filename
        if not fragment.exists():
            continue
        if heading:
            lines += [heading, "=" * len(heading), ""]
        text = fragment.read_text().strip().replace("`", "``").replace("````", "``")
        lines += [tables_to_rst(text), ""]
    return "\n".join(lines)


def _cells(row):
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def tables_to_rst(text):
    """Markdown tables (a header row, a `| --- |` row, then rows) as
    reStructuredText list tables."""
    out = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if not (line.startswith("|") and set(following) <= set("|- :") and following):
            out.append(line)
            index += 1
            continue
        rows = [_cells(line)]
        index += 2
        while index < len(lines) and lines[index].startswith("|"):
            rows.append(_cells(lines[index]))
            index += 1
        out += [".. list-table::", "   :header-rows: 1", ""]
        for row in rows:
            out.append(f"   * - {row[0]}")
            out += [f"     - {cell}" for cell in row[1:]]
        out.append("")
    return "\n".join(out)


def rst_problems(content):
    """docutils' warnings and errors on `content` (Odoo shows README.rst as
    the module's description through docutils)."""
    doctree = publish_doctree(
        content,
        settings_overrides={
            "report_level": Reporter.SEVERE_LEVEL + 1,
            "halt_level": Reporter.SEVERE_LEVEL + 1,
        },
    )
    return [
        f"line {message.get('line')}: {message.astext()}"
        for message in doctree.findall(lambda node: node.tagname == "system_message")
        if message["level"] >= Reporter.WARNING_LEVEL
    ]


def main():
    check = "--check" in sys.argv
    stale = []
    for manifest in sorted(ROOT.glob("partner_relationship*/__manifest__.py")):
        addon = manifest.parent
        content = render(addon)
        target = addon / "README.rst"
        if check:
            if not target.exists() or target.read_text() != content:
                stale.append(str(target.relative_to(ROOT)))
            for problem in rst_problems(content):
                stale.append(f"{target.relative_to(ROOT)} {problem}")
        else:
            target.write_text(content)
    if stale:
        sys.exit(
            "README.rst out of date (run setup/gen_readme.py) or not valid: "
            + ", ".join(stale)
        )


if __name__ == "__main__":
    main()
