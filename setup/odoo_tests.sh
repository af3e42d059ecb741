#!/usr/bin/env bash
# Odoo's own tests of the modules the suite extends, without and with the suite.
#
#   setup/odoo_tests.sh [--keep] [--modules crm,sale] [--tags SPEC] [--demo]
#                       [--reuse] [--http-port PORT] [--prefix NAME]
#
# Creates two databases, one after the other, each with Odoo's test runner on
# (--test-enable) and the tests of the modules below selected: NAME_without,
# where it installs those modules, and NAME_with, where it installs them and
# the suite's three addons in the same go. Then compares the two logs
# (setup/odoo_tests_compare.py): a table of the tests run, failed and in error
# each way, the tests failing only with the suite, only without it, and both
# ways. Exits 1 when a test fails only with the suite, 0 otherwise. About 35
# minutes on a quiet machine (the first database took 18 minutes on
# 2026-12-03, most of it website tours waiting for Chromium until they time
# out). Not part of CI: run it before a release (docs/RELEASING.md).
#
# Why install with tests, and what it measures: Odoo runs a module's
# at_install tests right after installing it, with only its dependencies
# loaded, and every post_install test once all modules are installed, with
# the whole registry. The suite depends on the modules tested, so their
# at_install tests run before it is installed in both databases, as Odoo
# means them to; the post_install tests (most of them) run with the suite's
# code, data and rules. Running at_install tests on an already installed
# database instead makes them fail on columns of modules loaded later (null
# value in column "po_lead" of relation "res_company" violates not-null
# constraint), with or without the suite.
#
#   --keep           keep the databases (dropped at the end otherwise)
#   --modules LIST   run the tests of these modules only (comma-separated,
#                    default: all eight); the databases are the same
#   --tags SPEC      Odoo's --test-tags instead, e.g. one test:
#                    --tags /crm:TestCRMLead.test_crm_lead_create
#   --demo           install with demo data (default: without, as in production)
#   --reuse          run the tests again on the databases a --keep run left
#                    (no install; keeps them): right for post_install tests
#                    only, at_install tests fail there as said above
#   --http-port P    port of the HTTP server the tours use (default 8069)
#   --prefix NAME    database names NAME_without, NAME_with (default odootests)
#
# Logs: $PRM_VAR/log/odoo-tests-NAME_{without,with}.log
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ODOO_MODULES="crm,website_crm_partner_assign,sale,sale_management,sale_stock,purchase,portal,helpdesk_mgmt"

KEEP=0
REUSE=0
DEMO=0
MODULES="$ODOO_MODULES"
TAGS=""
HTTP_PORT=8069
PREFIX=odootests
while [ $# -gt 0 ]; do
    case "$1" in
        --keep) KEEP=1 ;;
        --reuse) REUSE=1 ;;
        --demo) DEMO=1 ;;
        --modules) MODULES="${2:?--modules needs a comma-separated list}"; shift ;;
        --tags) TAGS="${2:?--tags needs a test-tags specification}"; shift ;;
        --http-port) HTTP_PORT="${2:?--http-port needs a port}"; shift ;;
        --prefix) PREFIX="${2:?--prefix needs a name}"; shift ;;
        -h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
        *) die "Unknown option '$1' (see setup/odoo_tests.sh --help)." ;;
    esac
    shift
done
if [ -z "$TAGS" ]; then
    IFS=, read -r -a selected <<<"$MODULES"
    for module in "${selected[@]}"; do
        [[ ",$ODOO_MODULES," == *",$module,"* ]] \
            || die "--modules: '$module' is not one of $ODOO_MODULES."
    done
    TAGS="$(printf '/%s,' "${selected[@]}")"
    TAGS="${TAGS%,}"
fi
DB_WITHOUT="${PREFIX}_without"
DB_WITH="${PREFIX}_with"
LOG_DIR="$PRM_VAR/log"

ensure_postgres
ensure_odoo_src
ensure_venv
ensure_chromium
mkdir -p "$LOG_DIR"
port_free "$HTTP_PORT" || die "Port $HTTP_PORT is in use: choose another with --http-port."

cleanup() {
    db_drop "$DB_WITHOUT" >/dev/null 2>&1 || true
    db_drop "$DB_WITH" >/dev/null 2>&1 || true
}

run_tests() {
    # run_tests DB [MODULES]: Odoo's runner installing MODULES in a new DB (or
    # on DB as it is, without MODULES); the log is the result.
    local db="$1" modules="${2:-}"
    local log="$LOG_DIR/odoo-tests-$db.log"
    local install=()
    if [ -n "$modules" ]; then
        install=(-i "$modules")
        [ "$DEMO" = 1 ] || install+=(--without-demo=all)
    fi
    : >"$log"
    local started
    started=$(date +%s)
    say "${modules:+Installing $modules in $db, }running Odoo's tests ($TAGS)..."
    # Failing tests make odoo-bin exit non-zero: the log says which.
    # (odoo_bin's command itself, so that $! is Odoo's process)
    "$PRM_VENV/bin/python" "$ODOO_SRC/odoo-bin" --addons-path="$(PRM_ADDONS_PATH)" \
        -d "$db" "${install[@]}" --test-enable --test-tags "$TAGS" --stop-after-init \
        --data-dir="$PRM_VAR/data" --http-port="$HTTP_PORT" --max-cron-threads=0 \
        --logfile="$log" &
    local pid=$!
    # Odoo logs its summary, closes its connections and may then never exit
    # (seen after the tours, 2026-12-03): a minute after the summary, stop it.
    while kill -0 "$pid" 2>/dev/null; do
        if grep -q 'when loading database' "$log"; then
            for _ in $(seq 1 60); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 1
            done
            kill "$pid" 2>/dev/null || true
            break
        fi
        sleep 5
    done
    wait "$pid" || true
    if grep -q -E ' CRITICAL |Failed to initialize database' "$log"; then
        grep -E -A 20 ' CRITICAL |Failed to initialize database' "$log" | head -n 40 >&2
        die "Odoo could not load $db (full log: $log)."
    fi
    if [ -n "$modules" ]; then
        local missing
        missing="$(psql -X -d "$db" -tAc "SELECT string_agg(name, ', ') FROM ir_module_module
            WHERE name = ANY(string_to_array('$modules', ',')) AND state != 'installed'")"
        [ -z "$missing" ] || die "Not installed in $db: $missing (full log: $log)."
    fi
    say "$db: $(grep -o '[0-9]* failed, [0-9]* error(s) of [0-9]* tests' "$log" | tail -n 1) in $(( $(date +%s) - started ))s (log: $log)"
}

if [ "$REUSE" = 1 ]; then
    db_exists "$DB_WITHOUT" && db_exists "$DB_WITH" \
        || die "--reuse: $DB_WITHOUT and $DB_WITH do not exist (run once with --keep)."
    run_tests "$DB_WITHOUT"
    run_tests "$DB_WITH"
else
    cleanup
    [ "$KEEP" = 1 ] || trap cleanup EXIT
    run_tests "$DB_WITHOUT" "$ODOO_MODULES"
    run_tests "$DB_WITH" "$ODOO_MODULES,$PRM_MODULES"
fi

# What the result is about, for the release record (docs/RELEASING.md).
odoo_commit="$(git -C "$ODOO_SRC" rev-parse --short HEAD 2>/dev/null || echo "no git metadata")"
suite_commit="$(git -C "$PRM_ROOT" describe --always --dirty 2>/dev/null || echo "no git metadata")"
versions="$(cd "$PRM_ROOT" && for addon in ${PRM_MODULES//,/ }; do
    printf '%s %s, ' "$addon" "$(sed -n 's/^ *"version": "\(.*\)",/\1/p' "$addon/__manifest__.py")"
done)"
demo="$(psql -X -d "$DB_WITH" -tAc "SELECT demo FROM ir_module_module WHERE name = 'base'")"
echo
echo "Odoo $(odoo_src_version "$ODOO_SRC") at $ODOO_SRC ($odoo_commit); suite $suite_commit: ${versions%, }"
echo "Tests: $TAGS; demo data: $([ "$demo" = t ] && echo yes || echo no)"
echo
set +e
"$PRM_VENV/bin/python" "$PRM_ROOT/setup/odoo_tests_compare.py" \
    "$LOG_DIR/odoo-tests-$DB_WITHOUT.log" "$LOG_DIR/odoo-tests-$DB_WITH.log"
status=$?
set -e
case "$status" in
    0) say "No test fails only with the suite." ;;
    1) say "Some tests fail only with the suite (listed above)." ;;
    *) die "Could not compare the runs (see above)." ;;
esac
exit "$status"
