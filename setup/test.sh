#!/usr/bin/env bash
# Command 2: run every test of the suite.
#
#   setup/test.sh [pytest arguments...]
#
# Creates its own databases (prmtest_*), installs the three addons without
# demo data, runs the addons' tests with pytest-odoo (HTTP server and
# Chromium tours included) and the cross-database tests of tests/ against a
# real Odoo server on loopback, then drops the databases. It never touches
# the demo's databases. Exits non-zero on any failure.
# PRM_TEST_REUSE_DB=1 keeps the databases between runs (for development).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# PRM_TEST_DB_PREFIX (default prmtest) names the databases, so that two runs
# can go side by side.
DB_PREFIX=${PRM_TEST_DB_PREFIX:-prmtest}
DB_MAIN=${DB_PREFIX}_main
DB_VENDOR=${DB_PREFIX}_vendor
DB_PARTNER=${DB_PREFIX}_partner
DB_UNINSTALL=${DB_PREFIX}_uninstall
# Created by tests/test_wheels.py (the suite installed from its wheels).
DB_WHEELS=${DB_PREFIX}_wheels
# Made and dropped by tests/test_upgrade.py (a database of the previous release).
DB_UPGRADE=${DB_PREFIX}_upgrade

ensure_postgres
ensure_odoo_src
ensure_venv
ensure_chromium

cleanup() {
    local db
    for db in "$DB_MAIN" "$DB_VENDOR" "$DB_PARTNER" "$DB_UNINSTALL" "$DB_WHEELS" "$DB_UPGRADE"; do
        db_drop "$db" >/dev/null 2>&1 || true
    done
}
if [ "${PRM_TEST_REUSE_DB:-}" = 1 ] && db_exists "$DB_MAIN"; then
    # Developers' shortcut: keep the test databases of the previous run.
    say "Reusing the test databases (PRM_TEST_REUSE_DB=1); updating the suite..."
    odoo_bin -d "$DB_MAIN" -u "$PRM_MODULES" --data-dir="$PRM_VAR/data" \
        --stop-after-init --log-level=warn
else
    [ "${PRM_TEST_REUSE_DB:-}" = 1 ] || trap cleanup EXIT
    cleanup
    say "Installing the suite in a test database (about 2 minutes)..."
    started=$(date +%s)
    install_database "$DB_MAIN" --without-demo=all
    # Warnings too: a view inconsistent with its fields' groups, a readme
    # docutils cannot read, are bugs an integrator sees in the log.
    install_log="$PRM_VAR/log/install-$DB_MAIN.log"
    if grep -q ' WARNING ' "$install_log"; then
        grep -A 12 ' WARNING ' "$install_log" | head -n 40 >&2
        die "Installing the suite logged warnings (full log: $install_log)."
    fi
    say "Installed in $(( $(date +%s) - started ))s; copying it for the two-database tests..."
fi
copy_database "$DB_MAIN" "$DB_VENDOR"
copy_database "$DB_MAIN" "$DB_PARTNER"
copy_database "$DB_MAIN" "$DB_UNINSTALL"

export PRM_TEST_VENDOR_DB="$DB_VENDOR" PRM_TEST_PARTNER_DB="$DB_PARTNER" PRM_TEST_UNINSTALL_DB="$DB_UNINSTALL"
export PRM_TEST_WHEELS_DB="$DB_WHEELS"
export PRM_TEST_UPGRADE_DB="$DB_UPGRADE"
export PRM_ODOO_BIN="$ODOO_SRC/odoo-bin" PRM_ADDONS_PATH="$(PRM_ADDONS_PATH)"
export PRM_DATA_DIR="$PRM_VAR/data" PRM_LOG_DIR="$PRM_VAR/log"

cd "$PRM_ROOT"
say "Running the tests..."
# test-enable puts Odoo in test mode; the test-tags value matches no test so
# that loading the registry does not also run every installed module's
# at_install tests (pytest collects ours).
set +e
"$PRM_VENV/bin/pytest" \
    --odoo-database="$DB_MAIN" \
    --odoo-addons-path="$(PRM_ADDONS_PATH)" \
    --odoo-http \
    --odoo-log-level=warn \
    --odoo-extra=test-enable \
    --odoo-extra=test-tags=prm_pytest_collects_tests \
    --odoo-extra="data-dir=$PRM_VAR/data" \
    "$@"
status=$?
set -e
exit "$status"
