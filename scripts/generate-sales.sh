#!/usr/bin/env bash
# Writes sample sales logs (yyyy/MM/dd/HH/ layout, Zipf popularity, 1..3 categories
# per product), deterministic from --seed. See --help, e.g.
#   scripts/generate-sales.sh --output var/sales --lines 1000000 --window-end 2026-11-20T13:00:00Z --gzip
# The generator is test data, its own module (sales-generator), not part of the job's jar.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$ROOT/sales-generator/target/sales-generator.jar"
if [[ ! -f "$JAR" ]] || [[ -n "$(find "$ROOT/sales-generator/src/main" "$ROOT/sales-generator/pom.xml" "$ROOT/pom.xml" -newer "$JAR" -type f -print -quit)" ]]; then
  echo "building sales-generator ..." >&2
  (cd "$ROOT" && ./mvnw -q -B -pl sales-generator -DskipTests package) >&2
fi
exec java -Xmx1g -jar "$JAR" "$@"
