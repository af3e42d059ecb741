#!/usr/bin/env bash
# Command 1: set up and run the demo network.
#
#   setup/demo.sh [--reset] [--port PORT] [--workers N] [--check]
#
# Creates (once) a vendor database and a partner database with demo data and
# the suite installed, connects them with partner_relationship_sync, starts
# Odoo with the queue_job runner on http://localhost:PORT (default 8069) and
# prints the logins. A second run reuses what exists.
#   --reset      drop and recreate both demo databases
#   --workers N  Odoo's prefork server, as in production: N HTTP workers (2 or
#                more), a cron worker, the websocket server on PORT+3
#   --check      start the server, exchange every flow, stop (no interactive run)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

VENDOR_DB="${PRM_DEMO_VENDOR_DB:-prm_vendor}"
PARTNER_DB="${PRM_DEMO_PARTNER_DB:-prm_partner}"
PORT=8069
WORKERS=0
RESET=0
CHECK_ONLY=0
while [ $# -gt 0 ]; do
    case "$1" in
        --reset) RESET=1 ;;
        --check) CHECK_ONLY=1 ;;
        --port) PORT="${2:?--port needs a number}"; shift ;;
        --workers) WORKERS="${2:?--workers needs a number}"; shift ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) die "Unknown option $1 (see setup/demo.sh --help)." ;;
    esac
    shift
done
[[ $WORKERS =~ ^[0-9]+$ ]] || die "--workers needs a number, not '$WORKERS'."
# A job's sending calls the other database on this same server: the job
# runner must leave an HTTP worker free to answer it.
[ "$WORKERS" = 0 ] || [ "$WORKERS" -ge 2 ] \
    || die "--workers needs 2 or more (a job calls the other database on this server)."
URL="http://localhost:$PORT"
CONFIG="$PRM_VAR/demo.conf"

ensure_postgres
ensure_odoo_src
ensure_venv
port_free "$PORT" || die "Port $PORT is in use: stop what runs there, or pass --port N."

if [ "$WORKERS" = 0 ]; then
    # Threaded server; scheduled actions in a process of their own (below).
    SERVER_MODE="workers = 0
max_cron_threads = 0"
    JOB_SLOTS="channels = root:2"
else
    # Prefork server (README, "Production"): Odoo's cron worker runs the
    # scheduled actions of both databases (db_name); queue_job's runner is a
    # process of its own, forked by the server, and runs each job in an HTTP
    # worker. Here a job's (or Send Now's) call to the other database takes a
    # second worker of this same server: N/2 - 1 job slots (at least one)
    # leave two workers for the user's own call.
    SERVER_MODE="workers = $WORKERS
max_cron_threads = 1
limit_memory_soft = 2147483648
limit_memory_hard = 2684354560
limit_time_cpu = 600
limit_time_real = 1200
limit_request = 65536"
    # (The channels are the sync's records: README, "Production".)
    JOB_SLOTS="max_capacity = $((WORKERS / 2 > 1 ? WORKERS / 2 - 1 : 1))"
fi

mkdir -p "$PRM_VAR/log"
cat > "$CONFIG" <<CONF
[options]
addons_path = $(PRM_ADDONS_PATH)
data_dir = $PRM_VAR/data
http_interface = 127.0.0.1
http_port = $PORT
gevent_port = $((PORT + 3))
server_wide_modules = base,web,queue_job
db_name = $VENDOR_DB,$PARTNER_DB
dbfilter = ^($VENDOR_DB|$PARTNER_DB)\$
$SERVER_MODE
log_level = info
logfile = $PRM_VAR/log/demo-server.log

[queue_job]
$JOB_SLOTS
CONF

suite_installed() {
    db_exists "$1" && psql -X -q -d "$1" -tAc \
        "SELECT 1 FROM ir_module_module WHERE name = 'partner_relationship_sync' AND state = 'installed'" \
        2>/dev/null | grep -q 1
}

for db in "$VENDOR_DB" "$PARTNER_DB"; do
    if [ "$RESET" = 1 ]; then
        say "Dropping $db (--reset)..."
        db_drop "$db"
    fi
    if suite_installed "$db"; then
        say "Database $db is ready (reusing it)."
        continue
    fi
    db_exists "$db" && { say "Database $db is incomplete: recreating it."; db_drop "$db"; }
    say "Creating $db with demo data and the suite (3 to 5 minutes)..."
    install_database "$db" -c "$CONFIG" --workers=0 --max-cron-threads=0 \
        --logfile="$PRM_VAR/log/install-$db.log"
done

"$PRM_VENV/bin/python" "$PRM_ROOT/setup/demo_network.py" connect \
    "$CONFIG" "$VENDOR_DB" "$PARTNER_DB" "$URL"

if [ "$WORKERS" = 0 ]; then
    say "Starting Odoo on $URL (log: $PRM_VAR/log/demo-server.log)..."
else
    say "Starting Odoo's prefork server on $URL: $WORKERS HTTP workers, a cron worker, the job runner (log: $PRM_VAR/log/demo-server.log)..."
fi
"$PRM_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONFIG" &
SERVER_PID=$!
CRON_PID=
CRON_INFO="scheduled
  actions in Odoo's cron worker."
if [ "$WORKERS" = 0 ]; then
    # Scheduled actions run in a process of their own: in a threaded server
    # that serves two databases, Odoo 18's cron thread stops when a request
    # reaches the registries while it goes through them (odoo/odoo#79823).
    # The prefork server's cron workers are processes: not affected.
    "$PRM_VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$CONFIG" --no-http --load=base,web \
        --max-cron-threads=1 --logfile="$PRM_VAR/log/demo-cron.log" &
    CRON_PID=$!
    CRON_INFO="scheduled
  actions in their own process (log: $PRM_VAR/log/demo-cron.log)."
fi
stop_server() {
    # SIGINT: the prefork server stops its workers (and the job runner's)
    # gracefully before it exits.
    kill -INT "$SERVER_PID" $CRON_PID 2>/dev/null || true
    wait "$SERVER_PID" $CRON_PID 2>/dev/null || true
}
trap 'say "Stopping Odoo..."; stop_server; exit 0' INT TERM
server_answers() {
    "$PRM_VENV/bin/python" -c "import sys, xmlrpc.client, socket
socket.setdefaulttimeout(5)
try:
    xmlrpc.client.ServerProxy(sys.argv[1] + '/xmlrpc/2/common').version()
except Exception:
    sys.exit(1)" "$URL"
}
started=0
for _ in $(seq 1 120); do
    kill -0 "$SERVER_PID" 2>/dev/null || die "Odoo stopped at start-up; see $PRM_VAR/log/demo-server.log."
    if server_answers; then
        started=1
        break
    fi
    sleep 1
done
if [ "$started" != 1 ]; then
    stop_server
    die "Odoo did not answer on $URL within 2 minutes; see $PRM_VAR/log/demo-server.log."
fi

CHECK_STATUS=0
"$PRM_VENV/bin/python" "$PRM_ROOT/setup/demo_network.py" check "$URL" "$VENDOR_DB" "$PARTNER_DB" \
    || CHECK_STATUS=$?
if [ "$CHECK_STATUS" = 0 ]; then
    say "Exchanging every flow between $VENDOR_DB and $PARTNER_DB..."
    # On the prefork server the job runner alone sends: a Send Now and a job
    # at once would each hold a worker and wait for another.
    EXCHANGE_MODE=()
    [ "$WORKERS" = 0 ] || EXCHANGE_MODE=(--runner-only)
    "$PRM_VENV/bin/python" "$PRM_ROOT/setup/demo_exchange.py" "${EXCHANGE_MODE[@]}" \
        "$URL" "$VENDOR_DB" "$PARTNER_DB" || CHECK_STATUS=$?
fi

cat <<INFO

  Partner Relationship Management demo is running.

  Vendor database     $VENDOR_DB
    vendor admin          admin / admin         (log in: $URL/web/login?db=$VENDOR_DB)
    channel manager       manager / manager     (Aurora Devices, US company)
                          manager_tw / manager_tw (Aurora Devices Taiwan)
    partner manager       partner_manager / partner_manager
    portal user           reseller / reseller   (Blue Harbor Services, portal only)
                          asp / asp             (Cloudpeak Hosting, portal only)
                          reseller_tw / reseller_tw (Kaohsiung Harbor Networks,
                            portal only, in Traditional Chinese:
                            $URL/web/login?db=$VENDOR_DB, then
                            $URL/zh_TW/web/login)
                          portal: $URL/web/login?db=$VENDOR_DB
  Partner database    $PARTNER_DB   $URL/web/login?db=$PARTNER_DB
    partner admin         admin / admin         (Northwind Systems, connected)

  Jobs: queue_job runner on (Settings > Technical > Queue Jobs); $CRON_INFO
  Stop with Ctrl-C. Recreate the databases with: setup/demo.sh --reset

INFO

if [ "$CHECK_ONLY" = 1 ]; then
    stop_server
    exit "$CHECK_STATUS"
fi
wait "$SERVER_PID"
