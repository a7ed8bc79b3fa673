#!/usr/bin/env bash
# End-to-end benchmark at scale: generate and load N customers (1M ≈ 10M order lines) through the import store, then
# RFM, BG/NBD + Gamma-Gamma fits and CLV scoring, on SQLite (and PostgreSQL when VALORA_BENCH_POSTGRES is set).
# Prints wall and CPU seconds per step; compare runs as ratios (same machine class), never as absolute targets.
#   bench/e2e.sh [customers]                       e.g. bench/e2e.sh 1000000
#   VALORA_BENCH_POSTGRES="Host=127.0.0.1;Port=55432;Username=postgres;Database=bench" bench/e2e.sh 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-1000000}
dotnet build -c Release src/Valora.Cli -v q -nologo >/dev/null
valora=(dotnet src/Valora.Cli/bin/Release/net10.0/valora.dll)
step() { # name, then valora's arguments
  local name=$1; shift
  local start=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o /tmp/valora-e2e-time "${valora[@]}" "$@" >/dev/null 2>/tmp/valora-e2e-err || { cat /tmp/valora-e2e-err; exit 1; }
  local end=$(date +%s.%N)
  read -r user sys < /tmp/valora-e2e-time
  printf '%-28s wall %8.1f s   cpu %8.1f s\n' "$name" "$(echo "$end - $start" | bc)" "$(echo "$user + $sys" | bc)"
}
run() { # database
  local db=$1
  echo "== $customers customers on $(echo "$db" | sed -E 's/Password=[^;]*//')"
  step "generate + load" --db "$db" demo generate --customers "$customers" --seed 42
  "${valora[@]}" --db "$db" --format json kpi --from 2026-01-01 --to 2026-07-01 >/dev/null
  step "rfm" --db "$db" rfm
  step "clv fit bgnbd" --db "$db" clv fit --model bgnbd --calibration-end 2026-06-30
  step "clv fit gammagamma" --db "$db" clv fit --model gammagamma --calibration-end 2026-06-30
  step "clv score (no intervals)" --db "$db" clv score --no-intervals
}
sqlite=$(mktemp -d)/bench.db
run "$sqlite"
rm -f "$sqlite"*
if [ -n "${VALORA_BENCH_POSTGRES:-}" ]; then run "$VALORA_BENCH_POSTGRES"; fi
