#!/usr/bin/env bash
# Checkout benchmark: a Release build of the store, on a fresh SQLite file and then on a throwaway
# PostgreSQL 15 cluster, driven through its real HTTP pipeline by Storefront.Bench.Checkout with the
# built-in test gateway. Prints a markdown table (also written to bench/results/checkout.md).
#   BENCH_CLIENTS     concurrent shoppers in the throughput run   (default 16)
#   BENCH_ORDERS      orders each shopper places and pays for     (default 40)
#   BENCH_PORT        loopback port of the store                  (default 5071)
#   BENCH_PROVIDERS   which databases                             (default "sqlite postgresql")
set -euo pipefail
cd "$(dirname "$0")/.."

clients=${BENCH_CLIENTS:-16}
orders=${BENCH_ORDERS:-40}
port=${BENCH_PORT:-5071}
providers=${BENCH_PROVIDERS:-sqlite postgresql}
base="http://127.0.0.1:$port"
checkout_posts=1000000
results=$PWD/bench/results
mkdir -p "$results"
. bench/lib/store.sh

echo "== Building Release"
publish_store
dotnet build bench/Storefront.Bench.Checkout -c Release --nologo -v quiet
driver=bench/Storefront.Bench.Checkout/bin/Release/net10.0/Storefront.Bench.Checkout.dll

table="| database | scenario | orders/s | p50 | p99 | store CPU per order | result |
|---|---|---:|---:|---:|---:|---|"
for provider in $providers; do
  database_for "$provider" checkout
  # Each throughput shopper places BENCH_ORDERS orders in about a minute: beyond the production
  # RateLimits:Checkout (20 posts per client per 10 minutes), so the bench store raises that one limit.
  start_store "$name" "$connection" "$results/checkout-store-$provider.log" "--RateLimits:Checkout:PermitLimit=$checkout_posts"

  echo "== $label: $clients shoppers × $orders orders (place + pay), after a warm-up"
  out=$(BENCH_STORE_PID=$store dotnet "$driver" "$base" "$provider" "$connection" throughput "$clients" "$orders" | tee -a /dev/stderr | grep '^RESULT') \
    || echo "== $label: the throughput run reported errors (see above)"
  table+=$'\n'"| $label | $clients shoppers × $orders orders, place + pay | $(value "$out" orders_per_s) | $(value "$out" p50_ms) ms | $(value "$out" p99_ms) ms | $(value "$out" cpu_ms_per_order) ms | $(value "$out" orders) paid, $(value "$out" errors) errors, $(value "$out" seconds) s |"

  echo "== $label: 200 shoppers at once for 50 on hand, backorder cap 100"
  out=$(dotnet "$driver" "$base" "$provider" "$connection" contention 200 | tee -a /dev/stderr | grep '^RESULT') \
    || echo "== $label: the contention run did not end as expected (see above)"
  table+=$'\n'"| $label | 200 single-unit checkouts, 50 on hand, cap 100 | – | – | – | – | **$(value "$out" wall_ms) ms** wall; $(value "$out" placed) placed, $(value "$out" refused) refused, $(value "$out" other) other; stock $(value "$out" on_hand) on hand / $(value "$out" allocated) allocated / $(value "$out" backordered) backordered |"

  stop_store
  stop_postgres
done

summary="$table

Release build, test gateway, loopback; the driver and the store share the machine's cores. Store CPU per order = the store process's user + system time during the measured orders (from /proc), divided by the orders: on a shared machine it moves much less than orders/s.
Store settings: $bench_settings, RateLimits:Checkout:PermitLimit=$checkout_posts (each shopper has its own X-Forwarded-For address; every other limit at its production default).
$(machine) Load average at the end: $(load)."
echo
echo "$summary" | tee "$results/checkout.md"
