#!/usr/bin/env bash
# Runs a performance benchmark of the suite.
#
#   bench/run.sh BENCHMARK [--reset] [--database NAME] [benchmark options...]
#   bench/run.sh lead_routing --partners 1000 --leads 10000 --seed 42
#   bench/run.sh partner_figures --partners 200 --years 5
#
# The first run installs the three addons without demo data in the database
# prm_bench (prm_bench_portal for portal_pages; about 2-3 minutes); later
# runs reuse it, updating the addons in it first when their files changed.
# --reset drops and recreates it. The benchmarks leave it as installed: they
# roll their data back or commit it to a copy they drop.
source "$(dirname "${BASH_SOURCE[0]}")/../setup/common.sh"

BENCH_DIR="$PRM_ROOT/bench"

usage() {
    echo "Usage: bench/run.sh BENCHMARK [--reset] [options...]; benchmarks:" >&2
    local script
    for script in "$BENCH_DIR"/*.py; do
        echo "  $(basename "$script" .py)" >&2
    done
    exit 2
}

addons_fingerprint() {
    # Changes whenever a file of the three addons changes.
    (cd "$PRM_ROOT" && find partner_relationship partner_relationship_portal \
        partner_relationship_sync -type f ! -name '*.pyc' -print0 \
        | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-16)
}

db_fingerprint() {
    # The addons' fingerprint when the database was last installed or
    # updated, kept as the database's comment.
    psql -X -q -d postgres -tAc "SELECT shobj_description(oid, 'pg_database')
        FROM pg_database WHERE datname = '$1'"
}

update_database() {
    local name="$1" log="$PRM_VAR/log/update-$1.log"
    mkdir -p "$PRM_VAR/log"
    : >"$log" # Odoo appends: check this update's lines only.
    odoo_bin -d "$name" -u "$PRM_MODULES" --data-dir="$PRM_VAR/data" \
        --stop-after-init --log-level=warn --logfile="$log" \
        || die "Updating the suite in database $name failed (log: $log); try --reset."
    if grep -q -E ' (ERROR|CRITICAL) ' "$log"; then
        grep -E -A 20 ' (ERROR|CRITICAL) ' "$log" | head -n 60 >&2
        die "Updating the suite in database $name logged errors (log: $log); try --reset."
    fi
}

[ $# -ge 1 ] || usage
benchmark="$1"
shift
[[ "$benchmark" =~ ^[a-z_]+$ ]] && [ -f "$BENCH_DIR/$benchmark.py" ] || usage

# portal_pages serves its data over HTTP from a copy of its database: it has
# a database of its own, so that it never waits for another benchmark's.
case "$benchmark" in
    portal_pages) database=prm_bench_portal ;;
    *) database=prm_bench ;;
esac
reset=0
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --reset) reset=1 ;;
        --database) database="${2:?--database needs a name}"; shift ;;
        --database=*) database="${1#--database=}" ;;
        *) args+=("$1") ;;
    esac
    shift
done
[[ "$database" =~ ^[a-z][a-z0-9_]*$ ]] \
    || die "Database name '$database': use lowercase letters, digits and underscores."
case "$database" in
    prmtest_*|prmdev|prmdemo|prm_vendor|prm_partner)
        die "Database $database belongs to the tests or the demo: pick another name." ;;
esac

ensure_postgres
ensure_odoo_src
ensure_venv

if [ "$reset" = 1 ]; then
    say "Dropping database $database (--reset)..."
    db_drop "$database"
fi
fingerprint="$(addons_fingerprint)"
if ! db_exists "$database"; then
    say "Installing the suite in database $database (about 2-3 minutes)..."
    started=$(date +%s)
    install_database "$database" --without-demo=all
    say "Installed in $(( $(date +%s) - started ))s."
elif [ "$(db_fingerprint "$database")" != "$fingerprint" ]; then
    say "The addons changed since database $database was set up: updating it..."
    update_database "$database"
else
    say "Reusing database $database (--reset to recreate it)."
fi
psql -X -q -d postgres -c "COMMENT ON DATABASE \"$database\" IS '$fingerprint'"

code="$(git -C "$PRM_ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
say "Running benchmark $benchmark (code $code)..."
exec "$PRM_VENV/bin/python" "$BENCH_DIR/$benchmark.py" \
    --addons-path="$(PRM_ADDONS_PATH)" \
    --data-dir="$PRM_VAR/data" \
    --database="$database" \
    "${args[@]}"
