#!/usr/bin/env bash
# The local MLOps stack without Docker: MariaDB/MySQL, PostgreSQL, an S3 server (s3rver, on disk) and MLflow, plus a
# second MLflow that proxies artifacts (--serve-artifacts, mlflow-artifacts:/ root) for tests of that configuration.
# Usage: scripts/stack.sh up|down|status|stop SERVICE|start SERVICE|purge EXPERIMENT_IDS
#        (SERVICE: mlflow, mlflow-proxy, s3, mysql, postgres)
# Idempotent: `up` twice is safe; `down` stops only what `up` started (PIDs in .stack/pids/).
# Every port and credential can be overridden through the STACK_* variables below.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STACK_DIR="${STACK_DIR:-$ROOT/.stack}"
VENV="$STACK_DIR/venv"
LOGS="$STACK_DIR/logs"
PIDS="$STACK_DIR/pids"

STACK_HOST="${STACK_HOST:-127.0.0.1}"
STACK_MYSQL_PORT="${STACK_MYSQL_PORT:-3306}"
STACK_MYSQL_ROOT_USER="${STACK_MYSQL_ROOT_USER:-root}"
STACK_MYSQL_ROOT_PASSWORD="${STACK_MYSQL_ROOT_PASSWORD:-}"
STACK_PG_PORT="${STACK_PG_PORT:-5432}"
STACK_PG_SUPERUSER="${STACK_PG_SUPERUSER:-postgres}"
STACK_S3_PORT="${STACK_S3_PORT:-9000}"
STACK_MLFLOW_PORT="${STACK_MLFLOW_PORT:-5000}"
# MLflow's SQL pool per worker (MLFLOW_SQLALCHEMYSTORE_*). MLflow's create_run holds one connection while it takes a
# second (get_experiment), so a pool smaller than twice the concurrent run creations deadlocks until SQLAlchemy's
# 30 s pool timeout: the gateway creates runs 8 at a time. Idle connections stay few (the pool size); the overflow
# closes when the burst ends, which keeps PostgreSQL's 100 connections for the gateways.
STACK_MLFLOW_POOL_SIZE="${STACK_MLFLOW_POOL_SIZE:-3}"
STACK_MLFLOW_POOL_OVERFLOW="${STACK_MLFLOW_POOL_OVERFLOW:-17}"
STACK_MLFLOW_WORKERS="${STACK_MLFLOW_WORKERS:-2}"
STACK_MLFLOW_PROXY_PORT="${STACK_MLFLOW_PROXY_PORT:-5001}"
STACK_MLFLOW_PROXY_WORKERS="${STACK_MLFLOW_PROXY_WORKERS:-1}"
STACK_MLFLOW_DB="${STACK_MLFLOW_DB:-mlflow}"
STACK_BUCKET="${STACK_BUCKET:-mlflow}"
STACK_DB_USER="${STACK_DB_USER:-gateway}"
STACK_DB_PASSWORD="${STACK_DB_PASSWORD:-gateway}"
STACK_S3_KEY="${STACK_S3_KEY:-minioadmin}"
STACK_S3_SECRET="${STACK_S3_SECRET:-minioadmin}"

mkdir -p "$LOGS" "$PIDS"

log() { printf '[stack] %s\n' "$*" >&2; }
die() { printf '[stack] error: %s\n' "$*" >&2; exit 1; }

wait_for() { # wait_for NAME SECONDS CMD...
  local name="$1" secs="$2"; shift 2
  local i=0
  until "$@" >/dev/null 2>&1; do
    i=$((i + 1))
    if [ "$i" -ge $((secs * 4)) ]; then
      log "$name did not become healthy in ${secs}s; see $LOGS"; return 1
    fi
    sleep 0.25
  done
}

http_ok() { curl -fsS -o /dev/null --max-time 2 "$1"; }

is_running() { # is_running NAME: a PID file whose process is alive
  local f="$PIDS/$1.pid"
  [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null
}

apt_install() {
  [ "$(id -u)" = 0 ] || die "$* is not installed and this is not root: install it, or point STACK_* at a running server"
  command -v apt-get >/dev/null || die "$* is not installed and apt-get is missing"
  log "installing $* from Debian packages"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# ------------------------------------------------------------------ MySQL / MariaDB
mysql_root() {
  MYSQL_PWD="$STACK_MYSQL_ROOT_PASSWORD" mysql --protocol=TCP -h "$STACK_HOST" -P "$STACK_MYSQL_PORT" \
    -u "$STACK_MYSQL_ROOT_USER" "$@"
}
mysql_ping() { mysql_root -e 'SELECT 1'; }

mysql_up() {
  if ! mysql_ping >/dev/null 2>&1; then
    if ! command -v mariadbd >/dev/null && ! command -v mysqld >/dev/null && [ ! -x /usr/sbin/mariadbd ]; then
      apt_install mariadb-server mariadb-client
    fi
    log "starting MariaDB"
    local bin=/usr/sbin/mariadbd; [ -x "$bin" ] || bin="$(command -v mariadbd || command -v mysqld)"
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
    # A server still shutting down (SHUTDOWN returns before the process exits) would make the start a no-op.
    for _ in $(seq 1 120); do pgrep -x mariadbd >/dev/null || pgrep -x mysqld >/dev/null || break; sleep 0.25; done
    start-stop-daemon --start --oknodo --background --exec "$bin" -- --port="$STACK_MYSQL_PORT" \
      >>"$LOGS/mysql.log" 2>&1 || true
    touch "$PIDS/mysql.started-by-stack"
    wait_for mysql 60 mysql_ping || die "MySQL is not reachable on $STACK_HOST:$STACK_MYSQL_PORT"
  fi
  mysql_root <<SQL
CREATE DATABASE IF NOT EXISTS datasets CHARACTER SET utf8mb4;
CREATE USER IF NOT EXISTS '$STACK_DB_USER'@'%' IDENTIFIED BY '$STACK_DB_PASSWORD';
CREATE USER IF NOT EXISTS '$STACK_DB_USER'@'localhost' IDENTIFIED BY '$STACK_DB_PASSWORD';
GRANT ALL PRIVILEGES ON datasets.* TO '$STACK_DB_USER'@'%';
GRANT ALL PRIVILEGES ON datasets.* TO '$STACK_DB_USER'@'localhost';
FLUSH PRIVILEGES;
SQL
}

# ------------------------------------------------------------------ PostgreSQL
pg_ping() { pg_isready -q -h "$STACK_HOST" -p "$STACK_PG_PORT"; }
psql_super() { psql -v ON_ERROR_STOP=1 -q -h "$STACK_HOST" -p "$STACK_PG_PORT" -U "$STACK_PG_SUPERUSER" "$@"; }

pg_up() {
  if ! pg_ping; then
    command -v pg_ctlcluster >/dev/null || apt_install postgresql
    log "starting PostgreSQL"
    local ver; ver="$(ls /etc/postgresql | sort -V | tail -1)"
    pg_ctlcluster --skip-systemctl-redirect "$ver" main start >>"$LOGS/postgres.log" 2>&1 || true
    touch "$PIDS/postgres.started-by-stack"
    wait_for postgres 60 pg_ping || die "PostgreSQL is not reachable on $STACK_HOST:$STACK_PG_PORT"
  fi
  psql_super -d postgres <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$STACK_DB_USER') THEN
    CREATE ROLE "$STACK_DB_USER" LOGIN PASSWORD '$STACK_DB_PASSWORD';
  END IF;
END \$\$;
SQL
  local db
  for db in "$STACK_MLFLOW_DB" mlflow_proxy gateway datasets; do
    if [ "$(psql_super -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
      psql_super -d postgres -c "CREATE DATABASE \"$db\" OWNER \"$STACK_DB_USER\"" >/dev/null
    fi
  done
}

# ------------------------------------------------------------------ Python venv (MLflow and its clients)
venv_up() {
  local want have
  want="$(sha256sum "$ROOT/scripts/requirements-stack.txt" | cut -c1-16)"
  have="$(cat "$VENV/.requirements-hash" 2>/dev/null || true)"
  if [ "$want" = "$have" ] && [ -x "$VENV/bin/mlflow" ]; then return 0; fi
  command -v python3 >/dev/null || apt_install python3 python3-venv
  log "creating the Python venv in $VENV (pinned MLflow); this takes a few minutes once"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV" || { apt_install python3-venv; python3 -m venv "$VENV"; }
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$ROOT/scripts/requirements-stack.txt" \
    >>"$LOGS/pip.log" 2>&1 || die "pip install failed; see $LOGS/pip.log"
  echo "$want" >"$VENV/.requirements-hash"
}

# ------------------------------------------------------------------ S3 (s3rver: buckets and objects as files)
# s3rver (npm) keeps every object under $S3_DATA, so models survive a restart of the server or of the machine.
# It is installed from scripts/s3-server/package-lock.json into $STACK_DIR/s3-server, once.
S3_SERVER="$STACK_DIR/s3-server"
S3_DATA="${STACK_S3_DATA:-$STACK_DIR/s3-data}"
s3_url() { echo "http://$STACK_HOST:$STACK_S3_PORT"; }
# Any S3 server answers an anonymous GET / (s3rver, moto, MinIO's health path differs but / answers too).
s3_ping() { curl -s -o /dev/null --max-time 2 -w '%{http_code}' "$(s3_url)/" | grep -qE '^(200|403)$'; }

s3_server_up() {
  local src="$ROOT/scripts/s3-server" want have
  want="$(cat "$src/package-lock.json" "$src/serve.mjs" | sha256sum | cut -c1-16)"
  have="$(cat "$S3_SERVER/.install-hash" 2>/dev/null || true)"
  if [ "$want" = "$have" ] && [ -d "$S3_SERVER/node_modules/s3rver" ]; then return 0; fi
  command -v npm >/dev/null || die "npm is needed to install the local S3 server (s3rver)"
  log "installing the S3 server (s3rver) in $S3_SERVER"
  mkdir -p "$S3_SERVER"
  cp "$src/package.json" "$src/package-lock.json" "$src/serve.mjs" "$S3_SERVER/"
  (cd "$S3_SERVER" && npm ci --omit=dev --no-audit --no-fund --ignore-scripts >>"$LOGS/s3-install.log" 2>&1) ||
    die "installing s3rver failed; see $LOGS/s3-install.log"
  echo "$want" >"$S3_SERVER/.install-hash"
}

s3_start() {
  if s3_ping; then
    is_running s3 || log "reusing the S3 server already listening on $(s3_url)"
    return 0
  fi
  s3_server_up
  mkdir -p "$S3_DATA"
  log "starting the S3 server (s3rver, data in $S3_DATA) on $(s3_url)"
  setsid node "$S3_SERVER/serve.mjs" --address "$STACK_HOST" --port "$STACK_S3_PORT" --directory "$S3_DATA" \
    --access-key "$STACK_S3_KEY" --secret-key "$STACK_S3_SECRET" --bucket "$STACK_BUCKET" \
    >>"$LOGS/s3.log" 2>&1 </dev/null &
  echo $! >"$PIDS/s3.pid"
  wait_for s3 60 s3_ping || die "the S3 server did not start; see $LOGS/s3.log"
}

s3_bucket() {
  AWS_ACCESS_KEY_ID="$STACK_S3_KEY" AWS_SECRET_ACCESS_KEY="$STACK_S3_SECRET" AWS_DEFAULT_REGION=us-east-1 \
    "$VENV/bin/python" - "$(s3_url)" "$STACK_BUCKET" <<'PY'
import sys, boto3
s3 = boto3.client("s3", endpoint_url=sys.argv[1])
names = [b["Name"] for b in s3.list_buckets().get("Buckets", [])]
if sys.argv[2] not in names:
    s3.create_bucket(Bucket=sys.argv[2])
PY
}

# ------------------------------------------------------------------ MLflow
mlflow_url() { echo "http://$STACK_HOST:$STACK_MLFLOW_PORT"; }
backend_uri() { echo "postgresql+psycopg2://$STACK_DB_USER:$STACK_DB_PASSWORD@$STACK_HOST:$STACK_PG_PORT/$STACK_MLFLOW_DB"; }
proxy_backend_uri() { echo "postgresql+psycopg2://$STACK_DB_USER:$STACK_DB_PASSWORD@$STACK_HOST:$STACK_PG_PORT/mlflow_proxy"; }
mlflow_proxy_url() { echo "http://$STACK_HOST:$STACK_MLFLOW_PROXY_PORT"; }

mlflow_start() {
  if http_ok "$(mlflow_url)/health"; then
    is_running mlflow || log "reusing the MLflow server already listening on $(mlflow_url)"
    return 0
  fi
  log "starting MLflow on $(mlflow_url)"
  # MLflow 3's job execution (GenAI scoring, trace archival) starts a dozen worker processes the gateway never
  # uses; on a 2-core machine they slowed every restart of the server by tens of seconds.
  MLFLOW_S3_ENDPOINT_URL="$(s3_url)" AWS_ACCESS_KEY_ID="$STACK_S3_KEY" AWS_SECRET_ACCESS_KEY="$STACK_S3_SECRET" \
    AWS_DEFAULT_REGION=us-east-1 MLFLOW_ENABLE_TELEMETRY=false DO_NOT_TRACK=true \
    MLFLOW_SQLALCHEMYSTORE_POOL_SIZE="$STACK_MLFLOW_POOL_SIZE" \
    MLFLOW_SQLALCHEMYSTORE_MAX_OVERFLOW="$STACK_MLFLOW_POOL_OVERFLOW" MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false \
    setsid "$VENV/bin/mlflow" server --host "$STACK_HOST" --port "$STACK_MLFLOW_PORT" \
    --workers "$STACK_MLFLOW_WORKERS" \
    --backend-store-uri "$(backend_uri)" \
    --default-artifact-root "s3://$STACK_BUCKET/" \
    --allowed-hosts "localhost:*,127.0.0.1:*,$STACK_HOST:*" \
    >>"$LOGS/mlflow.log" 2>&1 </dev/null &
  echo $! >"$PIDS/mlflow.pid"
  wait_for mlflow 180 http_ok "$(mlflow_url)/health" || die "MLflow did not start; see $LOGS/mlflow.log"
}

# The second configuration: clients never see S3. New experiments get mlflow-artifacts:/ roots, and the server
# writes the bytes to its artifacts destination (a prefix of the same bucket), with its own backend database.
mlflow_proxy_start() {
  if http_ok "$(mlflow_proxy_url)/health"; then
    is_running mlflow-proxy || log "reusing the proxying MLflow server already listening on $(mlflow_proxy_url)"
    return 0
  fi
  log "starting the artifact-proxying MLflow on $(mlflow_proxy_url)"
  MLFLOW_S3_ENDPOINT_URL="$(s3_url)" AWS_ACCESS_KEY_ID="$STACK_S3_KEY" AWS_SECRET_ACCESS_KEY="$STACK_S3_SECRET" \
    AWS_DEFAULT_REGION=us-east-1 MLFLOW_ENABLE_TELEMETRY=false DO_NOT_TRACK=true \
    MLFLOW_SQLALCHEMYSTORE_POOL_SIZE="$STACK_MLFLOW_POOL_SIZE" \
    MLFLOW_SQLALCHEMYSTORE_MAX_OVERFLOW="$STACK_MLFLOW_POOL_OVERFLOW" MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false \
    setsid "$VENV/bin/mlflow" server --host "$STACK_HOST" --port "$STACK_MLFLOW_PROXY_PORT" \
    --workers "$STACK_MLFLOW_PROXY_WORKERS" \
    --backend-store-uri "$(proxy_backend_uri)" \
    --serve-artifacts --artifacts-destination "s3://$STACK_BUCKET/proxied" \
    --allowed-hosts "localhost:*,127.0.0.1:*,$STACK_HOST:*" \
    >>"$LOGS/mlflow-proxy.log" 2>&1 </dev/null &
  echo $! >"$PIDS/mlflow-proxy.pid"
  wait_for mlflow-proxy 180 http_ok "$(mlflow_proxy_url)/health" ||
    die "the proxying MLflow did not start; see $LOGS/mlflow-proxy.log"
}

adopt_pid() { # adopt_pid NAME PATTERN: take over a service another checkout started (so `stop` works on it)
  local f="$PIDS/$1.pid"
  if [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; then return 0; fi
  local pid; pid="$(pgrep -o -f "$2" || true)"
  if [ -n "$pid" ]; then echo "$pid" >"$f"; fi
}
mlflow_pattern() { echo "mlflow server --host $STACK_HOST --port $STACK_MLFLOW_PORT "; }
mlflow_proxy_pattern() { echo "mlflow server --host $STACK_HOST --port $STACK_MLFLOW_PROXY_PORT "; }
s3_pattern() { echo "s3-server/serve.mjs --address $STACK_HOST --port $STACK_S3_PORT "; }

stop_pid() { # stop_pid NAME: the process group recorded in NAME.pid
  local f="$PIDS/$1.pid"
  [ -f "$f" ] || return 0
  local pid; pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $1 (pid $pid)"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

write_env() {
  cat >"$STACK_DIR/env" <<EOF
# Written by scripts/stack.sh: the connection settings of the local stack.
MYSQL_URL=mysql://$STACK_DB_USER:$STACK_DB_PASSWORD@$STACK_HOST:$STACK_MYSQL_PORT/datasets
DATASETS_PG_URL=postgres://$STACK_DB_USER:$STACK_DB_PASSWORD@$STACK_HOST:$STACK_PG_PORT/datasets
DATABASE_URL=postgres://$STACK_DB_USER:$STACK_DB_PASSWORD@$STACK_HOST:$STACK_PG_PORT/gateway
MLFLOW_TRACKING_URI=$(mlflow_url)
MLFLOW_PROXY_TRACKING_URI=$(mlflow_proxy_url)
S3_ENDPOINT=$(s3_url)
S3_REGION=us-east-1
S3_ACCESS_KEY_ID=$STACK_S3_KEY
S3_SECRET_ACCESS_KEY=$STACK_S3_SECRET
S3_BUCKET=$STACK_BUCKET
STACK_VENV=$VENV
EOF
}

status() {
  local rc=0
  if mysql_ping >/dev/null 2>&1; then echo "mysql     up    $STACK_HOST:$STACK_MYSQL_PORT"; else echo "mysql     down  $STACK_HOST:$STACK_MYSQL_PORT"; rc=1; fi
  if pg_ping; then echo "postgres  up    $STACK_HOST:$STACK_PG_PORT"; else echo "postgres  down  $STACK_HOST:$STACK_PG_PORT"; rc=1; fi
  if s3_ping; then echo "s3        up    $(s3_url)  bucket $STACK_BUCKET"; else echo "s3        down  $(s3_url)"; rc=1; fi
  if http_ok "$(mlflow_url)/health"; then echo "mlflow    up    $(mlflow_url)"; else echo "mlflow    down  $(mlflow_url)"; rc=1; fi
  if http_ok "$(mlflow_proxy_url)/health"; then echo "mlflow-proxy up $(mlflow_proxy_url)  mlflow-artifacts:/"; else echo "mlflow-proxy down $(mlflow_proxy_url)"; rc=1; fi
  return $rc
}

case "${1:-}" in
  up)
    command -v curl >/dev/null || apt_install curl
    mysql_up
    pg_up
    venv_up
    s3_start
    s3_bucket
    mlflow_start
    mlflow_proxy_start
    write_env
    log "stack is up; settings in $STACK_DIR/env"
    # Each service above already waited for its own health check: a slow answer here (a loaded machine) is
    # reported, not fatal.
    status || true
    ;;
  down)
    stop_pid mlflow-proxy
    stop_pid mlflow
    stop_pid s3
    if [ -f "$PIDS/mysql.started-by-stack" ]; then
      log "stopping MariaDB (started by the stack)"; mysql_root -e 'SHUTDOWN' 2>/dev/null || true
      rm -f "$PIDS/mysql.started-by-stack"
    fi
    if [ -f "$PIDS/postgres.started-by-stack" ]; then
      log "stopping PostgreSQL (started by the stack)"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main stop || true
      rm -f "$PIDS/postgres.started-by-stack"
    fi
    ;;
  status) status ;;
  stop) # for fault tests: stop one service
    case "${2:-}" in
      mlflow) adopt_pid mlflow "$(mlflow_pattern)"; stop_pid mlflow ;;
      mlflow-proxy) adopt_pid mlflow-proxy "$(mlflow_proxy_pattern)"; stop_pid mlflow-proxy ;;
      s3)
        adopt_pid s3 "$(s3_pattern)"
        # Restart it on the same objects: a server another checkout started keeps its data in that checkout.
        if [ -f "$PIDS/s3.pid" ]; then
          tr '\0' '\n' <"/proc/$(cat "$PIDS/s3.pid")/cmdline" 2>/dev/null | grep -A1 -x -- '--directory' | tail -n +2 \
            >"$PIDS/s3.data" || true
        fi
        stop_pid s3 ;;
      mysql) mysql_root -e 'SHUTDOWN' 2>/dev/null || true; wait_for "mysql stop" 30 bash -c "! MYSQL_PWD='$STACK_MYSQL_ROOT_PASSWORD' mysql --protocol=TCP -h $STACK_HOST -P $STACK_MYSQL_PORT -u $STACK_MYSQL_ROOT_USER -e 'SELECT 1'" ;;
      postgres) pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main stop -m fast ;;
      *) die "usage: stack.sh stop mlflow|mlflow-proxy|s3|mysql|postgres" ;;
    esac ;;
  start)
    case "${2:-}" in
      mlflow) mlflow_start ;;
      mlflow-proxy) mlflow_proxy_start ;;
      s3)
        if [ -s "$PIDS/s3.data" ]; then S3_DATA="$(cat "$PIDS/s3.data")"; fi
        rm -f "$PIDS/s3.data"
        s3_start; s3_bucket ;;
      mysql) mysql_up ;;
      postgres) pg_up ;;
      *) die "usage: stack.sh start mlflow|mlflow-proxy|s3|mysql|postgres" ;;
    esac ;;
  purge) # permanently delete experiments already deleted in MLflow, with their runs and artifacts (npm run stack:clean)
    [ -n "${2:-}" ] || die "usage: stack.sh purge EXPERIMENT_ID[,EXPERIMENT_ID...]"
    MLFLOW_TRACKING_URI="$(mlflow_url)" MLFLOW_S3_ENDPOINT_URL="$(s3_url)" AWS_ACCESS_KEY_ID="$STACK_S3_KEY" \
      AWS_SECRET_ACCESS_KEY="$STACK_S3_SECRET" AWS_DEFAULT_REGION=us-east-1 MLFLOW_ENABLE_TELEMETRY=false \
      "$VENV/bin/mlflow" gc --backend-store-uri "$(backend_uri)" --experiment-ids "$2" ;;
  *) echo "usage: $0 up|down|status|stop SERVICE|start SERVICE|purge EXPERIMENT_IDS" >&2; exit 2 ;;
esac
