#!/usr/bin/env bash
# Receiving benchmark: one product with BENCH_LINES (10,000) open one-unit backorder lines, then one
# receipt of that many units, timed, with the SQL command count. SQLite file in bench/results.
# Set BENCH_POSTGRES to a connection string (to an empty database) to run it on PostgreSQL too.
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${BENCH_LINES:-10000}
mkdir -p bench/results
dotnet build bench/Storefront.Bench.Receive -c Release --nologo -v quiet
dotnet bench/Storefront.Bench.Receive/bin/Release/net10.0/Storefront.Bench.Receive.dll sqlite "$PWD/bench/results/receive.db" "$lines"
if [[ -n "${BENCH_POSTGRES:-}" ]]; then
  dotnet bench/Storefront.Bench.Receive/bin/Release/net10.0/Storefront.Bench.Receive.dll postgres "$BENCH_POSTGRES" "$lines"
fi
