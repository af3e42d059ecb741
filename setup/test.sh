#!/usr/bin/env bash
# Command 2: run every test of the suite.
#
#   setup/test.sh                       every test (what CI runs, .ci/run)
#   setup/test.sh [pytest arguments...] pytest-odoo on what you name
#
# Creates its own databases (prmtest_*), installs the three addons without
# demo data and fails on any warning of the install. Without arguments it
# then runs the addons' tests (<addon>/tests/) under Odoo's own runner on
# that database (at_install and post_install, HTTP server and Chromium tours
# included) and fails unless Odoo reports "0 failed, 0 error(s)" and logs no
# ERROR or CRITICAL line nor a skipped test; copies the database and runs the
# cross-database tests of tests/ with pytest against a real Odoo server on
# loopback; then runs the leads, orders and faults tests once more against
# Odoo's prefork server (PRM_TEST_WORKERS=2, fresh copies of the vendor and
# partner databases). Each other test runs once. With arguments (paths, -k, -x...) it runs
# pytest-odoo on what they select instead, the addons' tests included:
# pytest's testpaths (every test) when they name no path. Drops the
# databases at the end and exits non-zero on any failure.
# PRM_TEST_REUSE_DB=1 keeps the databases between runs (for development).
# PRM_TEST_WORKERS=N runs the cross-database tests against Odoo's prefork
# server with N HTTP workers (default 0: the threaded server).
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

addon_test_tags() {
    # /partner_relationship,/partner_relationship_portal,/partner_relationship_sync
    echo "/${PRM_MODULES//,/,/}"
}

# A log record's first line: "2026-01-31 12:00:00,000 PID LEVEL db logger: ...".
LOG_PREFIX='^[0-9][0-9-]+ [0-9:,]+ [0-9]+ '
LOG_ERROR="${LOG_PREFIX}(ERROR|CRITICAL) "
LOG_SKIP="${LOG_PREFIX}[A-Z]+ [^ ]+ [^ ]+: skipped "
TEST_SUMMARY='[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests'

test_log_summary() {
    grep -E -o "$TEST_SUMMARY" "$1" | tail -n 1 || echo "no test summary"
}

log_records() {
    # log_records LOG REGEX: the records whose first line matches REGEX,
    # traceback included.
    awk -v record="${LOG_PREFIX}[A-Z]+ " -v match_="$2" '
        $0 ~ record { shown = ($0 ~ match_) }
        shown { print }' "$1"
}

check_test_log() {
    # check_test_log LOG ODOO_STATUS: fails, printing what failed, unless
    # Odoo's final summary is "0 failed, 0 error(s)" of at least one test and
    # the log has no ERROR or CRITICAL record nor a skipped test (as in
    # pytest, see conftest.py: a test a slow machine skips hides a failure).
    local log="$1" odoo_status="$2" ok=0 summary
    summary="$(test_log_summary "$log")"
    if ! [[ $summary =~ ^0\ failed,\ 0\ error\(s\)\ of\ [1-9] ]]; then
        printf '[prm] Odoo reports: %s\n' "$summary" >&2
        ok=1
    fi
    if grep -q -E "$LOG_ERROR" "$log"; then
        printf '[prm] ERROR and CRITICAL records of the log:\n' >&2
        log_records "$log" "$LOG_ERROR" | head -n 300 >&2
        ok=1
    fi
    if grep -q -E "$LOG_SKIP" "$log"; then
        printf '[prm] Skipped tests (the suite counts a skip as a failure):\n' >&2
        grep -E "$LOG_SKIP" "$log" | head -n 50 >&2
        ok=1
    fi
    if [ "$ok" = 0 ] && [ "$odoo_status" != 0 ]; then
        printf '[prm] odoo-bin exited with status %s:\n' "$odoo_status" >&2
        tail -n 40 "$log" >&2
        ok=1
    fi
    return "$ok"
}

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
    say "Installed in $(( $(date +%s) - started ))s."
fi
cd "$PRM_ROOT"
status=0
EVERY_TEST=0

if [ $# = 0 ]; then
    EVERY_TEST=1
    # The addons' tests under Odoo's runner, as Odoo and OCA's CI run them:
    # test-enable without -i/-u runs the at_install tests of each installed
    # module as the registry loads it, then the post_install ones.
    addons_log="$PRM_VAR/log/tests-$DB_MAIN.log"
    : >"$addons_log"
    port=${PRM_TEST_HTTP_PORT:-$(free_port)}
    say "Running the addons' tests under Odoo's runner (log: $addons_log)..."
    started=$(date +%s)
    set +e
    odoo_bin -d "$DB_MAIN" --data-dir="$PRM_VAR/data" --http-port="$port" \
        --test-enable --test-tags "$(addon_test_tags)" --stop-after-init \
        --log-level=test --logfile="$addons_log"
    odoo_status=$?
    set -e
    if ! check_test_log "$addons_log" "$odoo_status"; then
        say "The addons' tests failed (full log: $addons_log)."
        status=1
    fi
    say "Addons' tests: $(test_log_summary "$addons_log"), in $(( $(date +%s) - started ))s."
    set -- tests
fi

copy_database "$DB_MAIN" "$DB_VENDOR"
copy_database "$DB_MAIN" "$DB_PARTNER"
copy_database "$DB_MAIN" "$DB_UNINSTALL"

export PRM_TEST_VENDOR_DB="$DB_VENDOR" PRM_TEST_PARTNER_DB="$DB_PARTNER" PRM_TEST_UNINSTALL_DB="$DB_UNINSTALL"
export PRM_TEST_WHEELS_DB="$DB_WHEELS"
export PRM_TEST_UPGRADE_DB="$DB_UPGRADE"
export PRM_ODOO_BIN="$ODOO_SRC/odoo-bin" PRM_ADDONS_PATH="$(PRM_ADDONS_PATH)"
export PRM_DATA_DIR="$PRM_VAR/data" PRM_LOG_DIR="$PRM_VAR/log"

say "Running the tests with pytest ($*)..."
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
    "$@" || status=1
set -e

if [ "$EVERY_TEST" = 1 ]; then
    # Production runs Odoo's prefork server: the tests that exchange leads
    # and orders between the databases, and kill and restart a remote, once
    # more against it, on new copies of the installed database (the first
    # pass left its records in the others).
    copy_database "$DB_MAIN" "$DB_VENDOR"
    copy_database "$DB_MAIN" "$DB_PARTNER"
    say "Running the leads, orders and faults tests against Odoo's prefork server (2 workers)..."
    started=$(date +%s)
    set +e
    PRM_TEST_WORKERS=2 "$PRM_VENV/bin/pytest" -p no:odoo -q \
        tests/test_sync_leads.py tests/test_sync_orders.py tests/test_sync_faults.py \
        || status=1
    set -e
    say "Prefork pass: $(( $(date +%s) - started ))s."
fi
exit "$status"
