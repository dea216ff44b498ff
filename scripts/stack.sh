#!/usr/bin/env bash
# Local stack for salesrank: a MariaDB primary, a MariaDB replica replicating
# from it with GTID, and a Redis server, all on 127.0.0.1, run as the current
# user with their data under var/stack/ of the worktree this script belongs to.
#
#   scripts/stack.sh up       install (Debian packages) if missing, start, migrate the schema
#                             (scripts/migrate.sh), wait for replication
#   scripts/stack.sh down     stop the processes this stack started (by their pid files)
#   scripts/stack.sh status   what runs, and the replica's replication state
#   scripts/stack.sh env      `export NAME=value` lines; use: eval "$(scripts/stack.sh env)"
#
# SALESRANK_PORT_OFFSET (default 0) is added to every port so that several
# worktrees can each run a stack at once: primary 13306, replica 13307, redis 16379.
# SALESRANK_REPLICAS=2 (default 1) makes `up` run a second replica too, on 13308 (for the fault
# tests and scripts/bench-faults.sh); `up` with 1 stops a second replica that runs. `env` lists
# every replica that runs in SALESRANK_REPLICA_URLS.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STACK="$ROOT/var/stack"
SECRETS="$STACK/secrets.env"
OFFSET="${SALESRANK_PORT_OFFSET:-0}"
[[ "$OFFSET" =~ ^[0-9]+$ ]] || { echo "SALESRANK_PORT_OFFSET must be a non-negative integer, got '$OFFSET'" >&2; exit 2; }
PRIMARY_PORT=$((13306 + OFFSET))
REPLICA_PORT=$((13307 + OFFSET))
REDIS_PORT=$((16379 + OFFSET))
REPLICA2_PORT=$((13308 + OFFSET))
REPLICAS="${SALESRANK_REPLICAS:-1}"
[[ "$REPLICAS" == 1 || "$REPLICAS" == 2 ]] || { echo "SALESRANK_REPLICAS must be 1 or 2, got '$REPLICAS'" >&2; exit 2; }
DB=salesrank
WRITER_USER=salesrank_writer
READER_USER=salesrank_reader
CATALOG_USER=salesrank_catalog
REPL_USER=salesrank_repl
# runs the schema migrations (scripts/migrate.sh) over TCP; the OS user stays the socket-only superuser
ADMIN_USER=salesrank_admin
# mariadbd and friends live in sbin on Debian, which a non-root PATH may lack
export PATH="$PATH:/usr/sbin:/sbin"
OS_USER="$(id -un)"

log() { echo "stack: $*" >&2; }
die() { echo "stack: ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------- install

missing_tools() {
  local t
  for t in mariadbd mariadb mariadb-install-db mariadb-admin redis-server redis-cli; do
    command -v "$t" >/dev/null 2>&1 || echo "$t"
  done
}

ensure_installed() {
  local missing
  missing="$(missing_tools)"
  [[ -z "$missing" ]] && return 0
  log "missing: $(echo $missing)"
  if ! command -v apt-get >/dev/null 2>&1; then
    die "no apt-get here; install MariaDB server and client 10.11+ (mariadbd, mariadb, mariadb-install-db, mariadb-admin) and Redis 7 (redis-server, redis-cli), then rerun"
  fi
  local sudo=""
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "installing packages needs root: apt-get install mariadb-server mariadb-client redis-server"
    sudo="sudo"
  fi
  local pkgs=(mariadb-server mariadb-client redis-server)
  # The packages' postinst scripts may start system services; we ignore them
  # and run our own processes on our own ports.
  log "installing ${pkgs[*]} from Debian's packages"
  if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pkgs[@]}" >&2; then
    log "install failed; refreshing package lists and retrying"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pkgs[@]}" >&2
  fi
  missing="$(missing_tools)"
  [[ -z "$missing" ]] || die "still missing after install: $(echo $missing)"
}

# ---------------------------------------------------------------- secrets

random_password() {
  # 24 alphanumerics: safe inside SQL string literals, URLs and shell quotes
  local p
  p="$(head -c 256 /dev/urandom | tr -dc 'A-Za-z0-9' | head -c 24 || true)"
  [[ ${#p} -eq 24 ]] || p="$(head -c 512 /dev/urandom | tr -dc 'A-Za-z0-9' | head -c 24 || true)"
  echo "$p"
}

ensure_secrets() {
  mkdir -p "$STACK"
  (umask 077
   touch "$SECRETS"
   # each one generated once; a stack from before a name existed gets it added
   local name
   for name in WRITER_PASSWORD READER_PASSWORD CATALOG_PASSWORD REPL_PASSWORD ADMIN_PASSWORD; do
     grep -q "^$name=" "$SECRETS" || echo "$name=$(random_password)" >>"$SECRETS"
   done)
  # shellcheck disable=SC1090
  source "$SECRETS"
}

load_secrets() {
  [[ -s "$SECRETS" ]] || die "no stack secrets in $SECRETS; run: scripts/stack.sh up"
  # shellcheck disable=SC1090
  source "$SECRETS"
}

# ---------------------------------------------------------------- processes

pid_alive() { # pidfile: true when its process runs and is one of ours (not a reused pid)
  local pf="$1" pid cmd
  [[ -s "$pf" ]] || return 1
  pid="$(cat "$pf")"
  kill -0 "$pid" 2>/dev/null || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 0
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
  case "$pf" in
    */redis.pid) [[ "$cmd" == *redis-server* ]] ;;
    *) [[ "$cmd" == *"$(dirname "$pf")/data"* ]] ;;
  esac
}

sock() { echo "$STACK/$1/mysqld.sock"; }

sql_admin() { # node, then mariadb client args; the admin is the OS user over the socket
  local node="$1"; shift
  mariadb --no-defaults -S "$(sock "$node")" -u "$OS_USER" --batch --skip-column-names "$@"
}

init_datadirs() {
  # One mariadb-install-db, copied at once: both servers start from the same
  # system tables and the primary's binlog holds everything after that, so the
  # replica replays it all from an empty slave_pos.
  local p="$STACK/primary" r="$STACK/replica"
  [[ -f "$p/initialized" && -f "$r/initialized" ]] && return 0
  if [[ -f "$p/initialized" ]]; then
    die "the replica's datadir is gone but the primary's is not; start over with: scripts/stack.sh down; rm -rf var/stack; scripts/stack.sh up"
  fi
  log "initializing the datadirs"
  rm -rf "$p/data" "$r/data"
  mkdir -p "$p/data" "$r"
  # socket authentication: the OS user running the stack is the admin, on the socket only
  mariadb-install-db --no-defaults --datadir="$p/data" --user="$OS_USER" \
    --auth-root-authentication-method=socket --auth-root-socket-user="$OS_USER" \
    --skip-test-db >"$p/install.log" 2>&1 || { cat "$p/install.log" >&2; die "mariadb-install-db failed"; }
  cp -a "$p/data" "$r/data"
  touch "$p/initialized" "$r/initialized"
}

init_second_replica() {
  # A fresh mariadb-install-db, as the first two started from: the primary's binlog holds
  # everything since, so this replica too replays it all from an empty slave_pos.
  local r2="$STACK/replica2"
  [[ -f "$r2/initialized" ]] && return 0
  log "initializing the second replica's datadir"
  rm -rf "$r2/data"
  mkdir -p "$r2/data"
  mariadb-install-db --no-defaults --datadir="$r2/data" --user="$OS_USER" \
    --auth-root-authentication-method=socket --auth-root-socket-user="$OS_USER" \
    --skip-test-db >"$r2/install.log" 2>&1 || { cat "$r2/install.log" >&2; die "mariadb-install-db failed"; }
  touch "$r2/initialized"
}

start_mariadb() { # node port server_id extra-args...
  local node="$1" port="$2" sid="$3"; shift 3
  local dir="$STACK/$node"
  if pid_alive "$dir/mysqld.pid"; then return 0; fi
  local user_arg=()
  [[ "$(id -u)" == 0 ]] && user_arg=(--user=root)
  log "starting $node mariadbd on 127.0.0.1:$port"
  # setsid: the server outlives the shell (and job control) that started it
  setsid mariadbd --no-defaults "${user_arg[@]}" \
    --datadir="$dir/data" --socket="$(sock "$node")" --pid-file="$dir/mysqld.pid" \
    --log-error="$dir/error.log" --port="$port" --bind-address=127.0.0.1 \
    --skip-name-resolve --server-id="$sid" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
    --default-time-zone=+00:00 \
    --innodb-buffer-pool-size=512M --innodb-log-file-size=256M \
    --innodb-flush-log-at-trx-commit=2 --sync-binlog=0 --innodb-doublewrite=0 \
    --max-allowed-packet=64M --max-connections=300 --innodb-sort-buffer-size=64M \
    --gtid-strict-mode=1 --local-infile=1 \
    "$@" </dev/null >>"$dir/error.log" 2>&1 9>&- &
}

wait_mariadb() { # node
  local i
  for i in $(seq 1 300); do
    if mariadb-admin --no-defaults -S "$(sock "$1")" -u "$OS_USER" ping >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  tail -20 "$STACK/$1/error.log" >&2 || true
  die "$1 mariadbd did not come up; see $STACK/$1/error.log"
}

start_redis() {
  local dir="$STACK/redis"
  mkdir -p "$dir"
  if pid_alive "$dir/redis.pid"; then return 0; fi
  log "starting redis on 127.0.0.1:$REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" \
    --save "" --appendonly no --protected-mode yes >/dev/null 9>&-
  local i
  for i in $(seq 1 100); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "redis did not come up; see $dir/redis.log"
}

# ---------------------------------------------------------------- sql and replication

ensure_accounts() {
  # The accounts and the health marker that belong to the stack, not the product, made by the
  # socket-only superuser (the OS user): the migrations' admin, the replication user. The schema,
  # the writer and the reader come from the migrations (scripts/migrate.sh), run as that admin.
  log "ensuring the admin and replication accounts on the primary"
  sql_admin primary <<SQL
CREATE USER IF NOT EXISTS '$ADMIN_USER'@'127.0.0.1' IDENTIFIED BY '$ADMIN_PASSWORD';
ALTER USER '$ADMIN_USER'@'127.0.0.1' IDENTIFIED BY '$ADMIN_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$ADMIN_USER'@'127.0.0.1' WITH GRANT OPTION;
CREATE USER IF NOT EXISTS '$REPL_USER'@'127.0.0.1' IDENTIFIED BY '$REPL_PASSWORD';
ALTER USER '$REPL_USER'@'127.0.0.1' IDENTIFIED BY '$REPL_PASSWORD';
GRANT REPLICATION SLAVE ON *.* TO '$REPL_USER'@'127.0.0.1';
CREATE DATABASE IF NOT EXISTS salesrank_stack;
CREATE TABLE IF NOT EXISTS salesrank_stack.heartbeat (id INT NOT NULL PRIMARY KEY, token VARCHAR(64) NOT NULL) ENGINE=InnoDB;
SQL
}

migrate() {
  log "migrating the schema (scripts/migrate.sh)"
  ( eval "$(cmd_env)"
    "$ROOT/scripts/migrate.sh" ) || die "the schema migration failed (see above); the servers keep running"
}

configure_replica() { # node
  # (Re)pointed at every start, so a changed SALESRANK_PORT_OFFSET is followed.
  # Both datadirs start from the same mariadb-install-db state and the
  # primary's binlog holds everything since, so an empty slave_pos replays it all.
  log "pointing $1 at the primary (GTID, slave_pos)"
  sql_admin "$1" -e "STOP SLAVE; CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$PRIMARY_PORT,
    MASTER_USER='$REPL_USER', MASTER_PASSWORD='$REPL_PASSWORD',
    MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1; START SLAVE;"
}

check_offset() {
  # var/stack belongs to one worktree; its ports are fixed while it runs
  local running
  if [[ -s "$STACK/offset" ]] && { pid_alive "$STACK/primary/mysqld.pid" || pid_alive "$STACK/replica/mysqld.pid" || pid_alive "$STACK/redis/redis.pid"; }; then
    running="$(cat "$STACK/offset")"
    [[ "$running" == "$OFFSET" ]] || die "this worktree's stack runs with SALESRANK_PORT_OFFSET=$running, not $OFFSET; export SALESRANK_PORT_OFFSET=$running (or scripts/stack.sh down first)"
  fi
}

wait_replication() { # node [seconds, default 30: a new second replica replays the whole binlog]
  local node="${1:-replica}" limit="${2:-30}" token i seen
  token="$(date +%s%N)-$$"
  sql_admin primary -e "REPLACE INTO salesrank_stack.heartbeat (id, token) VALUES (1, '$token')"
  for i in $(seq 1 $((limit * 10))); do
    seen="$(sql_admin "$node" -e "SELECT token FROM salesrank_stack.heartbeat WHERE id = 1" 2>/dev/null || true)"
    [[ "$seen" == "$token" ]] && return 0
    sleep 0.1
  done
  replica_status "$node" >&2 || true
  die "$node did not receive the primary's marker within $limit s"
}

replica_status() { # [node]
  local node="${1:-replica}"
  mariadb --no-defaults -S "$(sock "$node")" -u "$OS_USER" -e "SHOW SLAVE STATUS\G" 2>/dev/null \
    | grep -E '^ *(Slave_IO_Running|Slave_SQL_Running|Seconds_Behind_Master|Last_IO_Error|Last_SQL_Error|Gtid_IO_Pos|Using_Gtid):' \
    | sed "s/^ */  $node /"
}

# ---------------------------------------------------------------- commands

cmd_up() {
  ensure_installed
  ensure_secrets
  check_offset
  mkdir -p "$STACK/primary" "$STACK/replica" "$STACK/redis"
  echo "$OFFSET" >"$STACK/offset"
  local started=0
  if ! pid_alive "$STACK/primary/mysqld.pid" || ! pid_alive "$STACK/replica/mysqld.pid"; then
    started=1
    init_datadirs
    # binlog-alter-two-phase (MariaDB 10.8+): a replica starts an ALTER (the publisher's index build
    # on its staging table) when the primary starts it, instead of after the primary finished it
    start_mariadb primary "$PRIMARY_PORT" 1 \
      --log-bin="$STACK/primary/data/binlog" --binlog-format=ROW --binlog-alter-two-phase=ON
    start_mariadb replica "$REPLICA_PORT" 2 \
      --read-only=1 --relay-log="$STACK/replica/data/relay" --log-slave-updates=0 \
      --slave-parallel-threads=2
  fi
  start_redis
  wait_mariadb primary
  wait_mariadb replica
  # Both idempotent, and done on every `up`: a stack started before the admin account existed gets
  # it, and a migration added to sql/migrations since reaches a running stack.
  ensure_accounts
  if [[ $started == 1 ]]; then
    configure_replica replica
  fi
  local second=""
  if [[ "$REPLICAS" == 2 ]]; then
    if ! pid_alive "$STACK/replica2/mysqld.pid"; then
      init_second_replica
      start_mariadb replica2 "$REPLICA2_PORT" 3 \
        --read-only=1 --relay-log="$STACK/replica2/data/relay" --log-slave-updates=0 \
        --slave-parallel-threads=2
      wait_mariadb replica2
      configure_replica replica2
    fi
    second=", replica2 127.0.0.1:$REPLICA2_PORT (replicating)"
  else
    stop_pidfile "second replica mariadbd" "$STACK/replica2/mysqld.pid"
  fi
  migrate
  wait_replication replica
  [[ -z "$second" ]] || wait_replication replica2 600
  log "up: primary 127.0.0.1:$PRIMARY_PORT, replica 127.0.0.1:$REPLICA_PORT (replicating)$second, redis 127.0.0.1:$REDIS_PORT"
  log 'next: eval "$(scripts/stack.sh env)"'
}

stop_pidfile() { # name pidfile
  local name="$1" pf="$2" pid i
  if ! pid_alive "$pf"; then
    rm -f "$pf"
    return 0
  fi
  pid="$(cat "$pf")"
  log "stopping $name (pid $pid)"
  kill "$pid"
  for i in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pf"; return 0; }
    sleep 0.1
  done
  log "$name (pid $pid) ignored SIGTERM for 30 s; sending SIGKILL"
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pf"
}

cmd_down() {
  # the replicas first, so they do not spin on reconnects to a stopped primary
  stop_pidfile "second replica mariadbd" "$STACK/replica2/mysqld.pid"
  stop_pidfile "replica mariadbd" "$STACK/replica/mysqld.pid"
  stop_pidfile "primary mariadbd" "$STACK/primary/mysqld.pid"
  stop_pidfile "redis" "$STACK/redis/redis.pid"
  log "down (data kept in $STACK)"
}

cmd_status() {
  check_offset
  local rc=0
  show() { # name pidfile port
    if pid_alive "$2"; then echo "$1: running (pid $(cat "$2"), 127.0.0.1:$3)"; else echo "$1: stopped"; rc=1; fi
  }
  show "primary" "$STACK/primary/mysqld.pid" "$PRIMARY_PORT"
  show "replica" "$STACK/replica/mysqld.pid" "$REPLICA_PORT"
  if pid_alive "$STACK/replica/mysqld.pid"; then
    replica_status replica || true
  fi
  if [[ -f "$STACK/replica2/initialized" ]]; then
    if pid_alive "$STACK/replica2/mysqld.pid"; then
      echo "replica2: running (pid $(cat "$STACK/replica2/mysqld.pid"), 127.0.0.1:$REPLICA2_PORT)"
      replica_status replica2 || true
    else
      echo "replica2: stopped (runs with SALESRANK_REPLICAS=2)"
    fi
  fi
  show "redis  " "$STACK/redis/redis.pid" "$REDIS_PORT"
  return $rc
}

cmd_env() {
  check_offset
  load_secrets
  local params="allowLoadLocalInfile=true&rewriteBatchedStatements=true&connectionTimeZone=UTC"
  local rparams="connectionTimeZone=UTC"
  # the read API's URL for the primary (its fallback): the reader never loads local files
  local prparams="connectionTimeZone=UTC&allowLoadLocalInfile=false"
  echo "export SALESRANK_DB_URL='jdbc:mysql://127.0.0.1:$PRIMARY_PORT/$DB?$params'"
  echo "export SALESRANK_DB_USER='$WRITER_USER'"
  echo "export SALESRANK_DB_PASSWORD='$WRITER_PASSWORD'"
  echo "export SALESRANK_PRIMARY_READER_URL='jdbc:mysql://127.0.0.1:$PRIMARY_PORT/$DB?$prparams'"
  local replicas="jdbc:mysql://127.0.0.1:$REPLICA_PORT/$DB?$rparams"
  if pid_alive "$STACK/replica2/mysqld.pid"; then
    replicas="$replicas,jdbc:mysql://127.0.0.1:$REPLICA2_PORT/$DB?$rparams"
  fi
  echo "export SALESRANK_REPLICA_URLS='$replicas'"
  echo "export SALESRANK_READER_USER='$READER_USER'"
  echo "export SALESRANK_READER_PASSWORD='$READER_PASSWORD'"
  # the catalog loader (scripts/load-catalog.sh, V6): the writer's URL, its own account
  echo "export SALESRANK_CATALOG_USER='$CATALOG_USER'"
  echo "export SALESRANK_CATALOG_PASSWORD='${CATALOG_PASSWORD:-}'"
  echo "export SALESRANK_REDIS_URL='redis://127.0.0.1:$REDIS_PORT'"
  # the migrations' admin (scripts/migrate.sh, the schema ITs); the job and the API never use it
  echo "export SALESRANK_ADMIN_URL='jdbc:mysql://127.0.0.1:$PRIMARY_PORT/?$rparams'"
  echo "export SALESRANK_ADMIN_USER='$ADMIN_USER'"
  echo "export SALESRANK_ADMIN_PASSWORD='${ADMIN_PASSWORD:-}'"
}

# one up or down at a time per worktree (the servers are started without fd 9,
# or they would hold the lock for as long as they run)
serialize() {
  mkdir -p "$STACK"
  exec 9>"$STACK/.lock"
  flock 9
}

case "${1:-}" in
  up) serialize; cmd_up ;;
  down) serialize; cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *) echo "usage: $0 up|down|status|env   (SALESRANK_PORT_OFFSET=$OFFSET)" >&2; exit 2 ;;
esac
