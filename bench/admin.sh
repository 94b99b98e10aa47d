#!/usr/bin/env bash
# Staff pages at scale: a Release build of the store on a fresh SQLite file with BENCH_PRODUCTS
# (10,000) products and BENCH_LINES (10,000) open backorder lines, signed in as staff through the
# login form. Each page: status, X-Sql-Commands, p50/p99 of BENCH_RUNS sequential requests after a
# warm-up; the same SQL counts on a small shop (100 / 100) to show they are flat; the CSV's memory.
# Prints a markdown table (also written to bench/results/admin.md).
#   BENCH_PRODUCTS, BENCH_LINES  the big shop      (10000, 10000)
#   BENCH_SMALL                  the small shop    (100: products and lines)
#   BENCH_RUNS                   timed requests    (50)
#   BENCH_PORT                   loopback port     (5072)
set -euo pipefail
cd "$(dirname "$0")/.."

products=${BENCH_PRODUCTS:-10000}
lines=${BENCH_LINES:-10000}
small=${BENCH_SMALL:-100}
runs=${BENCH_RUNS:-50}
port=${BENCH_PORT:-5072}
base="http://127.0.0.1:$port"
results=bench/results
mkdir -p "$results"
email=bench-staff@storefront.test
password="Bench-Staff-$RANDOM-$RANDOM!"

echo "== Building Release"
dotnet publish src/Storefront.Web -c Release -r linux-x64 --self-contained false -o "$results/publish-admin" --nologo -v quiet
dotnet build bench/Storefront.Bench.Admin -c Release --nologo -v quiet
driver=bench/Storefront.Bench.Admin/bin/Release/net10.0/Storefront.Bench.Admin.dll

store=
stop_store() {
  if [[ -n "$store" ]]; then
    kill "$store" 2>/dev/null || true
    wait "$store" 2>/dev/null || true
    store=
  fi
}
trap stop_store EXIT

# measure SIZE_PRODUCTS SIZE_LINES OUT: seed, start the store, run the driver, stop the store.
measure() {
  local n=$1 l=$2 out=$3
  local db="$PWD/$results/admin-$n.db"
  echo "== Seeding $n products, $l open backorder lines"
  dotnet "$driver" seed "$db" "$n" "$l"
  echo "== Starting the store on $base"
  # Production settings, request log line silenced; the staff account comes from the store's own
  # Admin:Email / Admin:Password start-up seeding. The seeded orders are up to 90 days old: no
  # "still on its way" email is due (StillOnItsWayDays), or the first minutes would be spent writing
  # and sending thousands of them while the pages are measured.
  (
    cd "$results/publish-admin"
    exec env ASPNETCORE_ENVIRONMENT=Production \
      Database__Provider=Sqlite \
      "ConnectionStrings__Storefront=Data Source=$db" \
      Database__SeedDemoData=false \
      Diagnostics__SqlCommandHeader=true \
      Security__RequireHttps=false Store__BaseUrl="$base" \
      Notifications__StillOnItsWayDays=3650 \
      Admin__Email="$email" Admin__Password="$password" \
      dotnet Storefront.Web.dll --urls "$base" \
      "--Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware=Warning"
  ) >"$results/store-admin-$n.log" 2>&1 &
  store=$!
  for _ in $(seq 180); do
    curl -sf "$base/health" >/dev/null && break
    kill -0 "$store" 2>/dev/null || { cat "$results/store-admin-$n.log"; exit 1; }
    sleep 1
  done
  curl -sf "$base/health" >/dev/null || { echo "the store did not start"; cat "$results/store-admin-$n.log"; exit 1; }
  echo "== Measuring ($runs requests per page), load: $(uptime | sed 's/.*load average/load average/')"
  dotnet "$driver" measure "$base" "$store" "$email" "$password" "$n" "$l" "$runs" | tee "$out"
  stop_store
}

measure "$small" "$small" "$results/admin-small.tsv"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
measure "$products" "$lines" "$results/admin-big.tsv"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

declare -A small_sql
while IFS=$'\t' read -r kind label _url _status sql _rest; do
  [[ "$kind" == ROW ]] && small_sql[$label]=$sql
done <"$results/admin-small.tsv"

table="| page | URL | status | SQL commands ($products / $lines) | SQL commands ($small / $small) | p50 ms | p99 ms | bytes |
|---|---|---|---:|---:|---:|---:|---:|"
while IFS=$'\t' read -r kind label url status sql p50 p99 bytes; do
  [[ "$kind" == ROW ]] || continue
  table+=$'\n'"| $label | \`$url\` | $status | $sql | ${small_sql[$label]:-–} | $p50 | $p99 | $bytes |"
done <"$results/admin-big.tsv"

csv_row() {
  awk -F'\t' -v size="$2" '$1=="CSV" {printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s MiB | %s MiB |\n", size, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11}' "$1"
}
csv="| shop | download | status | data lines | characters | Content-Length | headers ms | first line ms | whole file ms | peak RSS growth | RSS before |
|---|---|---|---:|---:|---|---:|---:|---:|---:|---:|
$(csv_row "$results/admin-big.tsv" "$products / $lines")
$(csv_row "$results/admin-small.tsv" "$small / $small")"

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
ram=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
summary="$table

Backorder CSV downloads, the first in a fresh store process and one after every page was measured (peak resident memory reset just before each):

$csv

SQLite (WAL), Release build, Production settings, one signed-in staff client, $runs sequential requests per page after 6 warm-up requests.
Load average (1/5/15 min) before / after the big run: $load_before / $load_after.
Machine: $(nproc) cores, $cpu, $ram RAM, .NET $(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ {v=$2} END {print v}'), $(date -u +%Y-%m-%d)."
echo
echo "$summary" | tee "$results/admin.md"
