#!/usr/bin/env bash
# Product file import: a fresh SQLite shop (migrated, no products), a file of BENCH_ROWS new
# products in the store's own columns, then the importer's dry run, the apply, the same file again
# (must change nothing) and a file changing every price and stock figure, through the same
# ProductImport the staff Import page calls. The reference, in the same run: the same number of plain
# products inserted with one SaveChanges.
#   BENCH_ROWS (5000)
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
dotnet build bench/Storefront.Bench.Import -c Release --nologo -v quiet
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
table=$(dotnet bench/Storefront.Bench.Import/bin/Release/net10.0/Storefront.Bench.Import.dll \
  bench/results/import "${BENCH_ROWS:-5000}" | grep '^|')
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
ram=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
{
  echo "$table"
  echo
  echo "Machine: $(nproc) cores, $cpu, $ram RAM, .NET $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ {v=$2} END {print v}'), load average $load_before before and $load_after after, $(date -u +%Y-%m-%d\ %H:%M) UTC."
} | tee bench/results/import.md
