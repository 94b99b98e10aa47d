#!/usr/bin/env bash
# Launch day: BENCH_SHOPPERS (1,000) shoppers at once, each with its own cookies, antiforgery token
# and client address, place a one-unit order of one product with BENCH_ON_HAND (100) on hand and a
# backorder cap of BENCH_CAP (600), through the store's real HTTP pipeline. The driver checks the
# end state in the database (100 allocated, 600 backordered, 300 refused with the store's message,
# no errors) and exits non-zero otherwise. SQLite (a fresh file), then a throwaway PostgreSQL 15
# cluster. Prints a markdown table (also written to bench/results/launch.md).
#   BENCH_SHOPPERS    shoppers at once                  (default 1000)
#   BENCH_ON_HAND     units on the shelf                (default 100)
#   BENCH_CAP         backorder cap                     (default 600)
#   BENCH_PORT        loopback port of the store        (default 5081)
#   BENCH_PROVIDERS   which databases                   (default "sqlite postgresql")
set -euo pipefail
cd "$(dirname "$0")/.."

shoppers=${BENCH_SHOPPERS:-1000}
on_hand=${BENCH_ON_HAND:-100}
cap=${BENCH_CAP:-600}
port=${BENCH_PORT:-5081}
providers=${BENCH_PROVIDERS:-sqlite postgresql}
base="http://127.0.0.1:$port"
results=$PWD/bench/results
mkdir -p "$results"
. bench/lib/store.sh

echo "== Building Release"
publish_store
dotnet build bench/Storefront.Bench.Checkout -c Release --nologo -v quiet
driver=bench/Storefront.Bench.Checkout/bin/Release/net10.0/Storefront.Bench.Checkout.dll

failed=0
table="| database | placements/s | wall | p50 | p99 | store CPU per placement | outcome (checked in the database) | load (1/5/15 min) |
|---|---:|---:|---:|---:|---:|---|---|"
for provider in $providers; do
  database_for "$provider" launch
  # Production limits (ADR 0015/0016) are left as they are: each shopper is its own client address.
  start_store "$name" "$connection" "$results/launch-store-$provider.log"

  echo "== $label: $shoppers shoppers at once, $on_hand on hand, backorder cap $cap"
  before=$(load)
  if out=$(BENCH_STORE_PID=$store dotnet "$driver" "$base" "$provider" "$connection" launch "$shoppers" "$on_hand" "$cap" | tee -a /dev/stderr | grep '^RESULT'); then
    verdict="as expected"
  else
    verdict="**NOT as expected**"; failed=1
  fi
  table+=$'\n'"| $label | **$(value "$out" placements_per_s)** | $(value "$out" wall_ms) ms | $(value "$out" p50_ms) ms | $(value "$out" p99_ms) ms | $(value "$out" cpu_ms_per_placement) ms | $verdict: $(value "$out" placed) placed ($(value "$out" allocated) allocated, $(value "$out" backordered) backordered), $(value "$out" refused) refused with the out-of-stock message, $(value "$out" other) other, $(value "$out" server_errors) 5xx | $before → $(load) |"

  stop_store
  stop_postgres
done

summary="$table

$shoppers shoppers released together (one request each, \`POST /Checkout\`); placements/s = $shoppers / wall, p50/p99 of each shopper's own request;
store CPU = the store process's user + system time during the burst (from /proc), divided by $shoppers.
Store settings: $bench_settings; every other limit at its production default.
Release build, test gateway, loopback; the driver and the store share the machine's cores.
$(machine)"
echo
echo "$summary" | tee "$results/launch.md"
exit $failed
