#!/usr/bin/env bash
# Benchmark of read-api on loopback, with wrk (Debian's package).
#
#   scripts/bench-api.sh
#
# 1. brings up the local stack (scripts/stack.sh up) and publishes a ranking of
#    BENCH_CATEGORIES categories x BENCH_ROWS rows through the primary, the way
#    the ranking job's publisher does (staging tables + one RENAME TABLE);
# 2. builds read-api/target/read-api.jar if it is missing;
# 3. measures, each with the same wrk settings:
#      nginx      a static 1 KB JSON file (the baseline; nginx started here, on a free port)
#      hot        one category, again and again            -> near-cache (Caffeine) hits
#      pages      the server-rendered pages beside it, each hot (one URL again and again -> near-cache
#                 hits of the rendered HTML): the index of 1,000 categories, a category's best sellers
#                 page, a product's page; each against `hot` (the JSON page they are made of)
#      redis      a random category of 1..1000 per request, near cache OFF -> Redis hits
#      database   the same random spread, near cache and Redis OFF         -> replica reads
#      publish    near cache and Redis on, the random spread: p99 over DURATION without a publish,
#                 then with a new run published BENCH_PUBLISH_AFTER s into the measurement, once
#                 with refresh-ahead (the shipped grace period) and once without (grace 0: every
#                 cached page goes stale at once); the goal is p99 with a publish <= 2x without
#      edge       the serving tier (scripts/serve.sh: nginx in front of read-api instances), hot pages
#                 (one category), in three runs: through nginx with its cache on (against the static
#                 file above: goal >= 0.8x), through nginx with its cache off and one instance (against
#                 `hot`, the API directly: the proxy's cost), and cache off with two instances (against
#                 one: on two shared cores no gain is expected; the CPU per request is what sizes a fleet)
#    The service is restarted between phases with the settings of that phase,
#    and each phase prints which tier actually answered (from the service's own
#    salesrank_cache_lookups counters), its requests/s, p50/p99 latency, and
#    the service's resident memory (RSS now and peak);
# 4. prints the CPU time (user + system) per request that each process spent during each
#    measured run: the server (nginx, or the service's JVM), Redis, the replica and wrk. They
#    share this machine's cores, so these bound each tier's rate and its ratio to nginx.
#
# Settings (environment): SALESRANK_PORT_OFFSET (the stack's ports, default 0),
# BENCH_DURATION (s, default 20), BENCH_WARMUP (s, default 20: the JIT, and a Redis breaker
# that a cold JVM's first timeouts may have opened, settle before measuring),
# BENCH_CONNECTIONS (default 64), BENCH_THREADS (wrk threads, default 2),
# BENCH_CATEGORIES (default 1000), BENCH_ROWS (per category, default 100),
# BENCH_JAVA_OPTS (default "-Xms512m -Xmx512m -XX:+UseParallelGC"),
# BENCH_PUBLISH_AFTER (s, default 5), BENCH_PHASES (default "hot pages redis database publish edge"; e.g.
# "database" alone to compare the database tier before and after a schema change, same data),
# BENCH_JAR (the service jar, default read-api/target/read-api.jar; e.g. an older build to compare).
# Load goes to 127.0.0.1 only.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
DURATION="${BENCH_DURATION:-20}"
WARMUP="${BENCH_WARMUP:-20}"
CONNECTIONS="${BENCH_CONNECTIONS:-64}"
THREADS="${BENCH_THREADS:-2}"
CATEGORIES="${BENCH_CATEGORIES:-1000}"
ROWS="${BENCH_ROWS:-100}"
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}"
PUBLISH_AFTER="${BENCH_PUBLISH_AFTER:-5}"
PHASES="${BENCH_PHASES:-hot pages redis database publish edge}"
WORK="$ROOT/var/bench-api"
JAR="${BENCH_JAR:-$ROOT/read-api/target/read-api.jar}"
export PATH="$PATH:/usr/sbin:/sbin"

log() { echo "bench-api: $*" >&2; }
die() { echo "bench-api: ERROR: $*" >&2; exit 1; }

SERVICE_PID=""
NGINX_PID=""
EDGE_DOWN=()
cleanup() {
  if [[ ${#EDGE_DOWN[@]} -gt 0 ]]; then
    "${EDGE_DOWN[@]}" >/dev/null 2>&1 || true
  fi
  if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
  fi
  if [[ -n "$NGINX_PID" ]] && kill -0 "$NGINX_PID" 2>/dev/null; then
    kill "$NGINX_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

# ------------------------------------------------------------------ tools

ensure_tools() {
  scripts/serve.sh install # nginx and curl, the way the serving tier installs them (no system nginx started)
  command -v wrk >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || die "install wrk (Debian package) and rerun"
  local sudo=""
  [[ "$(id -u)" == 0 ]] || sudo="sudo"
  log "installing wrk from Debian's packages"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk >&2 \
    || { $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
         $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk >&2; }
}

. "$ROOT/scripts/bench-lib.sh"

# counters of the service's cache tiers: "near_hit redis_hit db_load"
tier_counters() {
  curl -s "http://127.0.0.1:$SERVICE_PORT/actuator/prometheus" | awk '
    /^salesrank_cache_lookups_total/ {
      if ($0 ~ /tier="near"/ && $0 ~ /result="hit"/) near += $NF
      if ($0 ~ /tier="redis"/ && $0 ~ /result="hit"/) redis += $NF
      if ($0 ~ /tier="db"/) db += $NF
    }
    END { printf "%d %d %d\n", near, redis, db }'
}

# after the warm-up: the tier counters then cover the measured run only
snapshot_tiers() { TIERS_BEFORE="$(tier_counters)"; }

# ------------------------------------------------------------------ wrk

RANDOM_LUA="$WORK/random-category.lua"
write_lua() {
  random_category_lua >"$RANDOM_LUA"
}

run_wrk() { # label url [lua] [command run between the warm-up and the measurement]
  local label="$1" url="$2" lua="${3:-}" between="${4:-}" out="$WORK/wrk-$1.txt"
  local args=(-t"$THREADS" -c"$CONNECTIONS" --latency)
  [[ -n "$lua" ]] && args+=(-s "$lua")
  wrk "${args[@]}" -d"${WARMUP}s" "$url" >/dev/null 2>&1 || true
  [[ -n "$between" ]] && $between
  cpu_before
  wrk "${args[@]}" -d"${DURATION}s" "$url" >"$out" 2>&1
  cpu_after "$out"
  CPU_RESULTS+=("$(printf '%-16s %s' "$label" "$CPU_LINE")")
  WRK_RPS="$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")"
  WRK_P50="$(awk '$1 == "50%" {print $2}' "$out")"
  WRK_P99="$(awk '$1 == "99%" {print $2}' "$out")"
  WRK_ERRORS="$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$out")"
}

# CPU time (user + system) each process spent during the measured run, per request answered: on
# one machine wrk, the service, Redis and the database share the cores, so a tier's rate is bounded
# by what a request costs all of them together, not by the service alone.
. "$ROOT/scripts/cpu-time.sh"
EDGE_NGINX_PID="" EDGE_API_PIDS=""
edge_nginx_pids() { [[ -n "$EDGE_NGINX_PID" ]] && echo "$EDGE_NGINX_PID" $(pgrep -P "$EDGE_NGINX_PID" || true); return 0; }
server_pids() { # the processes answering HTTP in this phase: nginx and its workers, or the service
  local pids=()
  if [[ -n "$EDGE_NGINX_PID" ]]; then
    pids+=($(edge_nginx_pids) $EDGE_API_PIDS)
  elif [[ -n "$NGINX_PID" ]]; then
    pids+=("$NGINX_PID" $(pgrep -P "$NGINX_PID" || true))
  else
    pids+=("$SERVICE_PID")
  fi
  echo "${pids[*]}"
}
REDIS_PID="" REPLICA_PID=""
cpu_before() {
  CPU0_SERVER="$(cpu_ms $(server_pids))"
  CPU0_REDIS="$(cpu_ms $REDIS_PID)"; CPU0_REPLICA="$(cpu_ms $REPLICA_PID)"
  CPU0_EDGE_NGINX="$(cpu_ms $(edge_nginx_pids))"; CPU0_EDGE_API="$(cpu_ms $EDGE_API_PIDS)"
  children_cpu_ms "$WORK/times"; CPU0_WRK=$CHILDREN_CPU_MS
}
cpu_after() { # wrk's output -> CPU_LINE: microseconds of CPU per request, per process
  local requests server redis replica wrk
  # wrk's first, before this function's own subshells finish and count as children too
  children_cpu_ms "$WORK/times"; wrk=$((CHILDREN_CPU_MS - CPU0_WRK))
  server=$(( $(cpu_ms $(server_pids)) - CPU0_SERVER ))
  redis=$(( $(cpu_ms $REDIS_PID) - CPU0_REDIS )); replica=$(( $(cpu_ms $REPLICA_PID) - CPU0_REPLICA ))
  requests="$(awk '/ requests in / {print $1}' "$1")"
  # the serving tier's server time, split: nginx's processes, and the instances' JVMs
  EDGE_SPLIT="$(awk -v n="$requests" -v g="$(( $(cpu_ms $(edge_nginx_pids)) - CPU0_EDGE_NGINX ))" \
    -v a="$(( $(cpu_ms $EDGE_API_PIDS) - CPU0_EDGE_API ))" 'BEGIN { if (n <= 0) n = 1
    printf "nginx %.1f us/req, instances %.1f us/req", g * 1000 / n, a * 1000 / n }')"
  CPU_LINE="$(awk -v n="$requests" -v s="$server" -v r="$redis" -v d="$replica" -v w="$wrk" 'BEGIN {
    if (n <= 0) n = 1
    printf "%6.1f %6.1f %6.1f %6.1f %6.1f", s * 1000 / n, r * 1000 / n, d * 1000 / n, w * 1000 / n, (s + r + d + w) * 1000 / n }')"
}

RESULTS=()
CPU_RESULTS=()
declare -A RPS P99
record() { # label tier notes
  RESULTS+=("$(printf '%-16s %-36s %8s %9s %9s %6s  %s' "$1" "$2" "$WRK_RPS" "$WRK_P50" "$WRK_P99" "$WRK_ERRORS" "${3:-}")")
  RPS[$1]="$WRK_RPS"
  P99[$1]="$WRK_P99"
}

phase() { # label tier-description url lua env...
  local label="$1" tier="$2" url="$3" lua="$4"; shift 4
  log "phase $label: starting the service ($*)"
  start_service "$label" "$@"
  local after
  TIERS_BEFORE=""
  run_wrk "$label" "http://127.0.0.1:$SERVICE_PORT$url" "$lua" snapshot_tiers
  after="$(tier_counters)"
  local before="$TIERS_BEFORE"
  local served
  served="$(echo "$before $after" | awk '{printf "near %d, redis %d, db %d", $4-$1, $5-$2, $6-$3}')"
  record "$label" "$tier" "rss $(rss_mb "$SERVICE_PID") MB (peak $(peak_mb "$SERVICE_PID") MB); answered by: $served"
  log "phase $label: $WRK_RPS req/s, p50 $WRK_P50, p99 $WRK_P99 ($served)"
  stop_service
}

# the random spread with both tiers on: first without a publish, then with one during the run
publish_phase() { # label grace
  local label="$1" grace="$2" url
  log "phase $label: starting the service (SALESRANK_CACHE_REFRESH_AHEAD_GRACE=$grace)"
  start_service "$label" SALESRANK_CACHE_REFRESH_AHEAD_GRACE="$grace"
  url="http://127.0.0.1:$SERVICE_PORT/"
  run_wrk "$label-steady" "$url" "$RANDOM_LUA"
  record "$label-steady" "near+Redis (random), no publish" "grace $grace"
  local args=(-t"$THREADS" -c"$CONNECTIONS" --latency -s "$RANDOM_LUA") out="$WORK/wrk-$label-publish.txt"
  (sleep "$PUBLISH_AFTER"; publish_ranking >/dev/null 2>&1) &
  local publisher=$!
  wrk "${args[@]}" -d"${DURATION}s" "$url" >"$out" 2>&1
  wait "$publisher" || die "the publish during phase $label failed"
  WRK_RPS="$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")"
  WRK_P50="$(awk '$1 == "50%" {print $2}' "$out")"
  WRK_P99="$(awk '$1 == "99%" {print $2}' "$out")"
  WRK_ERRORS="$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$out")"
  record "$label-publish" "near+Redis (random), publish at +${PUBLISH_AFTER}s" "grace $grace; max $(awk '$1 == "Latency" {print $4}' "$out")"
  log "phase $label: p99 $(echo "${P99[$label-steady]}") without a publish, ${WRK_P99} with one"
  stop_service
}

# ------------------------------------------------------------------ the serving tier

# scripts/serve.sh's tier in a directory of its own, on free ports: nginx in front of N instances
edge_phase() { # label instances cache(on|off) tier-description
  local label="$1" instances="$2" cache="$3" tier="$4" port base i
  # below Linux's ephemeral range (32768..), where outgoing connections could take a port meanwhile
  for i in $(seq 1 50); do
    base=$((20000 + RANDOM % 12000))
    port=$((base + 10))
    port_in_use "$port" || port_in_use "$base" || port_in_use $((base + 1)) || port_in_use $((base + 2)) \
      || port_in_use $((base + 3)) || break
  done
  local serve_env=(SALESRANK_SERVE_DIR="$WORK/serve-$label" SALESRANK_API_PORT="$port"
    SALESRANK_API_INSTANCE_PORT_BASE="$base" SALESRANK_API_INSTANCES="$instances" SALESRANK_API_JAR="$JAR"
    SALESRANK_API_JAVA_OPTS="$JAVA_OPTS" SALESRANK_API_ACCESS_LOG=false SALESRANK_EDGE_CACHE="$cache"
    SALESRANK_EDGE_CONNECTIONS_PER_ADDRESS=10000)
  log "phase $label: scripts/serve.sh up ($instances instance(s), nginx cache $cache)"
  env "${serve_env[@]}" scripts/serve.sh up >/dev/null 2>"$WORK/serve-$label.log" \
    || { env "${serve_env[@]}" scripts/serve.sh down >/dev/null 2>&1 || true; cat "$WORK/serve-$label.log" >&2; die "the serving tier did not start"; }
  EDGE_DOWN=(env "${serve_env[@]}" scripts/serve.sh down)
  EDGE_NGINX_PID="$(cat "$WORK/serve-$label/nginx/nginx.pid")"
  EDGE_API_PIDS="$(for i in $(seq 1 "$instances"); do cat "$WORK/serve-$label/api-$i/pid"; done | tr '\n' ' ')"
  run_wrk "$label" "http://127.0.0.1:$port/api/v1/popular?category_id=1"
  record "$label" "$tier" "$EDGE_SPLIT"
  log "phase $label: $WRK_RPS req/s, p50 $WRK_P50, p99 $WRK_P99 ($EDGE_SPLIT)"
  "${EDGE_DOWN[@]}" >/dev/null 2>&1
  EDGE_DOWN=()
  EDGE_NGINX_PID="" EDGE_API_PIDS=""
}

# ------------------------------------------------------------------ nginx

nginx_baseline() {
  local dir="$WORK/nginx" port
  port="$(free_port)"
  mkdir -p "$dir/html" "$dir/tmp"
  # 1 KB of JSON, shaped like a ranking page
  {
    printf '{"category_id":1,"run_id":1,"window_start":"2026-11-20T00:00:00Z","window_end":"2026-11-27T00:00:00Z","published_at":"2026-11-27T00:05:00.000Z","items":['
    local i
    for i in 1 2 3 4 5 6 7 8 9 10 11; do
      printf '{"id":%d,"category_id":1,"rank":%d,"product_id":%d,"total_sold":%d},' "$i" "$i" "$((1000000 + i))" "$((999993 - i * 7))"
    done
    printf '{"id":12,"category_id":1,"rank":12,"product_id":1000012,"total_sold":999909}]}'
  } >"$dir/html/popular.json"
  cat >"$dir/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/tmp;
  proxy_temp_path $dir/tmp;
  fastcgi_temp_path $dir/tmp;
  uwsgi_temp_path $dir/tmp;
  scgi_temp_path $dir/tmp;
  keepalive_requests 1000000;
  default_type application/json;
  server {
    listen 127.0.0.1:$port;
    root $dir/html;
  }
}
CONF
  nginx -c "$dir/nginx.conf" -p "$dir" &
  NGINX_PID=$!
  local i
  for i in $(seq 1 100); do
    port_in_use "$port" && break
    sleep 0.1
  done
  log "baseline: nginx on 127.0.0.1:$port serving a $(stat -c %s "$dir/html/popular.json")-byte JSON file"
  run_wrk nginx "http://127.0.0.1:$port/popular.json"
  record nginx "static $(stat -c %s "$dir/html/popular.json") B JSON file" ""
  kill "$NGINX_PID" 2>/dev/null || true
  wait "$NGINX_PID" 2>/dev/null || true
  NGINX_PID=""
}

# ------------------------------------------------------------------ main

ensure_tools
mkdir -p "$WORK"
write_lua
scripts/stack.sh up
eval "$(scripts/stack.sh env)"
REDIS_PID="$(cat var/stack/redis/redis.pid)"
REPLICA_PID="$(cat var/stack/replica/mysqld.pid)"
if [[ ! -f "$JAR" ]]; then
  log "building $JAR"
  ./mvnw -q -B -pl read-api -am package -DskipTests
fi
publish_ranking

nginx_baseline
for p in $PHASES; do
  case "$p" in
    hot) phase hot "near cache (one category)" "/api/v1/popular?category_id=1" "" ;;
    pages)
      # publish_ranking's product ids: category c, rank r is product c * 1000000 + r
      phase page-index "near cache (index page, $CATEGORIES cats)" "/best-sellers" ""
      phase page-category "near cache (best sellers page)" "/best-sellers/1" ""
      phase page-product "near cache (product page)" "/products/1000001" "" ;;
    redis) phase redis "Redis (random of $CATEGORIES, near off)" "/" "$RANDOM_LUA" SALESRANK_CACHE_NEAR_ENABLED=false ;;
    database) phase database "replica (random, near+Redis off)" "/" "$RANDOM_LUA" \
      SALESRANK_CACHE_NEAR_ENABLED=false SALESRANK_CACHE_REDIS_ENABLED=false ;;
    publish)
      publish_phase ahead 5s
      publish_phase at-once 0s ;;
    edge)
      edge_phase edge-cache 1 on "nginx cache (hot page), 1 instance"
      edge_phase edge-nocache 1 off "nginx, cache off, 1 instance (hot)"
      edge_phase edge-two 2 off "nginx, cache off, 2 instances (hot)" ;;
    *) die "unknown phase $p" ;;
  esac
done

echo
echo "read-api benchmark: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency (after a ${WARMUP}s warm-up), 127.0.0.1, $(nproc) cores shared with wrk"
echo "ranking: $CATEGORIES categories x $ROWS rows; service JVM: $JAVA_OPTS; $(date -u '+%Y-%m-%d %H:%M UTC')"
printf '%-16s %-36s %8s %9s %9s %6s  %s\n' phase "served from" "req/s" p50 p99 errors "service RSS; which tier answered during the run"
for line in "${RESULTS[@]}"; do echo "$line"; done
echo
echo "CPU time per request (user + system, microseconds; $(nproc) cores give $(nproc)e6 per second):"
printf '%-16s %6s %6s %6s %6s %6s\n' phase server redis replica wrk total
for line in "${CPU_RESULTS[@]}"; do echo "$line"; done
echo "(server: nginx's processes in the baseline, the service's JVM otherwise; a tier's rate is at most"
echo " cores x 1e6 / total, and its ratio to nginx at most nginx's total / the tier's total)"
# goals (issue 10): hot >= 0.8x nginx with p99 < 5 ms; Redis >= 0.4x nginx with p99 < 8 ms;
# database >= 8k req/s with p99 < 30 ms; a publish under load at most doubles p99
ms() { awk -v t="$1" 'BEGIN { if (t ~ /us$/) { sub(/us$/, "", t); t = t / 1000 } else if (t ~ /ms$/) { sub(/ms$/, "", t) } else if (t ~ /s$/) { sub(/s$/, "", t); t = t * 1000 } printf "%.2f", t }'; }
verdict() { awk -v ok="$1" 'BEGIN { print (ok ? "met" : "NOT met") }'; }
if [[ -n "${RPS[hot]:-}" ]]; then
  r="$(awk -v a="${RPS[hot]}" -v b="${RPS[nginx]}" 'BEGIN { printf "%.2f", a / b }')"; p="$(ms "${P99[hot]}")"
  echo "hot / nginx = $r (goal >= 0.80: $(verdict "$(awk -v r="$r" 'BEGIN { print r >= 0.8 }')")); hot p99 = $p ms (goal < 5 ms: $(verdict "$(awk -v p="$p" 'BEGIN { print p < 5 }')"))"
fi
if [[ -n "${RPS[redis]:-}" ]]; then
  r="$(awk -v a="${RPS[redis]}" -v b="${RPS[nginx]}" 'BEGIN { printf "%.2f", a / b }')"; p="$(ms "${P99[redis]}")"
  echo "redis / nginx = $r (goal >= 0.40: $(verdict "$(awk -v r="$r" 'BEGIN { print r >= 0.4 }')")); redis p99 = $p ms (goal < 8 ms: $(verdict "$(awk -v p="$p" 'BEGIN { print p < 8 }')"))"
fi
if [[ -n "${RPS[database]:-}" ]]; then
  p="$(ms "${P99[database]}")"
  echo "database = ${RPS[database]} req/s (goal >= 8000: $(verdict "$(awk -v r="${RPS[database]}" 'BEGIN { print r >= 8000 }')")); database p99 = $p ms (goal < 30 ms: $(verdict "$(awk -v p="$p" 'BEGIN { print p < 30 }')"))"
fi
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
for label in page-index page-category page-product; do
  [[ -n "${RPS[$label]:-}" && -n "${RPS[hot]:-}" ]] || continue
  echo "$label / hot (a rendered page hot in the near cache / the JSON hot tier) = $(ratio "${RPS[$label]}" "${RPS[hot]}"); $label p99 = $(ms "${P99[$label]}") ms"
done
if [[ -n "${RPS[edge-cache]:-}" ]]; then
  r="$(ratio "${RPS[edge-cache]}" "${RPS[nginx]}")"
  echo "edge-cache / nginx = $r (goal >= 0.80: $(verdict "$(awk -v r="$r" 'BEGIN { print r >= 0.8 }')")); edge-cache p99 = $(ms "${P99[edge-cache]}") ms"
fi
if [[ -n "${RPS[edge-nocache]:-}" && -n "${RPS[hot]:-}" ]]; then
  echo "edge-nocache / hot (the proxy's cost: through nginx, cache off / the API directly) = $(ratio "${RPS[edge-nocache]}" "${RPS[hot]}")"
fi
if [[ -n "${RPS[edge-two]:-}" && -n "${RPS[edge-nocache]:-}" ]]; then
  echo "edge-two / edge-nocache (two instances / one, both through nginx, cache off) = $(ratio "${RPS[edge-two]}" "${RPS[edge-nocache]}") (no gain expected on $(nproc) shared cores)"
fi
for label in ahead at-once; do
  [[ -n "${P99[$label-publish]:-}" ]] || continue
  r="$(awk -v a="$(ms "${P99[$label-publish]}")" -v b="$(ms "${P99[$label-steady]}")" 'BEGIN { printf "%.2f", a / b }')"
  echo "publish ($label): p99 with a publish / without = $r (goal <= 2.0: $(verdict "$(awk -v r="$r" 'BEGIN { print r <= 2 }')"))"
done
