# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fail when Odoo's term extraction cannot read a Python file of the addons,
or when a term of an addon's .pot has no translation in its zh_TW.po.

Odoo extracts the translatable terms of a module's Python files with babel,
which evaluates the string arguments of a translated call (``_()``,
``self.env._()``, ``_lt()``), f-strings included: an f-string calling a
function there makes babel give up on the whole file, and every term of the
file silently leaves the module's .pot (and, at the next merge, its
translations). Same extractor and keywords as Odoo's export. Every addon
ships a complete Traditional Chinese translation (LANGUAGES). Whether each
.pot is the export of its module as installed needs a database: each addon's
tests/test_translation_files.py checks it.

    python setup/check_translatable.py
"""

import sys
from pathlib import Path

from babel.messages import extract
from babel.messages.pofile import read_po

ADDONS = (
    "partner_relationship",
    "partner_relationship_portal",
    "partner_relationship_sync",
)
ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("zh_TW",)


def untranslated(addon):
    """Lines naming the terms of the addon's .pot that a language lacks."""
    i18n = ROOT / addon / "i18n"
    with (i18n / f"{addon}.pot").open("rb") as pot:
        terms = {message.id for message in read_po(pot) if message.id}
    lines = []
    for language in LANGUAGES:
        path = i18n / f"{language}.po"
        if not path.exists():
            lines.append(f"{path.relative_to(ROOT)} is missing")
            continue
        with path.open("rb") as po:
            done = {
                message.id
                for message in read_po(po)
                if message.id and message.string and not message.fuzzy
            }
        lines += [
            f"{path.relative_to(ROOT)}: no translation of {term!r}"
            for term in sorted(terms - done, key=str)
        ]
    return lines


def main():
    failed = []
    missing = [line for addon in ADDONS for line in untranslated(addon)]
    for addon in ADDONS:
        for path in sorted((ROOT / addon).rglob("*.py")):
            if "tests" in path.relative_to(ROOT / addon).parts:
                continue
            with path.open("rb") as source:
                try:
                    for _extracted in extract.extract(
                        "python",
                        source,
                        keywords={"_": None, "_lt": None},
                        options={"encoding": "UTF-8"},
                    ):
                        pass
                except Exception as error:  # noqa: BLE001 - any failure is the finding
                    failed.append(f"{path.relative_to(ROOT)}: {error!r}")
    for line in failed:
        print(
            f"Translatable terms cannot be extracted from {line} (format the "
            "arguments of the translated call outside it)"
        )
    for line in missing:
        print(line)
    return 1 if failed or missing else 0


if __name__ == "__main__":
    sys.exit(main())
