#!/usr/bin/env bash
# The serving tier on this machine: SALESRANK_API_INSTANCES read-api instances behind one nginx
# (docs/serving.md is the operator's guide). Every process runs as the current user, with its pid
# file, config, logs and cache under var/serve/ of the worktree this script belongs to.
#
#   scripts/serve.sh up       build the jar if it is missing or stale, start what is not running (each
#                             instance, then nginx; installs Debian's nginx if missing); idempotent
#   scripts/serve.sh install  only install what the tier needs (Debian's nginx, curl) if missing
#   scripts/serve.sh down     stop nginx and the instances this tier started (by their pid files)
#   scripts/serve.sh status   what runs, and whether each instance reports ready
#   scripts/serve.sh env      `export NAME=value` lines; use: eval "$(scripts/serve.sh env)"
#                             SALESRANK_API_URL (nginx), SALESRANK_API_PIDS, SALESRANK_API_INSTANCE_URLS
#   scripts/serve.sh restart  rolling restart (a deploy): one instance at a time is taken out of nginx's
#                             rotation, stopped gracefully, started on the current jar and put back once
#                             it reports ready; no request fails
#
# The instances read the stack's variables (scripts/stack.sh env; taken from the stack if unset).
# Environment:
#   SALESRANK_PORT_OFFSET                  added to every default port (as scripts/stack.sh)
#   SALESRANK_API_PORT                     nginx's port (default 8080 + offset)
#   SALESRANK_API_INSTANCES                how many instances (default 2)
#   SALESRANK_API_INSTANCE_PORT_BASE       instance i (1..N) listens on base + 2(i-1), its ops page
#                                          (/ops, loopback only) on the port after (default nginx's + 10)
#   SALESRANK_API_JAVA_OPTS                the instances' JVM options (default -Xms256m -Xmx512m)
#   SALESRANK_API_JAR                      the jar to run (default read-api/target/read-api.jar, built
#                                          when missing or older than its sources; a given jar is not)
#   SALESRANK_API_ACCESS_LOG               the instances' Tomcat access log, true/false (default true)
#   SALESRANK_EDGE_CONNECTIONS_PER_ADDRESS nginx's limit of open connections per client (default 100)
#   SALESRANK_EDGE_CACHE                   nginx's page cache, on/off (default on; off for benchmarks)
#   SALESRANK_SERVE_DIR                    where this tier's state lives (default var/serve)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OFFSET="${SALESRANK_PORT_OFFSET:-0}"
[[ "$OFFSET" =~ ^[0-9]+$ ]] || { echo "SALESRANK_PORT_OFFSET must be a non-negative integer, got '$OFFSET'" >&2; exit 2; }
SERVE="${SALESRANK_SERVE_DIR:-$ROOT/var/serve}"
EDGE_PORT="${SALESRANK_API_PORT:-$((8080 + OFFSET))}"
INSTANCES="${SALESRANK_API_INSTANCES:-2}"
PORT_BASE="${SALESRANK_API_INSTANCE_PORT_BASE:-$((EDGE_PORT + 10))}"
JAVA_OPTS="${SALESRANK_API_JAVA_OPTS:--Xms256m -Xmx512m}"
DEFAULT_JAR="$ROOT/read-api/target/read-api.jar"
JAR="${SALESRANK_API_JAR:-$DEFAULT_JAR}"
ACCESS_LOG="${SALESRANK_API_ACCESS_LOG:-true}"
CONNECTIONS_PER_ADDRESS="${SALESRANK_EDGE_CONNECTIONS_PER_ADDRESS:-100}"
case "${SALESRANK_EDGE_CACHE:-on}" in
  on) EDGE_CACHE=salesrank_pages ;;
  off) EDGE_CACHE=off ;;
  *) echo "serve: SALESRANK_EDGE_CACHE must be on or off, got '${SALESRANK_EDGE_CACHE}'" >&2; exit 2 ;;
esac
TEMPLATE="$ROOT/docker/nginx/salesrank.conf.template"
NGINX_DIR="$SERVE/nginx"
for n in EDGE_PORT INSTANCES PORT_BASE CONNECTIONS_PER_ADDRESS; do
  [[ "${!n}" =~ ^[0-9]+$ ]] || { echo "serve: $n must be a number, got '${!n}'" >&2; exit 2; }
done
(( INSTANCES >= 1 )) || { echo "serve: SALESRANK_API_INSTANCES must be at least 1" >&2; exit 2; }
(( CONNECTIONS_PER_ADDRESS >= 1 && CONNECTIONS_PER_ADDRESS < 65536 )) \
  || { echo "serve: SALESRANK_EDGE_CONNECTIONS_PER_ADDRESS must be in 1..65535 (nginx's limit_conn)" >&2; exit 2; }
export PATH="$PATH:/usr/sbin:/sbin"

log() { echo "serve: $*" >&2; }
die() { echo "serve: ERROR: $*" >&2; exit 1; }

instance_dir() { echo "$SERVE/api-$1"; }
instance_port() { echo $((PORT_BASE + 2 * ($1 - 1))); }
ops_port() { echo $((PORT_BASE + 2 * ($1 - 1) + 1)); }
instance_url() { echo "http://127.0.0.1:$(instance_port "$1")"; }

# ---------------------------------------------------------------- install

ensure_nginx() { # and curl, which waits for the instances' readiness
  local pkgs=()
  command -v nginx >/dev/null 2>&1 || pkgs+=(nginx)
  command -v curl >/dev/null 2>&1 || pkgs+=(curl)
  [[ ${#pkgs[@]} -eq 0 ]] && return 0
  command -v apt-get >/dev/null 2>&1 || die "missing: ${pkgs[*]}; install Debian's packages and rerun"
  local sudo=""
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "installing packages needs root: apt-get install ${pkgs[*]}"
    sudo="sudo"
  fi
  # the package would start a system nginx on port 80: keep it from doing so (this tier runs its own)
  local policy_added=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    policy_added=1
  fi
  log "installing ${pkgs[*]} from Debian's packages"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pkgs[@]}" >&2 \
    || { $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
         $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pkgs[@]}" >&2; }
  [[ $policy_added == 1 ]] && $sudo rm -f /usr/sbin/policy-rc.d
  command -v nginx >/dev/null 2>&1 && command -v curl >/dev/null 2>&1 || die "nginx or curl is still missing after the install"
}

ensure_jar() {
  if [[ "$JAR" != "$DEFAULT_JAR" ]]; then
    [[ -f "$JAR" ]] || die "SALESRANK_API_JAR=$JAR does not exist"
    return 0
  fi
  if [[ ! -f "$JAR" ]] || [[ -n "$(find "$ROOT/read-api/src/main" "$ROOT/read-api/pom.xml" "$ROOT/pom.xml" \
      -newer "$JAR" -type f -print -quit 2>/dev/null)" ]]; then
    log "building $JAR"
    (cd "$ROOT" && ./mvnw -q -B -DskipTests -pl read-api -am package) || die "the build failed"
  fi
}

# The instances run a copy of the jar, named by its content: a rebuild (mvn package rewrites the
# jar in place) must not pull classes from under a running JVM, and `restart` deploys whatever the
# jar is now.
release_jar() {
  local sum
  sum="$(sha256sum "$JAR" | cut -c1-16)"
  mkdir -p "$SERVE/releases"
  if [[ ! -f "$SERVE/releases/read-api-$sum.jar" ]]; then
    cp "$JAR" "$SERVE/releases/.read-api-$sum.jar.tmp"
    mv "$SERVE/releases/.read-api-$sum.jar.tmp" "$SERVE/releases/read-api-$sum.jar"
  fi
  echo "$SERVE/releases/read-api-$sum.jar"
}

# ---------------------------------------------------------------- processes

pid_alive() { # pidfile marker: true when its process runs and its command line names the marker
  local pf="$1" marker="$2" pid cmd
  [[ -s "$pf" ]] || return 1
  pid="$(cat "$pf")"
  kill -0 "$pid" 2>/dev/null || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 0
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
  [[ "$cmd" == *"$marker"* ]]
}

instance_alive() { pid_alive "$(instance_dir "$1")/pid" "-Dsalesrank.serve.instance=$(instance_dir "$1")"; }
nginx_alive() { pid_alive "$NGINX_DIR/nginx.pid" "$NGINX_DIR"; }

http_code() { curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" 2>/dev/null || true; }

instance_ready() { [[ "$(http_code "$(instance_url "$1")/actuator/health/readiness")" == 200 ]]; }

require_stack_env() {
  [[ -n "${SALESRANK_REPLICA_URLS:-}" ]] && return 0
  log "taking the stack's variables from scripts/stack.sh env"
  eval "$("$ROOT/scripts/stack.sh" env)" || die "no stack variables; run: scripts/stack.sh up"
}

start_instance() { # i jar
  local i="$1" jar="$2" dir port ops
  dir="$(instance_dir "$i")"; port="$(instance_port "$i")"; ops="$(ops_port "$i")"
  mkdir -p "$dir"
  local busy
  for busy in "$port" "$ops"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$busy") 2>/dev/null; then
      die "port $busy (instance $i) is taken by a process this tier did not start; set SALESRANK_API_INSTANCE_PORT_BASE or SALESRANK_PORT_OFFSET"
    fi
  done
  log "starting instance $i on 127.0.0.1:$port (ops 127.0.0.1:$ops), $(basename "$jar")"
  # setsid: the JVM outlives this shell; fd 9 (the lock) is not inherited
  # shellcheck disable=SC2086
  SERVER_PORT="$port" SERVER_ADDRESS=127.0.0.1 SALESRANK_OPS_PORT="$ops" SALESRANK_OPS_ADDRESS=127.0.0.1 \
  SERVER_TOMCAT_ACCESSLOG_ENABLED="$ACCESS_LOG" SERVER_TOMCAT_ACCESSLOG_DIRECTORY="$dir" \
  SERVER_TOMCAT_ACCESSLOG_PREFIX=access SERVER_TOMCAT_ACCESSLOG_SUFFIX=.log SERVER_TOMCAT_ACCESSLOG_BUFFERED=false \
  SERVER_TOMCAT_ACCESSLOG_PATTERN='%a %t "%r" %s %b %Dms' \
    setsid java $JAVA_OPTS "-Dsalesrank.serve.instance=$dir" -jar "$jar" \
      </dev/null >>"$dir/read-api.log" 2>&1 9>&- &
  echo $! >"$dir/pid"
  echo "$jar" >"$dir/jar"
}

wait_ready() { # i
  local i="$1" n
  for n in $(seq 1 600); do
    instance_ready "$i" && return 0
    instance_alive "$i" || { tail -30 "$(instance_dir "$i")/read-api.log" >&2; die "instance $i exited; see $(instance_dir "$i")/read-api.log"; }
    sleep 0.2
  done
  die "instance $i did not report ready within 120 s; see $(instance_dir "$i")/read-api.log"
}

stop_pid() { # name pidfile marker grace-seconds
  local name="$1" pf="$2" marker="$3" grace="$4" pid n
  if ! pid_alive "$pf" "$marker"; then rm -f "$pf"; return 0; fi
  pid="$(cat "$pf")"
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for n in $(seq 1 $((grace * 10))); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pf"; return 0; }
    sleep 0.1
  done
  log "$name (pid $pid) did not stop within $grace s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pf"
}

# Boot's graceful shutdown: readiness goes to REFUSING_TRAFFIC, the connector stops accepting, the
# requests in flight finish (spring.lifecycle.timeout-per-shutdown-phase), then the JVM exits
stop_instance() { stop_pid "instance $1" "$(instance_dir "$1")/pid" "-Dsalesrank.serve.instance=$(instance_dir "$1")" 60; }

# ---------------------------------------------------------------- nginx

upstream_lines() { # instance numbers to leave out of the rotation (draining)
  local i state
  for i in $(seq 1 "$INSTANCES"); do
    state=""
    [[ " $* " == *" $i "* ]] && state=" down"
    # passive checks: 3 failed attempts (refused, reset, timeout, 502/503) within 2 s take an instance
    # out for 2 s; those attempts are retried on another instance (proxy_next_upstream)
    printf '    server 127.0.0.1:%s max_fails=3 fail_timeout=2s%s;\n' "$(instance_port "$i")" "$state"
  done
}

render_nginx() { # instance numbers to leave out of the rotation
  mkdir -p "$NGINX_DIR/cache" "$NGINX_DIR/tmp"
  local conf upstream
  upstream="$(upstream_lines "$@")"
  conf="$(cat "$TEMPLATE")"
  conf="${conf//'${SALESRANK_EDGE_LISTEN}'/127.0.0.1:$EDGE_PORT}"
  conf="${conf//'${SALESRANK_EDGE_UPSTREAM}'/$upstream}"
  conf="${conf//'${SALESRANK_EDGE_CACHE_DIR}'/$NGINX_DIR/cache}"
  conf="${conf//'${SALESRANK_EDGE_ACCESS_LOG}'/$NGINX_DIR/access.log}"
  conf="${conf//'${SALESRANK_EDGE_CONNECTIONS_PER_ADDRESS}'/$CONNECTIONS_PER_ADDRESS}"
  conf="${conf//'${SALESRANK_EDGE_CACHE}'/$EDGE_CACHE}"
  [[ "$conf" != *'${SALESRANK_EDGE_'* ]] || die "$TEMPLATE has a placeholder serve.sh does not fill"
  printf '%s\n' "$conf" >"$NGINX_DIR/salesrank.conf.new"
  local user_line=""
  if [[ "$(id -u)" == 0 ]]; then
    # root's nginx runs its workers as nobody: they write the cache and the temporary files
    user_line="user nobody nogroup;"
    chown nobody:nogroup "$NGINX_DIR/cache" "$NGINX_DIR/tmp"
  fi
  cat >"$NGINX_DIR/nginx.conf.new" <<CONF
# rendered by scripts/serve.sh; edit docker/nginx/salesrank.conf.template instead
$user_line
worker_processes auto;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log warn;
events { worker_connections 4096; }
http {
    client_body_temp_path $NGINX_DIR/tmp/body;
    proxy_temp_path $NGINX_DIR/tmp/proxy;
    fastcgi_temp_path $NGINX_DIR/tmp/fastcgi;
    uwsgi_temp_path $NGINX_DIR/tmp/uwsgi;
    scgi_temp_path $NGINX_DIR/tmp/scgi;
    include $NGINX_DIR/salesrank.conf;
}
CONF
  sed -i "s#include $NGINX_DIR/salesrank.conf;#include $NGINX_DIR/salesrank.conf.new;#" "$NGINX_DIR/nginx.conf.new"
  nginx -t -q -p "$NGINX_DIR/" -e "$NGINX_DIR/error.log" -c "$NGINX_DIR/nginx.conf.new" \
    || die "the rendered nginx configuration does not pass nginx -t"
  sed -i "s#include $NGINX_DIR/salesrank.conf.new;#include $NGINX_DIR/salesrank.conf;#" "$NGINX_DIR/nginx.conf.new"
  mv "$NGINX_DIR/salesrank.conf.new" "$NGINX_DIR/salesrank.conf"
  mv "$NGINX_DIR/nginx.conf.new" "$NGINX_DIR/nginx.conf"
}

nginx_workers() { pgrep -P "$(cat "$NGINX_DIR/nginx.pid")" 2>/dev/null | sort || true; }

start_nginx() {
  log "starting nginx on 127.0.0.1:$EDGE_PORT"
  if (exec 3<>"/dev/tcp/127.0.0.1/$EDGE_PORT") 2>/dev/null; then
    die "port $EDGE_PORT is taken by a process this tier did not start; set SALESRANK_API_PORT or SALESRANK_PORT_OFFSET"
  fi
  rm -f "$NGINX_DIR/nginx.pid"
  # nginx daemonizes itself: the master's pid is in nginx.pid
  setsid nginx -p "$NGINX_DIR/" -e "$NGINX_DIR/error.log" -c "$NGINX_DIR/nginx.conf" </dev/null 9>&- \
    || die "nginx did not start; see $NGINX_DIR/error.log"
  local n
  for n in $(seq 1 100); do
    nginx_alive && [[ -n "$(nginx_workers)" ]] && return 0
    sleep 0.1
  done
  die "nginx did not come up; see $NGINX_DIR/error.log"
}

# a graceful reload: new workers take the new configuration, the old ones finish what they have in
# flight and exit; returns once they have
reload_nginx() {
  local old n left
  old="$(nginx_workers)"
  kill -HUP "$(cat "$NGINX_DIR/nginx.pid")"
  for n in $(seq 1 600); do
    left="$(comm -12 <(echo "$old") <(nginx_workers))"
    [[ -z "$left" ]] && return 0
    sleep 0.1
  done
  die "nginx's old workers did not finish within 60 s"
}

# ---------------------------------------------------------------- commands

check_offset() {
  # var/serve belongs to one worktree; its ports are fixed while anything of it runs
  local running i alive=0
  [[ -s "$SERVE/ports" ]] || return 0
  nginx_alive && alive=1
  for i in $(seq 1 "$INSTANCES"); do instance_alive "$i" && alive=1; done
  running="$(cat "$SERVE/ports")"
  if [[ $alive == 1 && "$running" != "$EDGE_PORT $PORT_BASE" ]]; then
    die "this tier runs with nginx and instance ports '$running', not '$EDGE_PORT $PORT_BASE'; use the same SALESRANK_PORT_OFFSET / SALESRANK_API_PORT (or scripts/serve.sh down first)"
  fi
}

cmd_up() {
  ensure_nginx
  check_offset
  mkdir -p "$SERVE"
  echo "$EDGE_PORT $PORT_BASE" >"$SERVE/ports"
  local i jar="" started=()
  for i in $(seq 1 "$INSTANCES"); do
    instance_alive "$i" && continue
    if [[ -z "$jar" ]]; then
      ensure_jar
      require_stack_env
      jar="$(release_jar)"
    fi
    start_instance "$i" "$jar"
    started+=("$i")
  done
  for i in "${started[@]}"; do wait_ready "$i"; log "instance $i ready"; done
  render_nginx
  if nginx_alive; then
    # the same configuration unless SALESRANK_API_INSTANCES or a limit changed
    reload_nginx
  else
    start_nginx
  fi
  log "up: nginx http://127.0.0.1:$EDGE_PORT in front of $INSTANCES instance(s): $(for i in $(seq 1 "$INSTANCES"); do printf '%s ' "$(instance_url "$i")"; done)"
  log 'next: eval "$(scripts/serve.sh env)"'
}

cmd_restart() {
  check_offset
  nginx_alive || die "nginx is not running; run: scripts/serve.sh up"
  ensure_jar
  require_stack_env
  local jar i
  jar="$(release_jar)"
  for i in $(seq 1 "$INSTANCES"); do
    log "instance $i: out of rotation (nginx reload), draining"
    render_nginx "$i"
    reload_nginx
    stop_instance "$i"
    start_instance "$i" "$jar"
    wait_ready "$i"
    log "instance $i: ready on $(basename "$jar"); back in rotation"
    render_nginx
    reload_nginx
  done
  log "restart: every instance runs $(basename "$jar")"
}

cmd_down() {
  stop_pid nginx "$NGINX_DIR/nginx.pid" "$NGINX_DIR" 30
  local i
  # every instance directory, so those of an earlier `up` with more SALESRANK_API_INSTANCES stop too
  for i in $(ls -d "$SERVE"/api-* 2>/dev/null | sed 's#.*/api-##' | sort -n); do
    stop_instance "$i"
  done
  log "down"
}

cmd_status() {
  check_offset
  local rc=0 i
  if nginx_alive; then echo "nginx: running (pid $(cat "$NGINX_DIR/nginx.pid"), http://127.0.0.1:$EDGE_PORT)"; else echo "nginx: stopped"; rc=1; fi
  for i in $(seq 1 "$INSTANCES"); do
    if instance_alive "$i"; then
      local ready="not ready"
      instance_ready "$i" && ready="ready"
      echo "instance $i: running (pid $(cat "$(instance_dir "$i")/pid"), $(instance_url "$i"), ops http://127.0.0.1:$(ops_port "$i")/ops, $ready, $(basename "$(cat "$(instance_dir "$i")/jar")"))"
      [[ $ready == ready ]] || rc=1
    else
      echo "instance $i: stopped"; rc=1
    fi
  done
  return $rc
}

cmd_env() {
  check_offset
  local i pids=() urls=()
  for i in $(seq 1 "$INSTANCES"); do
    if instance_alive "$i"; then pids+=("$(cat "$(instance_dir "$i")/pid")"); else pids+=("-"); fi
    urls+=("$(instance_url "$i")")
  done
  echo "export SALESRANK_API_URL='http://127.0.0.1:$EDGE_PORT'"
  echo "export SALESRANK_API_PIDS='${pids[*]}'"
  echo "export SALESRANK_API_INSTANCE_URLS='${urls[*]}'"
}

# one up, down or restart at a time per serving directory (the processes are started without fd 9)
serialize() {
  mkdir -p "$SERVE"
  exec 9>"$SERVE/.lock"
  flock 9
}

case "${1:-}" in
  up) serialize; cmd_up ;;
  install) ensure_nginx ;;
  down) serialize; cmd_down ;;
  restart) serialize; cmd_restart ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *) echo "usage: $0 up|down|status|env|restart|install   (nginx on $EDGE_PORT, $INSTANCES instance(s) from $PORT_BASE)" >&2; exit 2 ;;
esac
