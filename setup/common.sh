# shellcheck shell=bash
# Shared helpers for setup/demo.sh and setup/test.sh.
# Sourced, not run. Every helper prints one clear line and exits on failure.

set -euo pipefail

PRM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PRM_VENV="${PRM_VENV:-$PRM_ROOT/.venv}"
PRM_VAR="${PRM_VAR:-$PRM_ROOT/.var}"
PRM_ODOO_BRANCH="18.0"
PRM_ODOO_GIT="https://github.com/odoo/odoo.git"
export PIP_DISABLE_PIP_VERSION_CHECK=1

say() { printf '\033[1m[prm]\033[0m %s\n' "$*" >&2; }
die() { printf '[prm] ERROR: %s\n' "$*" >&2; exit 1; }

# --- PostgreSQL -------------------------------------------------------------

pg_reachable() {
    psql -X -q -d postgres -c 'SELECT 1' >/dev/null 2>&1
}

ensure_postgres() {
    if command -v psql >/dev/null 2>&1 && pg_reachable; then
        return 0
    fi
    if [ "$(id -u)" != 0 ]; then
        command -v psql >/dev/null 2>&1 \
            || die "PostgreSQL is missing: install it (sudo apt-get install postgresql) or set PGHOST/PGUSER/PGPASSWORD to a reachable server."
        die "PostgreSQL is not reachable as '$(id -un)': start it (sudo service postgresql start) and create your role (sudo -u postgres createuser -s $(id -un)), or set PGHOST/PGUSER/PGPASSWORD."
    fi
    if ! command -v pg_lsclusters >/dev/null 2>&1; then
        say "Installing PostgreSQL (apt-get)..."
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null \
            || die "apt-get could not install postgresql."
    fi
    local version cluster
    read -r version cluster _ < <(pg_lsclusters -h | head -n 1) \
        || die "No PostgreSQL cluster found: create one with pg_createcluster."
    say "Starting PostgreSQL $version/$cluster..."
    pg_ctlcluster "$version" "$cluster" start 2>/dev/null || true
    local role
    role="$(id -un)"
    for _ in $(seq 1 30); do
        if su postgres -c "psql -X -q -d postgres -c 'SELECT 1'" >/dev/null 2>&1; then
            break
        fi
        sleep 1
    done
    su postgres -c "psql -X -q -d postgres -tc \"SELECT 1 FROM pg_roles WHERE rolname = '$role'\"" \
        | grep -q 1 \
        || su postgres -c "createuser --superuser '$role'" \
        || die "Could not create the PostgreSQL role '$role'."
    pg_reachable || die "PostgreSQL started but '$role' cannot connect to it."
}

# --- Odoo source --------------------------------------------------------------

odoo_src_version() {
    # Prints the major.minor of an Odoo source tree, or nothing.
    local src="$1"
    [ -f "$src/odoo/release.py" ] || return 0
    sed -n 's/^version_info = (\([0-9]*\), \([0-9]*\),.*/\1.\2/p' "$src/odoo/release.py"
}

ensure_odoo_src() {
    local src
    if [ -n "${ODOO_SRC:-}" ]; then
        src="$ODOO_SRC"
    elif [ -d /opt/odoo ]; then
        src=/opt/odoo
    else
        src="$PRM_ROOT/.odoo"
        if [ ! -d "$src/odoo" ]; then
            command -v git >/dev/null 2>&1 \
                || die "No Odoo source found and git is missing: install git, or set ODOO_SRC to an Odoo $PRM_ODOO_BRANCH source tree."
            say "Cloning Odoo $PRM_ODOO_BRANCH (shallow) into $src..."
            git clone -q --depth 1 --branch "$PRM_ODOO_BRANCH" "$PRM_ODOO_GIT" "$src" \
                || die "Could not clone Odoo $PRM_ODOO_BRANCH: set ODOO_SRC to an Odoo $PRM_ODOO_BRANCH source tree."
        fi
    fi
    [ -f "$src/odoo-bin" ] || die "No Odoo source at $src (odoo-bin missing): set ODOO_SRC to an Odoo $PRM_ODOO_BRANCH source tree."
    local version
    version="$(odoo_src_version "$src")"
    [ "$version" = "$PRM_ODOO_BRANCH" ] \
        || die "Odoo at $src is version '${version:-unknown}', this suite needs $PRM_ODOO_BRANCH: set ODOO_SRC."
    ODOO_SRC="$(cd "$src" && pwd)"
    export ODOO_SRC
}

# --- Python environment ---------------------------------------------------------

pick_python() {
    local candidate
    for candidate in "${PRM_PYTHON:-}" python3.12 python3.11 python3.10 python3; do
        [ -n "$candidate" ] || continue
        command -v "$candidate" >/dev/null 2>&1 || continue
        if "$candidate" -c 'import sys; sys.exit(not ((3, 10) <= sys.version_info[:2] <= (3, 12)))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    die "Odoo 18.0 needs Python 3.10 to 3.12: install python3 (and python3-venv, python3-dev)."
}

# Bump when ensure_venv installs differently.
PRM_VENV_REVISION=1

venv_fingerprint() {
    # Changes whenever a requirement list or the Odoo source location changes.
    cat "$PRM_ROOT/requirements.txt" "$ODOO_SRC/requirements.txt" | sha1sum | cut -c1-12
    echo "$ODOO_SRC rev$PRM_VENV_REVISION"
}

ensure_build_tools() {
    # Odoo pins psycopg2 and python-ldap's neighbours as sdists: they compile.
    local missing=()
    command -v gcc >/dev/null 2>&1 || missing+=(build-essential)
    command -v pg_config >/dev/null 2>&1 || missing+=(libpq-dev)
    [ ${#missing[@]} = 0 ] || [ "$(id -u)" != 0 ] || {
        say "Installing build tools (apt-get: ${missing[*]} python3-dev python3-venv)..."
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" \
            python3-dev python3-venv >/dev/null \
            || die "apt-get could not install the build tools."
        missing=()
    }
    [ ${#missing[@]} = 0 ] \
        || die "Building Odoo's requirements needs: sudo apt-get install build-essential libpq-dev python3-dev python3-venv"
}

pip_install() {
    # pip install, without the warnings about local package indexes that some
    # machines configure but do not have.
    "$PRM_VENV/bin/pip" install "$@" 2>&1 \
        | { grep -v "is ignored: it is neither a file nor a directory" || true; }
    return "${PIPESTATUS[0]}"
}

ensure_venv() {
    local stamp="$PRM_VENV/.prm-installed"
    local fingerprint
    fingerprint="$(venv_fingerprint)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$fingerprint" ]; then
        return 0
    fi
    local python
    python="$(pick_python)"
    ensure_build_tools
    if [ ! -x "$PRM_VENV/bin/pip" ]; then
        say "Creating the virtual environment in $PRM_VENV..."
        rm -rf "$PRM_VENV"
        if ! "$python" -m venv "$PRM_VENV"; then
            rm -rf "$PRM_VENV"
            die "Could not create a virtual environment: install python3-venv."
        fi
    fi
    # Old sdists in Odoo's pinned list import pkg_resources at build time.
    local constraints="$PRM_VENV/prm-build-constraints.txt"
    echo 'setuptools<81' > "$constraints"
    export PIP_CONSTRAINT="$constraints" PIP_BUILD_CONSTRAINT="$constraints"
    say "Installing Odoo's requirements (first run only, a few minutes)..."
    pip_install -q 'setuptools<81' wheel
    # python-ldap only serves auth_ldap and needs LDAP headers to build.
    grep -v -i '^python-ldap' "$ODOO_SRC/requirements.txt" > "$PRM_VENV/odoo-requirements.txt"
    pip_install -q -r "$PRM_VENV/odoo-requirements.txt" \
        || die "pip could not install Odoo's requirements (see above)."
    # compat mode: a plain editable install turns 'odoo' into a namespace
    # package once OCA wheels add site-packages/odoo/addons.
    pip_install -q --no-deps -e "$ODOO_SRC" --config-settings editable_mode=compat \
        || die "pip could not install Odoo from $ODOO_SRC."
    say "Installing the suite's requirements and OCA addons..."
    pip_install -q -r "$PRM_ROOT/requirements.txt" \
        || die "pip could not install requirements.txt (see above)."
    "$PRM_VENV/bin/python" -c 'import odoo.tools, odoo.addons.queue_job, odoo.addons.helpdesk_mgmt' \
        || die "The virtual environment is incomplete: remove $PRM_VENV and run again."
    echo "$fingerprint" > "$stamp"
}

# --- Odoo helpers -----------------------------------------------------------------

PRM_ADDONS_PATH() {
    echo "$ODOO_SRC/addons,$PRM_ROOT"
}

odoo_bin() {
    # Runs odoo-bin from the virtual environment with the suite's addons path.
    "$PRM_VENV/bin/python" "$ODOO_SRC/odoo-bin" --addons-path="$(PRM_ADDONS_PATH)" "$@"
}

db_exists() {
    psql -X -q -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1
}

db_drop() {
    # Drops a database and its filestore.
    if db_exists "$1"; then
        dropdb --force "$1"
    fi
    rm -rf "$PRM_VAR/data/filestore/$1"
}

port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
    # A TCP port of the loopback that nothing listens on, from the kernel.
    "$PRM_VENV/bin/python" -c 'import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])'
}

ensure_chromium() {
    # Portal tours run in headless Chromium (Odoo's tour framework).
    local bin
    for bin in chromium google-chrome chromium-browser google-chrome-stable; do
        command -v "$bin" >/dev/null 2>&1 && return 0
    done
    [ "$(id -u)" = 0 ] \
        || die "Chromium is missing for the portal tours: install it (sudo apt-get install chromium)."
    say "Installing Chromium (apt-get)..."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
        || die "apt-get could not install chromium."
}

PRM_MODULES="partner_relationship,partner_relationship_portal,partner_relationship_sync"

install_database() {
    # install_database NAME [odoo-bin options...]: creates NAME with the suite.
    local name="$1"
    shift
    mkdir -p "$PRM_VAR/log"
    local log="$PRM_VAR/log/install-$name.log"
    : >"$log" # Odoo appends: check this install's lines only.
    if ! odoo_bin -d "$name" -i "$PRM_MODULES" --data-dir="$PRM_VAR/data" \
        --stop-after-init --log-level=warn --logfile="$log" "$@"; then
        tail -n 40 "$log" >&2
        die "Installing the suite in database $name failed (full log: $log)."
    fi
    if grep -q -E ' (ERROR|CRITICAL) ' "$log"; then
        grep -E -A 20 ' (ERROR|CRITICAL) ' "$log" | head -n 60 >&2
        die "Installing the suite in database $name logged errors (full log: $log)."
    fi
}

copy_database() {
    # copy_database SOURCE TARGET: a fast copy, filestore included.
    db_drop "$2"
    createdb -T "$1" "$2"
    if [ -d "$PRM_VAR/data/filestore/$1" ]; then
        mkdir -p "$PRM_VAR/data/filestore"
        cp -a "$PRM_VAR/data/filestore/$1" "$PRM_VAR/data/filestore/$2"
    fi
}
