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
results=$PWD/bench/results
mkdir -p "$results"

echo "== Building Release"
dotnet publish src/Storefront.Web -c Release -o "$results/publish" --nologo -v quiet
dotnet build bench/Storefront.Bench.Checkout -c Release --nologo -v quiet
driver=bench/Storefront.Bench.Checkout/bin/Release/net10.0/Storefront.Bench.Checkout.dll

store=""
pg_dir=""
pg_bin=""
stop_store() {
  if [ -n "$store" ]; then
    kill "$store" 2>/dev/null || true
    wait "$store" 2>/dev/null || true
    store=""
  fi
}
stop_postgres() {
  if [ -n "$pg_dir" ]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
    pg_dir=""
  fi
}
trap 'stop_store; stop_postgres' EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# A throwaway cluster, as the tests start one: initdb refuses root, so it belongs to postgres.
start_postgres() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$pg_bin" ]; then
    apt-get install -y postgresql-15 >/dev/null
    pg_bin=/usr/lib/postgresql/15/bin
  fi
  pg_dir=$(mktemp -d /tmp/storefront-bench-pg.XXXXXX)
  chown postgres:postgres "$pg_dir"
  (cd /tmp && runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --no-sync --locale=C >/dev/null)
  pg_port=$(free_port)
  (cd /tmp && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories=$pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null)
  (cd /tmp && runuser -u postgres -- "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres storefront_bench)
}

# Starts the store on an empty database (it migrates it), demo data off, request log line silenced.
start_store() {
  local provider=$1 connection=$2
  (
    cd "$results/publish"
    exec env ASPNETCORE_ENVIRONMENT=Production \
      "Database__Provider=$provider" \
      "ConnectionStrings__Storefront=$connection" \
      Database__SeedDemoData=false \
      dotnet Storefront.Web.dll --urls "$base" \
      "--Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware=Warning"
  ) >"$results/checkout-store-$provider.log" 2>&1 &
  store=$!
  for _ in $(seq 60); do
    curl -sf "$base/health" >/dev/null && return 0
    kill -0 "$store" 2>/dev/null || break
    sleep 1
  done
  echo "the store did not start"; cat "$results/checkout-store-$provider.log"; exit 1
}

value() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1==k {print $2}'; }

table="| database | scenario | orders/s | p50 | p99 | result |
|---|---|---:|---:|---:|---|"
for provider in $providers; do
  case $provider in
    sqlite)
      rm -f "$results"/checkout.db*
      name=Sqlite label=SQLite
      connection="Data Source=$results/checkout.db"
      ;;
    postgresql)
      start_postgres
      name=PostgreSql label="PostgreSQL 15"
      # The store's pool stays under the cluster's max_connections; shoppers queue for a connection.
      connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=storefront_bench;Maximum Pool Size=100"
      ;;
    *) echo "unknown provider $provider"; exit 2 ;;
  esac
  start_store "$name" "$connection"

  echo "== $label: $clients shoppers × $orders orders (place + pay), after a warm-up"
  out=$(dotnet "$driver" "$base" "$provider" "$connection" throughput "$clients" "$orders" | tee -a /dev/stderr | grep '^RESULT') \
    || echo "== $label: the throughput run reported errors (see above)"
  table+=$'\n'"| $label | $clients shoppers × $orders orders, place + pay | $(value "$out" orders_per_s) | $(value "$out" p50_ms) ms | $(value "$out" p99_ms) ms | $(value "$out" orders) paid, $(value "$out" errors) errors, $(value "$out" seconds) s |"

  echo "== $label: 200 shoppers at once for 50 on hand, backorder cap 100"
  out=$(dotnet "$driver" "$base" "$provider" "$connection" contention 200 | tee -a /dev/stderr | grep '^RESULT') \
    || echo "== $label: the contention run did not end as expected (see above)"
  table+=$'\n'"| $label | 200 single-unit checkouts, 50 on hand, cap 100 | – | – | – | **$(value "$out" wall_ms) ms** wall; $(value "$out" placed) placed, $(value "$out" refused) refused, $(value "$out" other) other; stock $(value "$out" on_hand) on hand / $(value "$out" allocated) allocated / $(value "$out" backordered) backordered |"

  stop_store
  stop_postgres
done

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
ram=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
summary="$table

Release build, test gateway, loopback; the driver and the store share the machine's cores.
Machine: $(nproc) cores, $cpu, $ram RAM, .NET $(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ {v=$2} END {print v}'), $(date -u +%Y-%m-%d)."
echo
echo "$summary" | tee "$results/checkout.md"
