#!/usr/bin/env bash
# Catalog benchmark: the shopper's read pages (product, catalog, feed) of a Release build of the store,
# each measured with wrk on loopback beside a bare ASP.NET Core app measured in the same run, for a
# small and a large catalog. Prints a markdown table (also written to bench/results/catalog.md).
#   BENCH_SIZES        catalog sizes to seed, one store run each  (default "100 100000")
#   BENCH_DURATION     wrk run per URL                            (default 15s)
#   BENCH_CONNECTIONS  wrk connections                            (default 32)
#   BENCH_PORT         loopback port (the bare app uses PORT+1)   (default 5070)
#   BENCH_STORE_ENV    extra NAME=value settings for the store, e.g. "DOTNET_gcServer=0" (default none)
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=${BENCH_SIZES:-100 100000}
duration=${BENCH_DURATION:-15s}
connections=${BENCH_CONNECTIONS:-32}
port=${BENCH_PORT:-5070}
base="http://127.0.0.1:$port"
bare_base="http://127.0.0.1:$((port + 1))"
results=bench/results
mkdir -p "$results"

if ! command -v wrk >/dev/null; then
  apt-get install -y wrk >/dev/null
fi

echo "== Building Release"
# As the Dockerfile does: for the runtime, precompiled (ReadyToRun).
dotnet publish src/Storefront.Web -c Release -r linux-x64 --self-contained false -o "$results/publish" --nologo -v quiet
dotnet publish bench/Storefront.Bench.Bare -c Release -o "$results/bare" --nologo -v quiet
dotnet build bench/Storefront.Bench.Seed -c Release --nologo -v quiet

pid=""
stop() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=""
  fi
}
trap stop EXIT

wait_for() { # url: up to 150 s, as health waits for the store's warm-up (ADR 0025)
  for _ in $(seq 300); do
    curl -sf --max-time 5 -o /dev/null "$1" && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}

# wrk_run URL SECONDS -> sets rps p50 p99 requests
wrk_run() {
  local out
  out=$(wrk -t2 -c"$connections" -d"$2" --latency "$1")
  echo "$out" | sed 's/^/   /' >&2
  rps=$(echo "$out" | awk '/^Requests\/sec:/ {printf "%.0f", $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  errors=""
  if echo "$out" | grep -q "Non-2xx"; then errors+=" non-2xx: $(echo "$out" | awk '/Non-2xx/ {print $NF}')"; fi
  if echo "$out" | grep -q "Socket errors"; then errors+=" socket errors: $(echo "$out" | sed -n 's/.*Socket errors: //p')"; fi
}

bare() {
  echo "== Bare ASP.NET Core app ($1)"
  (cd "$results/bare" && exec env ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    dotnet Storefront.Bench.Bare.dll --urls "$bare_base") >"$results/bare.log" 2>&1 &
  pid=$!
  wait_for "$bare_base/" || { cat "$results/bare.log"; exit 1; }
  wrk -t2 -c"$connections" -d3s "$bare_base/" >/dev/null
  wrk_run "$bare_base/" "$duration"
  stop
}

runtime() { curl -s "$base/diagnostics/runtime"; }
json() { sed -n "s/.*\"$1\":\\([0-9]*\\).*/\\1/p"; }

bare "before"
bare_before=$rps
bare_before_p99=$p99

rows=()
notes=()
for size in $sizes; do
  echo "== Seeding $size products"
  db="$PWD/$results/catalog-$size.db"
  dotnet bench/Storefront.Bench.Seed/bin/Release/net10.0/Storefront.Bench.Seed.dll "$db" "$size"

  echo "== Starting the store on $base ($size products)"
  # Production settings, except that the per-request log line is silenced (we measure the store, not
  # the terminal) and the diagnostics header/endpoint are on. Demo seeding is off.
  started=$(date +%s.%N)
  (
    cd "$results/publish"
    # shellcheck disable=SC2086
    exec env ${BENCH_STORE_ENV:-} ASPNETCORE_ENVIRONMENT=Production \
      Database__Provider=Sqlite \
      "ConnectionStrings__Storefront=Data Source=$db" \
      Database__SeedDemoData=false \
      Diagnostics__SqlCommandHeader=true \
      Security__RequireHttps=false \
      AllowedHosts=127.0.0.1 \
      dotnet Storefront.Web.dll --urls "$base" \
      "--Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware=Warning"
  ) >"$results/store-$size.log" 2>&1 &
  pid=$!
  wait_for "$base/health" || { echo "the store did not start"; cat "$results/store-$size.log"; exit 1; }
  ready=$(awk -v a="$(date +%s.%N)" -v b="$started" 'BEGIN {printf "%.1f", a - b}')

  # A product in the middle of the catalog, from the feed.
  middle=$(( (size / 2 + 49) / 50 ))
  product=$(curl -sf "$base/api/products?page=$middle&pageSize=50" | grep -o '"url":"[^"]*"' | head -1 | cut -d'"' -f4)
  product=${product#http*://*/}
  product="/${product#/}"
  deep=$(( (size + 23) / 24 / 2 ))
  [ "$deep" -lt 1 ] && deep=1
  # A feed page that exists: the 10th, or the last one of a small catalog.
  feed=$(( (size + 23) / 24 ))
  [ "$feed" -gt 10 ] && feed=10

  # Cold: the very first product page, then the first 2 s under load, before any warm-up.
  first=$(curl -s -o /dev/null -w '%{time_total}' "$base$product")
  wrk_run "$base$product" 2s 2>/dev/null
  cold_rps=$rps
  cold_p99=$p99
  # Then 2 s slices up to 20 s: how long the JIT's tiering takes to reach full speed under load.
  slices=""
  for _ in $(seq 9); do
    slices+=" $(wrk -t2 -c"$connections" -d2s "$base$product" | awk '/^Requests\/sec:/ {printf "%.0f", $2}')"
  done
  notes+=("$size products: ready (health answering, after the warm-up) $ready s after start; first product page $(awk -v t="$first" 'BEGIN {printf "%.0f", t * 1000}') ms; product page under load in 2 s slices from the start:$(printf ' %s' "$cold_rps")$slices req/s (first slice p99 $cold_p99).")
  # Warm the rest of the shop the same way before measuring it.
  wrk -t2 -c"$connections" -d10s "$base/" >/dev/null

  for entry in "$product|Product page" "/|Catalog, page 1" "/?p=$deep|Catalog, page $deep" "/api/products?page=$feed&pageSize=24|Feed, page $feed × 24"; do
    path=${entry%%|*}
    label=${entry#*|}
    headers=$(curl -s -o /dev/null -D - "$base$path")
    status=$(printf '%s' "$headers" | head -1 | awk '{print $2}')
    if [[ "$status" != 200 ]]; then
      rows+=("| $size | $label | \`$path\` | $status | – | not measured | – | – | – | – |")
      continue
    fi
    echo "== $label ($path): warm-up, then $duration"
    wrk -t2 -c"$connections" -d3s "$base$path" >/dev/null
    sql=$(curl -s -o /dev/null -D - "$base$path" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-sql-commands" {print $2}')
    before=$(runtime | json allocatedBytes)
    wrk_run "$base$path" "$duration"
    after=$(runtime | json allocatedBytes)
    per=$(( (after - before) / (requests > 0 ? requests : 1) / 1024 ))
    rows+=("| $size | $label | \`$path\` | $status | $sql | $rps$errors | BARE%$rps | $p50 | $p99 | $per KB |")
  done
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  hwm=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  gc=$(runtime)
  notes+=("$size products: RSS after the runs $rss MiB (peak $hwm MiB); GC heap $(( $(echo "$gc" | json gcHeapBytes) / 1048576 )) MiB; collections gen0/gen1/gen2 $(echo "$gc" | json gen0)/$(echo "$gc" | json gen1)/$(echo "$gc" | json gen2).")
  stop
done

bare "after"
bare_after=$rps
bare_ref=$(( (bare_before + bare_after) / 2 ))

table="| products | page | URL | status | SQL commands | requests/s | % of bare | p50 | p99 | allocated per request |
|---:|---|---|---|---:|---:|---:|---:|---:|---:|
| – | bare ASP.NET Core, before | \`/\` (Hello World!) | 200 | – | $bare_before | 100 % | – | $bare_before_p99 | – |"
for row in "${rows[@]}"; do
  if [[ "$row" =~ BARE%([0-9]+) ]]; then
    share=$(awk -v r="${BASH_REMATCH[1]}" -v b="$bare_ref" 'BEGIN {printf "%.1f", 100 * r / b}')
    row=${row/BARE%${BASH_REMATCH[1]}/$share %}
  fi
  table+=$'\n'"$row"
done
table+=$'\n'"| – | bare ASP.NET Core, after | \`/\` | 200 | – | $bare_after | 100 % | – | $p99 | – |"

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
ram=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
summary="$table

Shares are of the bare app's mean ($bare_ref requests/s, measured before and after the store in this run).
$(printf -- '- %s\n' "${notes[@]}")

SQLite (WAL), Release build, Production settings (request log line silenced), wrk -t2 -c$connections -d$duration on loopback; wrk and the store share the machine.
Machine: $(nproc) cores, $cpu, $ram RAM, .NET $(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ {v=$2} END {print v}'), load average at the end $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%d\ %H:%M) UTC."
echo
echo "$summary" | tee "$results/catalog.md"
