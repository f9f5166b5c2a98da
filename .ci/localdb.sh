#!/usr/bin/env bash
# localdb.sh makes sure a local PostgreSQL is running with the role and the
# database the site needs, then prints a DATABASE_URL for it on stdout.
# `make run` and `make test` call it only when DATABASE_URL is unset.
#
# On Debian (pg_ctlcluster present) it starts the packaged cluster, creating
# it if needed; PostgreSQL is installed with apt-get when it is missing.
# Elsewhere it runs initdb/pg_ctl on a cluster under .pgdata/ as an
# unprivileged user, because PostgreSQL's server programs refuse to run as root.
# Running it again is harmless: every step checks before it acts.
set -euo pipefail

role=careers
password=careers
dbname=careers
log() { echo "localdb: $*" >&2; }
die() { log "$*"; exit 1; }

if [ "$(id -u)" = 0 ]; then as_pg() { runuser -u postgres -- "$@"; }; else as_pg() { "$@"; }; fi

server_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(server_bin)" ] && ! command -v pg_ctl >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "PostgreSQL is not installed; installing it with apt-get"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  else
    die "PostgreSQL is not installed: install it (Debian: apt-get install postgresql) or set DATABASE_URL"
  fi
fi

if command -v pg_ctlcluster >/dev/null && [ "$(id -u)" = 0 ]; then
  # Debian's packaged cluster: pg_ctlcluster switches to the postgres user itself.
  version=$(basename "$(dirname "$(server_bin)")")
  if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {found=1} END {exit !found}'; then
    log "creating cluster $version/main"
    pg_createcluster "$version" main >&2
  fi
  port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
  if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" && $4 ~ /online/ {found=1} END {exit !found}'; then
    log "starting cluster $version/main on port $port"
    pg_ctlcluster "$version" main start >&2
  fi
  psql_admin() { as_pg psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres "$@"; }
else
  # A private cluster in the work tree, run by an unprivileged user.
  bin=$(server_bin)
  [ -n "$bin" ] || bin=$(dirname "$(command -v pg_ctl)")
  top=$(cd "$(dirname "$0")/.." && pwd)
  data="$top/.pgdata"
  port=${LOCALDB_PORT:-54329}
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$data" postgres
    mkdir -p "$data" && chown postgres "$data"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    log "initialising a cluster in $data"
    as_pg "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 >&2
  fi
  if ! as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "starting the cluster in $data on port $port"
    as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
      -o "-p $port -k $data -c listen_addresses=127.0.0.1" start >&2
  fi
  psql_admin() { as_pg psql -X -q -v ON_ERROR_STOP=1 -h "$data" -p "$port" -U postgres -d postgres "$@"; }
fi

for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$port" || die "PostgreSQL did not accept connections on 127.0.0.1:$port"

# CREATEDB lets the tests clone a fresh database per package from a template.
psql_admin <<SQL >&2
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$role') THEN
    CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password';
  END IF;
END
\$\$;
SQL
if [ -z "$(psql_admin -tA -c "SELECT 1 FROM pg_database WHERE datname = '$dbname'")" ]; then
  log "creating database $dbname"
  psql_admin -c "CREATE DATABASE $dbname OWNER $role" >&2
fi

echo "postgres://$role:$password@127.0.0.1:$port/$dbname?sslmode=disable"
