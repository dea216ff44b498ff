# Sourced by the ranker job's benchmarks (bench-job.sh, bench-cluster.sh, bench-builds.sh): the
# generated week of sales they share, made once per size and seed under var/bench/.

# Prints the directory of LINES sales over the 168 h window ending WINDOW_END (seed SEED), and
# generates it first when it is not there whole.
bench_sales() { # LINES SEED WINDOW_END WINDOW_HOURS
  local lines="$1" seed="$2" window_end="$3" hours="$4"
  local data="var/bench/sales-$lines-seed$seed"
  if [[ ! -f "$data/.complete" ]]; then
    rm -rf "$data"
    echo "generating $lines lines into $data (once) ..." >&2
    scripts/generate-sales.sh \
      --output "$data" --lines "$lines" --window-end "$window_end" --window-hours "$hours" --seed "$seed" >&2
    touch "$data/.complete"
  fi
  echo "$data"
}
