#!/usr/bin/env bash
# Installs (if missing) and starts RabbitMQ and PostgreSQL 15 on loopback for IntegrationHub's
# integration tests and benchmarks, creates the `hub` role and databases, and prints the env exports.
# Debian 12, run as root. Idempotent: already installed/running/created is fine.
#
#   exports=$(sudo deploy/local/start-infra.sh) && eval "$exports"
#
# Progress goes to stderr; stdout carries only the `export` lines.
# HUB_RABBITMQ_MANAGEMENT=1 also enables the management UI on 127.0.0.1:15672 (off by default: it costs
# memory and some CPU for stats on small machines).
set -euo pipefail

# Everything goes to stderr except the export lines, which go to the original stdout (fd 3): tools we
# call print to stdout at times (pg_ctlcluster: "Removed stale pid file."), and `eval` would run that.
# Daemons started below get 3>&- so they do not hold the caller's $(…) pipe open.
exec 3>&1 1>&2

log() { echo "[start-infra] $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  echo "start-infra.sh: run as root (apt-get, su rabbitmq, su postgres)" >&2
  exit 1
fi

PG_VERSION=15
PG_CLUSTER=main
HUB_DB_USER=hub
HUB_DB_PASSWORD=hub
HUB_DATABASES=(hub_test hub_bench)

# --- packages ---------------------------------------------------------------------------------------
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
# jq is what models/fetch reads manifests with; fonts-noto-cjk renders the OCR tests' Chinese text;
# libgtk-3-0 is what OpenCvSharp's native library (crack geometry) links against.
for pkg in rabbitmq-server "postgresql-$PG_VERSION" fonts-noto-cjk jq libgtk-3-0; do
  installed "$pkg" || missing+=("$pkg")
done
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt_log=$(mktemp /tmp/start-infra-apt.XXXXXX.log)
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends \
           -o Dpkg::Options::=--force-confold "${missing[@]}"; } >"$apt_log" 2>&1; then
    tail -n 60 "$apt_log" >&2
    log "apt-get failed (full log: $apt_log)"
    exit 1
  fi
  rm -f "$apt_log"
else
  log "packages present"
fi

# --- RabbitMQ ---------------------------------------------------------------------------------------
# Debian's package does not start the broker after install (no systemd / policy-rc.d in containers).
# AMQP listens on 127.0.0.1 only; the node name falls back to rabbit@localhost when the host name does
# not resolve (the broker refuses to start otherwise). Set in rabbitmq-env.conf so rabbitmqctl agrees.
RMQ_ENV=/etc/rabbitmq/rabbitmq-env.conf
RMQ_PID_FILE=/var/lib/rabbitmq/rabbitmq-hub.pid
rmq_env_set() { # KEY VALUE: append unless the key is already set (a running node keeps what it booted with)
  grep -q "^$1=" "$RMQ_ENV" || printf '# added by IntegrationHub deploy/local/start-infra.sh\n%s=%s\n' "$1" "$2" >>"$RMQ_ENV"
}
touch "$RMQ_ENV"
rmq_env_set NODE_IP_ADDRESS 127.0.0.1
getent hosts "$(hostname -s)" >/dev/null 2>&1 || rmq_env_set NODENAME rabbit@localhost
rmq_env_set PID_FILE "$RMQ_PID_FILE"

rmq_running=0
rabbitmq-diagnostics -q ping >/dev/null 2>&1 && rmq_running=1

if [ "${HUB_RABBITMQ_MANAGEMENT:-0}" = 1 ]; then
  RMQ_CONF=/etc/rabbitmq/rabbitmq.conf   # read at boot only
  touch "$RMQ_CONF"
  grep -q '^management.tcp.ip' "$RMQ_CONF" || echo 'management.tcp.ip = 127.0.0.1' >>"$RMQ_CONF"
  if [ "$rmq_running" = 1 ]; then
    rabbitmq-plugins -q enable rabbitmq_management >&2
  else
    rabbitmq-plugins -q enable --offline rabbitmq_management >&2
  fi
fi

if [ "$rmq_running" = 1 ]; then
  log "rabbitmq already running"
else
  log "starting rabbitmq (takes ~10-30 s)"
  # cd: the broker writes erl_crash.dump into its working directory.
  su rabbitmq -s /bin/sh -c 'cd /var/lib/rabbitmq && rabbitmq-server -detached' 3>&-
  # `wait` blocks until the pid file appears and the app has booted; bound it in case boot fails.
  if ! timeout 180 rabbitmqctl -q wait "$RMQ_PID_FILE" >&2; then
    log "rabbitmq did not start; last log lines:"
    tail -n 40 /var/log/rabbitmq/*.log >&2 || true
    exit 1
  fi
fi
# The AMQP listener is up once the app is running; check the port anyway (a clear error beats a test timeout).
for _ in $(seq 1 30); do
  if (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; then break; fi
  sleep 1
done
(exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null || { log "nothing listens on 127.0.0.1:5672"; exit 1; }
log "rabbitmq ready on 127.0.0.1:5672 (guest/guest, loopback only)"

# --- PostgreSQL -------------------------------------------------------------------------------------
# Debian installs the cluster stopped here. Defaults already fit: listen_addresses='localhost',
# port 5432, scram-sha-256 for host 127.0.0.1/32; checked below rather than rewritten.
PG_CONF_DIR=/etc/postgresql/$PG_VERSION/$PG_CLUSTER
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c && $4 ~ /online/ {f=1} END {exit !f}'; then
  log "starting postgresql $PG_VERSION/$PG_CLUSTER"
  pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start 3>&-
else
  log "postgresql already running"
fi

if ! grep -Eq '^[[:space:]]*host[[:space:]]+all[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+(scram-sha-256|md5)' "$PG_CONF_DIR/pg_hba.conf"; then
  log "pg_hba.conf has no password rule for 127.0.0.1; adding one"
  echo 'host all all 127.0.0.1/32 scram-sha-256  # added by IntegrationHub deploy/local/start-infra.sh' >>"$PG_CONF_DIR/pg_hba.conf"
  pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" reload
fi

psql_admin() { su postgres -s /bin/sh -c "cd / && psql -X -q -v ON_ERROR_STOP=1 -p 5432 $*"; }

psql_admin "-d postgres" <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$HUB_DB_USER') THEN
    CREATE ROLE $HUB_DB_USER LOGIN CREATEDB PASSWORD '$HUB_DB_PASSWORD';
  ELSE
    ALTER ROLE $HUB_DB_USER LOGIN CREATEDB PASSWORD '$HUB_DB_PASSWORD';
  END IF;
END
\$\$;
SQL
for db in "${HUB_DATABASES[@]}"; do
  exists=$(psql_admin "-d postgres -tA -c \"SELECT 1 FROM pg_database WHERE datname = '$db'\"")
  if [ "$exists" != 1 ]; then
    psql_admin "-d postgres -c 'CREATE DATABASE $db OWNER $HUB_DB_USER'"
    log "created database $db"
  fi
done

if ! PGPASSWORD=$HUB_DB_PASSWORD PGCONNECT_TIMEOUT=5 psql -X -q -h 127.0.0.1 -p 5432 -U "$HUB_DB_USER" -d hub_test -tAc 'select 1' >/dev/null; then
  log "cannot log in as $HUB_DB_USER over TCP on 127.0.0.1:5432"
  exit 1
fi
log "postgresql ready on 127.0.0.1:5432 (role $HUB_DB_USER, databases ${HUB_DATABASES[*]})"

# --- defog-dev evaluation databases ------------------------------------------------------------------
# `hub eval nl2sql` runs defog's dev questions against defog_<db> (read-only role hubeval); load.sh drops and
# recreates them, so it runs only when one is missing (../shared beside the repository, as in CI).
DEFOG_DIR="$(cd "$(dirname "$0")/../.." && pwd)/../shared/datasets/defog-dev"
if [ -f "$DEFOG_DIR/load.sh" ]; then
  defog_missing=0
  for f in "$DEFOG_DIR"/dbs/*.sql; do
    db=defog_$(basename "$f" .sql)
    [ "$(psql_admin "-d postgres -tA -c \"SELECT 1 FROM pg_database WHERE datname = '$db'\"")" = 1 ] || defog_missing=1
  done
  if [ "$defog_missing" = 1 ]; then
    log "loading defog-dev into postgresql"
    bash "$DEFOG_DIR/load.sh" "$DEFOG_DIR" >&2
  else
    log "defog-dev databases present"
  fi
else
  log "no $DEFOG_DIR: the defog-dev evaluation will skip (or fail under HUB_REQUIRE_INFRA=1)"
fi

cat <<OUT >&3
export HUB_TEST_RABBITMQ='amqp://guest:guest@127.0.0.1:5672/'
export HUB_TEST_POSTGRES='Host=127.0.0.1;Username=$HUB_DB_USER;Password=$HUB_DB_PASSWORD;Database=hub_test'
export HUB_BENCH_POSTGRES='Host=127.0.0.1;Username=$HUB_DB_USER;Password=$HUB_DB_PASSWORD;Database=hub_bench'
export HUB_TEST_DEFOG='Host=127.0.0.1;Username=hubeval;Password=hubeval;Database=defog_{db}'
OUT
