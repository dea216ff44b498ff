# Sourced by the benchmarks: CPU time (user + system, ms) of processes, beside wall time. On one
# machine the measured processes share the cores, so what a step costs each of them is part of
# what it measures.

CLK_TCK="$(getconf CLK_TCK)"

# CPU ms of the given processes together (0 for one that is gone)
cpu_ms() { # pid...
  local pid ms=0 t
  for pid in "$@"; do
    t="$(awk -v hz="$CLK_TCK" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$pid/stat" 2>/dev/null || echo 0)"
    ms=$((ms + t))
  done
  echo "$ms"
}

# CPU ms of this shell's finished children (a client, a JVM, wrk), into CHILDREN_CPU_MS. Call it in
# the benchmark's own shell, not in a pipe's or a $(...)'s subshell, which has no children of its own.
children_cpu_ms() { # scratch file
  times >"$1"
  CHILDREN_CPU_MS=$(awk 'NR == 2 { ms = 0; for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); ms += t[1] * 60000 + t[2] * 1000 }; printf "%d", ms }' "$1")
}
