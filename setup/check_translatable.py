# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fail when Odoo's term extraction cannot read a Python file of the addons.

Odoo extracts the translatable terms of a module's Python files with babel,
which evaluates the string arguments of a translated call (``_()``,
``self.env._()``, ``_lt()``), f-strings included: an f-string calling a
function there makes babel give up on the whole file, and every term of the
file silently leaves the module's .pot (and, at the next merge, its
translations). Same extractor and keywords as Odoo's export.

    python setup/check_translatable.py
"""

import sys
from pathlib import Path

from babel.messages import extract

ADDONS = (
    "partner_relationship",
    "partner_relationship_portal",
    "partner_relationship_sync",
)
ROOT = Path(__file__).resolve().parent.parent


def main():
    failed = []
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
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
