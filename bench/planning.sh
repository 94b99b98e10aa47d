#!/usr/bin/env bash
# Planning benchmark: 365 days of simulated demand for 200 products, the store's replenishment
# suggestions (the Core planner the Replenishment page uses) against a fixed min/max rule holding
# the same average stock. Deterministic: the same seed gives the same table.
#   BENCH_SEED (20261202), BENCH_PRODUCTS (200), BENCH_DAYS (365)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
dotnet build bench/Storefront.Bench.Planning -c Release --nologo -v quiet
dotnet bench/Storefront.Bench.Planning/bin/Release/net10.0/Storefront.Bench.Planning.dll \
  "${BENCH_SEED:-20261202}" "${BENCH_PRODUCTS:-200}" "${BENCH_DAYS:-365}" | tee bench/results/planning.md
