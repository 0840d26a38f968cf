#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the store tests, on 127.0.0.1 only.
# Idempotent: installs PostgreSQL if missing, creates the cluster once under .data/postgres,
# starts it if it is not running, and prints the export line for LABELBRIDGE_TEST_POSTGRES.
#   eval "$(scripts/postgres-test-server.sh | tail -n 1)"
# Environment: LABELBRIDGE_PG_PORT (default: 55432, or the next free port above it when another server holds it).
# Run as root (it switches to the postgres OS user).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root_dir="$repo_root/.data/postgres"
port_file="$root_dir/port"
cluster_dir="$root_dir/cluster"
socket_dir="$root_dir/socket"
password_file="$root_dir/test-password"
log_file="$root_dir/server.log"
role="labelbridge"

log() { echo "postgres-test-server: $*" >&2; }

find_bin_dir() {
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir
        return
    fi
    local candidate
    candidate="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$candidate" ] && [ -x "$candidate/initdb" ]; then
        echo "$candidate"
    fi
}

bin_dir="$(find_bin_dir)"
if [ -z "$bin_dir" ]; then
    log "installing postgresql"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y postgresql >&2; then
        apt-get update >&2
        apt-get install -y postgresql >&2
    fi
    bin_dir="$(find_bin_dir)"
fi
if [ -z "$bin_dir" ]; then
    log "initdb not found after installing postgresql"
    exit 1
fi

as_postgres() { runuser -u postgres -- "$@"; }

mkdir -p "$root_dir" "$socket_dir"
chown postgres:postgres "$root_dir" "$socket_dir"
chmod 0700 "$socket_dir"

if [ ! -s "$password_file" ]; then
    umask 077
    head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$password_file"
fi
password="$(cat "$password_file")"

if [ ! -f "$cluster_dir/PG_VERSION" ]; then
    log "creating cluster in $cluster_dir"
    mkdir -p "$cluster_dir"
    chown postgres:postgres "$cluster_dir"
    chmod 0700 "$cluster_dir"
    as_postgres "$bin_dir/initdb" -D "$cluster_dir" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >&2
fi

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if as_postgres "$bin_dir/pg_ctl" -D "$cluster_dir" status >/dev/null 2>&1; then
    # Already running: on the port it was started on.
    port="$(cat "$port_file" 2>/dev/null || echo "${LABELBRIDGE_PG_PORT:-55432}")"
else
    port="${LABELBRIDGE_PG_PORT:-}"
    if [ -z "$port" ]; then
        # Another checkout's test server (or anything else) may hold the default port: a fresh clone must still pass.
        port=55432
        while port_taken "$port"; do
            port=$((port + 1))
            if [ "$port" -ge 55532 ]; then
                log "no free port in 55432-55531; set LABELBRIDGE_PG_PORT"
                exit 1
            fi
        done
    fi
    echo "$port" > "$port_file"
    log "starting on 127.0.0.1:$port"
    touch "$log_file"
    chown postgres:postgres "$log_file"
    as_postgres "$bin_dir/pg_ctl" -D "$cluster_dir" -l "$log_file" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$socket_dir -c fsync=off" start >&2
fi

deadline=$((SECONDS + 60))
until "$bin_dir/pg_isready" -h 127.0.0.1 -p "$port" -q; do
    if [ "$SECONDS" -ge "$deadline" ]; then
        log "server did not become ready; see $log_file"
        exit 1
    fi
    sleep 0.5
done

as_postgres "$bin_dir/psql" -h "$socket_dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q >&2 <<SQL
SELECT format('CREATE ROLE %I LOGIN CREATEDB', '$role')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$role') \gexec
ALTER ROLE $role WITH LOGIN CREATEDB PASSWORD '$password';
-- DROP DATABASE ... WITH (FORCE) must be able to end an autovacuum worker visiting a test database: those run as no
-- role, so only pg_signal_backend lets a non-superuser terminate them (procarray.c, TerminateOtherDBBackends).
GRANT pg_signal_backend TO $role;
SQL

log "ready"
echo "export LABELBRIDGE_TEST_POSTGRES=\"Host=127.0.0.1;Port=$port;Username=$role;Password=$password;Database=postgres\""
