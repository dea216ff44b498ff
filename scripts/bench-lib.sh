# Sourced by the read API's benchmarks (bench-api.sh, bench-faults.sh): the ranking they publish and
# the service they start. The caller sets ROOT, WORK, JAR, JAVA_OPTS, CATEGORIES, ROWS and defines
# log and die; the stack's variables (scripts/stack.sh env) are exported.

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local p i
  for i in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    port_in_use "$p" || { echo "$p"; return 0; }
  done
  die "no free port found"
}

# ------------------------------------------------------------------ data

sql_writer() { # host port, then mariadb args
  local host="$1" port="$2"; shift 2
  MYSQL_PWD="$SALESRANK_DB_PASSWORD" mariadb --no-defaults -h "$host" -P "$port" -u "$SALESRANK_DB_USER" \
    --batch --skip-column-names salesrank "$@"
}

sql_reader() {
  local host="$1" port="$2"; shift 2
  MYSQL_PWD="$SALESRANK_READER_PASSWORD" mariadb --no-defaults -h "$host" -P "$port" -u "$SALESRANK_READER_USER" \
    --batch --skip-column-names salesrank "$@"
}

host_port() { # jdbc url -> "host port"
  echo "$1" | sed -E 's#^jdbc:mysql://([^:/]+):([0-9]+)/.*#\1 \2#'
}

publish_ranking() {
  local primary replica run
  read -r -a primary <<<"$(host_port "$SALESRANK_DB_URL")"
  read -r -a replica <<<"$(host_port "${SALESRANK_REPLICA_URLS%%,*}")"
  log "publishing $CATEGORIES categories x $ROWS rows through the primary (staging tables + RENAME TABLE)"
  # recursive CTEs: portable to MySQL 8 and MariaDB 10.11 (MySQL's default recursion limit is 1000)
  run="$(sql_writer "${primary[@]}" <<SQL
INSERT INTO ranking_runs (window_start, window_end, rows_published, lines_read, malformed_lines, published_at, job_wall_ms)
  VALUES (DATE_SUB(DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:00:00'), INTERVAL 7 DAY),
          DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-%d %H:00:00'), $((CATEGORIES * ROWS)), 0, 0, UTC_TIMESTAMP(3), 0);
SET @run = LAST_INSERT_ID();
DROP TABLE IF EXISTS sales_rank_staging;
DROP TABLE IF EXISTS sales_rank_run_staging;
CREATE TABLE sales_rank_staging LIKE sales_rank;
CREATE TABLE sales_rank_run_staging LIKE sales_rank_run;
INSERT INTO sales_rank_staging (id, category_id, product_id, total_sold, category_rank)
  WITH RECURSIVE c (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < $CATEGORIES),
                 r (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < $ROWS)
  SELECT (c.n - 1) * $ROWS + r.n, c.n, c.n * 1000000 + r.n, 1000000 - r.n * 7, r.n FROM c CROSS JOIN r;
INSERT INTO sales_rank_run_staging (run_id, window_start, window_end, published_at)
  SELECT run_id, window_start, window_end, published_at FROM ranking_runs WHERE run_id = @run;
RENAME TABLE sales_rank TO sales_rank_old, sales_rank_staging TO sales_rank,
  sales_rank_run TO sales_rank_run_old, sales_rank_run_staging TO sales_rank_run;
DROP TABLE sales_rank_old;
DROP TABLE sales_rank_run_old;
SELECT @run;
SQL
)"
  log "published run $run; waiting for the replica"
  local i seen
  for i in $(seq 1 600); do
    seen="$(sql_reader "${replica[@]}" -e 'SELECT MAX(run_id) FROM sales_rank_run' 2>/dev/null || true)"
    [[ "$seen" == "$run" ]] && return 0
    sleep 0.1
  done
  die "run $run did not reach the replica within 60 s"
}

# ------------------------------------------------------------------ service

start_service() { # phase name, then env assignments
  local name="$1"; shift
  local logf="$WORK/service-$name.log"
  : >"$logf"
  # SERVER_PORT=0: Tomcat picks a free port and logs it
  env "$@" SERVER_PORT=0 java $JAVA_OPTS -jar "$JAR" >"$logf" 2>&1 &
  SERVICE_PID=$!
  local i
  SERVICE_PORT=""
  for i in $(seq 1 600); do
    SERVICE_PORT="$(sed -nE 's/.*Tomcat started on port ([0-9]+).*/\1/p' "$logf" | head -1)"
    [[ -n "$SERVICE_PORT" ]] && break
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -30 "$logf" >&2; die "the service exited; see $logf"; }
    sleep 0.2
  done
  [[ -n "$SERVICE_PORT" ]] || die "the service did not start within 120 s; see $logf"
  # ready once it answers a real request (the run tracker has read the live run)
  for i in $(seq 1 300); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$SERVICE_PORT/api/v1/popular?category_id=1")" == 200 ]] && return 0
    sleep 0.2
  done
  die "the service did not answer 200 within 60 s; see $logf"
}

stop_service() {
  kill "$SERVICE_PID" 2>/dev/null || true
  wait "$SERVICE_PID" 2>/dev/null || true
  SERVICE_PID=""
}

rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
peak_mb() { awk '/^VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }


# wrk's Lua for a random category of 1..$CATEGORIES per request, each wrk thread seeded differently
random_category_lua() {
  cat <<LUA
-- a random category of 1..$CATEGORIES per request; each wrk thread seeded differently
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
function init(args)
  math.randomseed(os.time() * 1000 + (id or 0))
end
function request()
  return wrk.format("GET", "/api/v1/popular?category_id=" .. math.random(1, $CATEGORIES))
end
LUA
}
