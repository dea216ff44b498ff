#!/usr/bin/env bash
# Faults under load (issue 22): wrk against read-api while one dependency stops answering, with the
# load and the fault in one run. Each scenario is 3 phases of BENCH_PHASE seconds back to back
# (default 10: 30 s of load): before, fault (the dependency frozen or slowed), after (resumed). Per
# phase: requests, failed requests (non-2xx and socket errors, wrk --timeout 10s), p50, p99, max and
# which database answered; per scenario the same over the 30 s (the phases' distributions merged) and the CPU
# time per request of every process (scripts/cpu-time.sh).
#
#   flock -o /tmp/salesrank-bench.lock scripts/bench-faults.sh
#
# Scenarios (BENCH_SCENARIOS, default all four):
#   replica-frozen    the database tier (near cache and Redis off: every request reads a database),
#                     the stack's one replica SIGSTOPped for the fault phase, then SIGCONT
#   replica-frozen-2  the same with two replicas (SALESRANK_REPLICAS=2): the other replica answers
#   replica-slow      the database tier, the replica reached through scripts/delay-proxy.py, which
#                     holds every chunk each way for BENCH_SLOW_MS (default 300) during the fault phase
#   redis-frozen      the Redis tier (near cache off: every request reads Redis), Redis SIGSTOPped
# BENCH_BASELINE_JAR (optional): an older service jar run through the same scenarios first, e.g.
# main's, for a before/after in one run (BENCH_BASELINE_SCENARIOS: which scenarios, default all). Other settings: SALESRANK_PORT_OFFSET, BENCH_CONNECTIONS
# (default 16), BENCH_THREADS (2), BENCH_WARMUP (s, 15), BENCH_CATEGORIES (1000), BENCH_ROWS (100),
# BENCH_JAVA_OPTS, BENCH_JAR. Load goes to 127.0.0.1 only.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PHASE="${BENCH_PHASE:-10}"
WARMUP="${BENCH_WARMUP:-15}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
THREADS="${BENCH_THREADS:-2}"
CATEGORIES="${BENCH_CATEGORIES:-1000}"
ROWS="${BENCH_ROWS:-100}"
SLOW_MS="${BENCH_SLOW_MS:-300}"
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}"
SCENARIOS="${BENCH_SCENARIOS:-replica-frozen replica-frozen-2 replica-slow redis-frozen}"
JAR="${BENCH_JAR:-$ROOT/read-api/target/read-api.jar}"
BASELINE_JAR="${BENCH_BASELINE_JAR:-}"
WORK="$ROOT/var/bench-faults"
export PATH="$PATH:/usr/sbin:/sbin"

log() { echo "bench-faults: $*" >&2; }
die() { echo "bench-faults: ERROR: $*" >&2; exit 1; }

SERVICE_PID="" PROXY_PID="" STOPPED_PIDS=()
cleanup() {
  local pid
  for pid in "${STOPPED_PIDS[@]}"; do kill -CONT "$pid" 2>/dev/null || true; done
  if [[ -n "$SERVICE_PID" ]]; then kill "$SERVICE_PID" 2>/dev/null || true; wait "$SERVICE_PID" 2>/dev/null || true; fi
  if [[ -n "$PROXY_PID" ]]; then kill "$PROXY_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

ensure_tools() {
  local pkgs=()
  command -v wrk >/dev/null 2>&1 || pkgs+=(wrk)
  command -v curl >/dev/null 2>&1 || pkgs+=(curl)
  command -v python3 >/dev/null 2>&1 || pkgs+=(python3-minimal)
  [[ ${#pkgs[@]} -eq 0 ]] && return 0
  command -v apt-get >/dev/null 2>&1 || die "install ${pkgs[*]} (Debian packages) and rerun"
  local sudo=""
  [[ "$(id -u)" == 0 ]] || sudo="sudo"
  log "installing ${pkgs[*]} from Debian's packages"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pkgs[@]}" >&2 \
    || { $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
         $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${pkgs[@]}" >&2; }
}

. "$ROOT/scripts/bench-lib.sh"
. "$ROOT/scripts/cpu-time.sh"

# ------------------------------------------------------------------ wrk

LUA="$WORK/random-category.lua"
write_lua() {
  # a random category per request; done() writes the failures and wrk's latency distribution
  # (microseconds, as 2000 quantiles with their share of the requests) to $BENCH_HISTOGRAM, so the
  # phases can be merged into one distribution (to within 0.05 % of the requests)
  { random_category_lua
    cat <<LUA
function done(summary, latency, requests)
  local e = summary.errors
  local f = assert(io.open(os.getenv("BENCH_HISTOGRAM"), "w"))
  f:write(string.format("requests %d\\nfailed %d\\n", summary.requests,
    e.connect + e.read + e.write + e.timeout + e.status))
  -- the distribution as 2000 quantiles (0.05 % steps), each standing for a 2000th of the requests
  for i = 1, 2000 do
    f:write(string.format("%d %.6f\n", latency:percentile(i / 20), summary.requests / 2000))
  end
  f:close()
end
LUA
  } >"$LUA"
}

# "requests failed p50 p99 max" (ms) of one or more distribution files together
summarize() {
  local head
  head="$(awk '$1 == "requests" { n += $2 } $1 == "failed" { f += $2 } END { print n + 0, f + 0 }' "$@")"
  awk '$1 != "requests" && $1 != "failed" { count[$1] += $2 } END { for (v in count) print v, count[v] }' "$@" \
    | sort -n | awk -v head="$head" '{ v[NR] = $1; c[NR] = $2; total += $2 }
      END {
        seen = 0; p50 = -1; p99 = -1
        for (i = 1; i <= NR; i++) {
          seen += c[i]
          if (p50 < 0 && seen >= total * 0.50) p50 = v[i]
          if (p99 < 0 && seen >= total * 0.99) p99 = v[i]
        }
        printf "%s %.1f %.1f %.1f\n", head, p50 / 1000, p99 / 1000, v[NR] / 1000 }'
}

# salesrank_db_reads_total per node, and the cache tiers' hits: "replica-0=N replica-1=N primary=N redis=N"
answered_by() {
  curl -s --max-time 5 "http://127.0.0.1:$SERVICE_PORT/actuator/prometheus" | awk '
    /^salesrank_db_reads_total/ { match($0, /node="[^"]*"/); node = substr($0, RSTART + 6, RLENGTH - 7); n[node] += $NF }
    /^salesrank_cache_lookups_total/ && /tier="redis"/ && /result="hit"/ { n["redis"] += $NF }
    END { for (k in n) printf "%s=%d ", k, n[k]; print "" }'
}

# the difference of two answered_by lines, nodes that answered nothing left out
answered_delta() {
  awk -v a="$1" -v b="$2" 'BEGIN {
    split(a, x, " "); for (i in x) { split(x[i], kv, "="); before[kv[1]] = kv[2] }
    split(b, y, " "); out = ""
    for (i in y) { split(y[i], kv, "="); d = kv[2] - before[kv[1]]; if (d > 0) out = out kv[1] " " d ", " }
    sub(/, $/, "", out); print (out == "" ? "-" : out) }'
}

run_phase() { # label
  local hist="$WORK/hist-$1.txt"
  BENCH_HISTOGRAM="$hist" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${PHASE}s" --timeout 10s -s "$LUA" \
    "http://127.0.0.1:$SERVICE_PORT/" >"$WORK/wrk-$1.txt" 2>&1
}

# ------------------------------------------------------------------ scenarios

RESULTS=()
CPU_RESULTS=()

scenario() { # build label fault-on fault-off replica-urls env...
  local build="$1" label="$2" on="$3" off="$4" urls="$5"; shift 5
  local jar="$JAR"
  [[ "$build" == before ]] && jar="$BASELINE_JAR"
  log "$build $label: starting the service"
  JAR="$jar" start_service "$build-$label" SALESRANK_REPLICA_URLS="$urls" "$@"
  BENCH_HISTOGRAM="$WORK/warmup.txt" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s -s "$LUA" \
    "http://127.0.0.1:$SERVICE_PORT/" >/dev/null 2>&1 || true
  local pids=("$SERVICE_PID" "$PRIMARY_PID" "$REPLICA_PID" "$REPLICA2_PID" "$REDIS_PID" ${PROXY_PID:+"$PROXY_PID"})
  local cpu0=() cpu1=() p wrk0 by0 by1 by2 by3 name
  for p in "${pids[@]}"; do cpu0+=("$(cpu_ms "$p")"); done
  children_cpu_ms "$WORK/times"; wrk0=$CHILDREN_CPU_MS
  by0="$(answered_by)"
  run_phase "$build-$label-before"; by1="$(answered_by)"
  log "$build $label: fault on"
  $on
  run_phase "$build-$label-fault"
  $off
  log "$build $label: fault off"
  by2="$(answered_by)"
  run_phase "$build-$label-after"; by3="$(answered_by)"
  children_cpu_ms "$WORK/times"; local wrk_ms=$((CHILDREN_CPU_MS - wrk0))
  for p in "${pids[@]}"; do cpu1+=("$(cpu_ms "$p")"); done
  local phase line all
  for phase in before fault after; do
    line="$(summarize "$WORK/hist-$build-$label-$phase.txt")"
    case "$phase" in
      before) name="$(answered_delta "$by0" "$by1")" ;;
      fault) name="$(answered_delta "$by1" "$by2")" ;;
      after) name="$(answered_delta "$by2" "$by3")" ;;
    esac
    RESULTS+=("$(printf '%-7s %-17s %-7s %8s %6s %8s %8s %8s  %s' "$build" "$label" "$phase" $line "$name")")
  done
  all="$(summarize "$WORK"/hist-"$build-$label"-{before,fault,after}.txt)"
  RESULTS+=("$(printf '%-7s %-17s %-7s %8s %6s %8s %8s %8s  %s' "$build" "$label" "30 s" $all "")")
  local requests
  requests="$(echo "$all" | awk '{print $1}')"
  local us=() i total=0
  for i in "${!pids[@]}"; do us+=($(( (cpu1[i] - cpu0[i]) ))); done
  # service, primary, replica, replica2, redis, proxy, wrk
  CPU_RESULTS+=("$(awk -v n="$requests" -v b="$build" -v l="$label" -v s="${us[0]}" -v pr="${us[1]}" \
    -v r1="${us[2]}" -v r2="${us[3]}" -v rd="${us[4]}" -v px="${us[5]:-0}" -v w="$wrk_ms" 'BEGIN {
      if (n <= 0) n = 1; k = 1000 / n
      printf "%-7s %-17s %7.1f %7.1f %7.1f %7.1f %7.1f %7.1f %7.1f", b, l, s * k, pr * k, (r1 + r2) * k,
        rd * k, px * k, w * k, (s + pr + r1 + r2 + rd + px + w) * k }')")
  stop_service
}

freeze() { kill -STOP "$1"; STOPPED_PIDS+=("$1"); }
resume() { kill -CONT "$1"; }
freeze_replica() { freeze "$REPLICA_PID"; }
resume_replica() { resume "$REPLICA_PID"; }
freeze_redis() { freeze "$REDIS_PID"; }
resume_redis() { resume "$REDIS_PID"; }
slow_replica() { kill -USR1 "$PROXY_PID"; }
fast_replica() { kill -USR2 "$PROXY_PID"; }

# ------------------------------------------------------------------ main

ensure_tools
mkdir -p "$WORK"
write_lua
SALESRANK_REPLICAS=2 scripts/stack.sh up
eval "$(scripts/stack.sh env)"
PRIMARY_PID="$(cat var/stack/primary/mysqld.pid)"
REPLICA_PID="$(cat var/stack/replica/mysqld.pid)"
REPLICA2_PID="$(cat var/stack/replica2/mysqld.pid)"
REDIS_PID="$(cat var/stack/redis/redis.pid)"
REPLICA_URL="${SALESRANK_REPLICA_URLS%%,*}"
REPLICA2_URL="${SALESRANK_REPLICA_URLS#*,}"
[[ "$REPLICA2_URL" != "$REPLICA_URL" ]] || die "the second replica is not in SALESRANK_REPLICA_URLS"
if [[ ! -f "$JAR" ]]; then
  log "building $JAR"
  ./mvnw -q -B -pl read-api -am package -DskipTests
fi
[[ -z "$BASELINE_JAR" || -f "$BASELINE_JAR" ]] || die "no $BASELINE_JAR"
publish_ranking
# the second replica has it too before any scenario reads it
read -r -a replica1 <<<"$(host_port "$REPLICA_URL")"
read -r -a replica2 <<<"$(host_port "$REPLICA2_URL")"
for i in $(seq 1 600); do
  [[ "$(sql_reader "${replica2[@]}" -e 'SELECT MAX(run_id) FROM sales_rank_run' 2>/dev/null || true)" == \
     "$(sql_reader "${replica1[@]}" -e 'SELECT MAX(run_id) FROM sales_rank_run')" ]] && break
  sleep 0.1
done

PROXY_PORT="$(free_port)"
python3 scripts/delay-proxy.py "$PROXY_PORT" "${replica1[1]}" "$SLOW_MS" &
PROXY_PID=$!
SLOW_URL="$(echo "$REPLICA_URL" | sed -E "s#//[^/]+/#//127.0.0.1:$PROXY_PORT/#")"

DB_TIER=(SALESRANK_CACHE_NEAR_ENABLED=false SALESRANK_CACHE_REDIS_ENABLED=false)
builds=(after)
[[ -n "$BASELINE_JAR" ]] && builds=(before after)
for build in "${builds[@]}"; do
  scenarios="$SCENARIOS"
  [[ "$build" == before ]] && scenarios="${BENCH_BASELINE_SCENARIOS:-$SCENARIOS}"
  for s in $scenarios; do
    case "$s" in
      replica-frozen) scenario "$build" "$s" freeze_replica resume_replica "$REPLICA_URL" "${DB_TIER[@]}" ;;
      replica-frozen-2) scenario "$build" "$s" freeze_replica resume_replica "$REPLICA_URL,$REPLICA2_URL" "${DB_TIER[@]}" ;;
      replica-slow) scenario "$build" "$s" slow_replica fast_replica "$SLOW_URL" "${DB_TIER[@]}" ;;
      redis-frozen) scenario "$build" "$s" freeze_redis resume_redis "$REPLICA_URL" SALESRANK_CACHE_NEAR_ENABLED=false ;;
      *) die "unknown scenario $s" ;;
    esac
  done
done

echo
echo "read-api under faults: wrk -t$THREADS -c$CONNECTIONS --timeout 10s, random of $CATEGORIES categories, 3 phases of ${PHASE}s"
echo "(fault: SIGSTOP for the phase, then SIGCONT; slow: every chunk each way held ${SLOW_MS} ms); 127.0.0.1, $(nproc) cores"
echo "shared with wrk, the databases and other work on this machine; service JVM: $JAVA_OPTS; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "build: after = $JAR${BASELINE_JAR:+, before = $BASELINE_JAR}"
printf '%-7s %-17s %-7s %8s %6s %8s %8s %8s  %s\n' build scenario phase requests failed p50ms p99ms maxms "answered by"
for line in "${RESULTS[@]}"; do echo "$line"; done
echo
echo "CPU time per request over the 30 s (user + system, microseconds):"
printf '%-7s %-17s %7s %7s %7s %7s %7s %7s %7s\n' build scenario service primary replicas redis proxy wrk total
for line in "${CPU_RESULTS[@]}"; do echo "$line"; done
