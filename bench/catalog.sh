#!/usr/bin/env bash
# Catalog benchmark: a Release build of the store on a fresh SQLite file with 10,000 products,
# measured with wrk on loopback. Prints a markdown table (also written to bench/results/catalog.md).
#   BENCH_PRODUCTS  products to seed     (default 10000)
#   BENCH_DURATION  wrk run per URL      (default 15s)
#   BENCH_PORT      loopback port        (default 5070)
set -euo pipefail
cd "$(dirname "$0")/.."

products=${BENCH_PRODUCTS:-10000}
duration=${BENCH_DURATION:-15s}
port=${BENCH_PORT:-5070}
base="http://127.0.0.1:$port"
results=bench/results
mkdir -p "$results"

if ! command -v wrk >/dev/null; then
  apt-get install -y wrk >/dev/null
fi

echo "== Building Release"
dotnet publish src/Storefront.Web -c Release -o "$results/publish" --nologo -v quiet
dotnet build bench/Storefront.Bench.Seed -c Release --nologo -v quiet

echo "== Seeding $products products"
db="$PWD/$results/catalog.db"
dotnet bench/Storefront.Bench.Seed/bin/Release/net10.0/Storefront.Bench.Seed.dll "$db" "$products"

echo "== Starting the store on $base"
# Production settings, except that the per-request log line is silenced: we measure the store,
# not the terminal. Demo seeding is off (the bench catalog is already there).
(
  cd "$results/publish"
  exec env ASPNETCORE_ENVIRONMENT=Production \
    Database__Provider=Sqlite \
    "ConnectionStrings__Storefront=Data Source=$db" \
    Database__SeedDemoData=false \
    Diagnostics__SqlCommandHeader=true \
    dotnet Storefront.Web.dll --urls "$base" \
    "--Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware=Warning"
) >"$results/store.log" 2>&1 &
store=$!
trap 'kill "$store" 2>/dev/null || true; wait "$store" 2>/dev/null || true' EXIT

for _ in $(seq 60); do
  curl -sf "$base/health" >/dev/null && break
  kill -0 "$store" 2>/dev/null || { cat "$results/store.log"; exit 1; }
  sleep 1
done
curl -sf "$base/health" >/dev/null || { echo "the store did not start"; cat "$results/store.log"; exit 1; }

# A real product URL, from the feed.
product=$(curl -sf "$base/api/products?pageSize=1" | grep -o '"url":"[^"]*"' | head -1 | cut -d'"' -f4)

urls=(
  "$product|Product page"
  "/|Catalog, page 1"
  "/?p=200|Catalog, page 200"
  "/api/products?page=10&pageSize=50|Feed, page 10 × 50"
)

table="| page | URL | status | SQL commands | requests/s | p50 | p99 |
|---|---|---|---:|---:|---:|---:|"
for entry in "${urls[@]}"; do
  path=${entry%%|*}
  label=${entry#*|}
  # GET, not HEAD: minimal API endpoints answer GET only.
  headers=$(curl -s -o /dev/null -D - "$base$path")
  status=$(printf '%s' "$headers" | head -1 | awk '{print $2}')
  sql=$(printf '%s' "$headers" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-sql-commands" {print $2}')
  if [[ "$status" != 200 ]]; then
    echo "== $label ($path): HTTP $status, not measured"
    table+=$'\n'"| $label | \`$path\` | $status | – | to be re-measured | – | – |"
    continue
  fi
  echo "== $label ($path): warm-up, then $duration"
  wrk -t2 -c32 -d3s "$base$path" >/dev/null
  # The first request of a kind also fills caches (categories, the data-protection key ring); the
  # count that matters is the steady one, after the warm-up. Say so when the cold one differs.
  cold=$sql
  sql=$(curl -s -o /dev/null -D - "$base$path" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-sql-commands" {print $2}')
  if [[ "$cold" != "$sql" ]]; then
    sql="$sql (first request: $cold)"
  fi
  out=$(wrk -t2 -c32 -d"$duration" --latency "$base$path")
  echo "$out" | sed 's/^/   /'
  rps=$(echo "$out" | awk '/^Requests\/sec:/ {printf "%.0f", $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  # wrk gives up on a request after 2 s and leaves it out of the percentiles: say so.
  if echo "$out" | grep -q "Non-2xx"; then
    rps="$rps (non-2xx: $(echo "$out" | awk '/Non-2xx/ {print $NF}'))"
  fi
  if echo "$out" | grep -q "Socket errors"; then
    rps="$rps ($(echo "$out" | awk '/Socket errors/ {print $NF}') timed out > 2 s)"
  fi
  table+=$'\n'"| $label | \`$path\` | $status | $sql | $rps | $p50 | $p99 |"
done

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
ram=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
summary="$table

$products products, SQLite (WAL), Release build, wrk -t2 -c32 -d$duration on loopback.
Machine: $(nproc) cores, $cpu, $ram RAM, .NET $(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ {v=$2} END {print v}'), $(date -u +%Y-%m-%d)."
echo
echo "$summary" | tee "$results/catalog.md"
