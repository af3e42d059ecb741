#!/usr/bin/env bash
# Lint: ruff (format and lint), pylint-odoo's mandatory checks, prettier for XML,
# the translatable terms readable by Odoo's export and translated into zh_TW
# (setup/check_translatable.py).
#
#   setup/lint.sh          check, exit non-zero on findings
#   setup/lint.sh --fix    rewrite files in place where the tools can
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

FIX=0
[ "${1:-}" = "--fix" ] && FIX=1
cd "$PRM_ROOT"
ensure_odoo_src
ensure_venv
if [ ! -x "$PRM_VENV/bin/ruff" ] || [ ! -x "$PRM_VENV/bin/pylint" ]; then
    say "Installing the linters..."
    pip_install -q -r requirements-lint.txt || die "pip could not install the linters."
fi
if [ ! -x node_modules/.bin/prettier ]; then
    command -v npm >/dev/null 2>&1 || die "npm is missing for prettier: install nodejs and npm."
    say "Installing prettier (npm)..."
    npm install --silent --no-audit --no-fund >/dev/null || die "npm could not install prettier."
fi

addons=(partner_relationship partner_relationship_portal partner_relationship_sync)
mapfile -t xml_files < <(git ls-files '*.xml')
status=0
# No cache: what a module is (first-party or not) depends on the other files
# of the tree, which a cached result does not see change (a fresh clone did).
export RUFF_NO_CACHE=true
if [ "$FIX" = 1 ]; then
    "$PRM_VENV/bin/ruff" format . && "$PRM_VENV/bin/ruff" check --fix . || status=1
    node_modules/.bin/prettier --log-level warn --write "${xml_files[@]}" || status=1
else
    "$PRM_VENV/bin/ruff" format --check . || status=1
    "$PRM_VENV/bin/ruff" check . || status=1
    node_modules/.bin/prettier --log-level warn --check "${xml_files[@]}" || status=1
fi
"$PRM_VENV/bin/pylint" --rcfile=.pylintrc "${addons[@]}" || status=1
# Odoo's export reads every translated call; every term has its zh_TW.
"$PRM_VENV/bin/python" setup/check_translatable.py || status=1
if [ "$FIX" = 1 ]; then
    "$PRM_VENV/bin/python" setup/gen_readme.py
else
    "$PRM_VENV/bin/python" setup/gen_readme.py --check || status=1
fi
[ "$status" = 0 ] && say "Lint passed." || say "Lint found problems (setup/lint.sh --fix rewrites what it can)."
exit "$status"
