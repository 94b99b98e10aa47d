#!/usr/bin/env bash
# Lighthouse benchmark: a Release build of the store (Production settings) on a fresh SQLite file with
# the demo catalog, audited by Lighthouse (npm) in Debian's Chromium with mobile emulation on four
# shopper pages: the catalog, a backorder product page, a cart with two lines and the checkout.
# Prints a markdown table (also written to bench/results/lighthouse.md).
#   BENCH_RUNS   Lighthouse runs per page; the table shows the median run by performance (default 3)
#   BENCH_PORT   loopback port                                                          (default 5072)
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${BENCH_RUNS:-3}
port=${BENCH_PORT:-5072}
base="http://127.0.0.1:$port"
results=bench/results
lh_dir="$results/lighthouse-node"
# Lighthouse 13 needs Node 22; 12.2.3 is the newest that runs on the Node 20 here.
lh_version=12.2.3
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
mkdir -p "$results/lighthouse"

if [[ ! -x "$CHROME_PATH" ]]; then
  apt-get install -y chromium >/dev/null
fi
if [[ ! -x "$lh_dir/node_modules/.bin/lighthouse" ]]; then
  echo "== Installing Lighthouse $lh_version into $lh_dir"
  mkdir -p "$lh_dir"
  (cd "$lh_dir" && { [[ -f package.json ]] || npm init -y >/dev/null; } && npm i -E "lighthouse@$lh_version" --no-audit --no-fund >/dev/null)
fi
lighthouse="$PWD/$lh_dir/node_modules/.bin/lighthouse"

echo "== Building Release"
dotnet publish src/Storefront.Web -c Release -r linux-x64 --self-contained false -o "$results/publish" --nologo -v quiet

db="$PWD/$results/lighthouse.db"
rm -f "$db" "$db-wal" "$db-shm"

echo "== Starting the store on $base"
# Production (no developer exception page, https off because loopback has no certificate), with the
# demo catalog seeded into the empty file: Database:SeedDemoData is what Development turns on.
(
  cd "$results/publish"
  exec env ASPNETCORE_ENVIRONMENT=Production \
    Database__Provider=Sqlite \
    "ConnectionStrings__Storefront=Data Source=$db" \
    Database__SeedDemoData=true \
    Security__RequireHttps=false \
    Payments__TestMode=true \
    Store__BaseUrl="$base" \
    dotnet Storefront.Web.dll --urls "$base" \
    "--Serilog:MinimumLevel:Override:Serilog.AspNetCore.RequestLoggingMiddleware=Warning"
) >"$results/lighthouse-store.log" 2>&1 &
store=$!
jar=$(mktemp)
trap 'kill "$store" 2>/dev/null || true; wait "$store" 2>/dev/null || true; rm -f "$jar"' EXIT

for _ in $(seq 150); do  # health waits for the store's warm-up after start-up (ADR 0025)
  curl -sf "$base/health" >/dev/null && break
  kill -0 "$store" 2>/dev/null || { cat "$results/lighthouse-store.log"; exit 1; }
  sleep 1
done
curl -sf "$base/health" >/dev/null || { echo "the store did not start"; cat "$results/lighthouse-store.log"; exit 1; }

# From the feed: the first product on backorder and the first in stock (page size 100 covers the demo).
feed=$(curl -sf "$base/api/products?pageSize=100")
first_url() {
  printf '%s' "$feed" | node -e '
    const items = JSON.parse(require("fs").readFileSync(0, "utf8")).items;
    const hit = items.find(i => i.availability.state === process.argv[1]);
    if (!hit) { process.exit(1); }
    console.log(hit.url);' "$1"
}
backorder=$(first_url Backorder) || { echo "the demo catalog has no product on backorder"; exit 1; }
instock=$(first_url InStock) || { echo "the demo catalog has no product in stock"; exit 1; }
# The feed's URLs may be relative or absolute: keep the path.
[[ "$backorder" == /* ]] && backorder_path=$backorder || backorder_path=/${backorder#*://*/}
[[ "$instock" == /* ]] && instock_path=$instock || instock_path=/${instock#*://*/}

# A cart with two lines, as a shopper's browser gets one: the product page's form, then Add to cart.
add_to_cart() {
  local page token id
  page=$(curl -sf -b "$jar" -c "$jar" "$base$1")
  token=$(printf '%s' "$page" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  id=$(printf '%s' "$page" | grep -o 'name="productId" value="[0-9]*"' | head -1 | grep -o '[0-9]*')
  curl -sf -o /dev/null -b "$jar" -c "$jar" \
    --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "productId=$id" --data-urlencode "quantity=$2" \
    "$base/Cart?handler=Add"
}
add_to_cart "$instock_path" 1
add_to_cart "$backorder_path" 2
cookie=$(awk -F'\t' '!/^#/ || /^#HttpOnly_/ { if (NF >= 7) printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar")
lines=$(curl -sf -b "$jar" "$base/Cart" | grep -c 'class="list-group-item py-3 cart-line"' || true)
[[ "$lines" == 2 ]] || { echo "the cart has $lines lines, not 2"; exit 1; }
headers=$(node -e 'console.log(JSON.stringify({ Cookie: process.argv[1] }))' "$cookie")

pages=(
  "/|Catalog|"
  "$backorder_path|Product on backorder|"
  "/Cart|Cart, two lines|cart"
  "/Checkout|Checkout|cart"
)

table="| page | URL | performance | accessibility | best practices | SEO | LCP | TBT | CLS |
|---|---|---:|---:|---:|---:|---:|---:|---:|"
for entry in "${pages[@]}"; do
  IFS='|' read -r path label needs <<<"$entry"
  name=$(printf '%s' "$label" | tr -c 'A-Za-z0-9' '-' | tr 'A-Z' 'a-z')
  extra=()
  [[ "$needs" == cart ]] && extra=(--extra-headers="$headers")
  reports=()
  for run in $(seq "$runs"); do
    echo "== $label ($path): Lighthouse run $run of $runs"
    out="$results/lighthouse/$name-$run.json"
    "$lighthouse" "$base$path" --quiet --output=json --output-path="$out" \
      --only-categories=performance,accessibility,best-practices,seo --form-factor=mobile \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" "${extra[@]}"
    reports+=("$out")
  done
  # The median run by performance score; the other categories hardly move between runs.
  row=$(node -e '
    const fs = require("fs");
    const runs = process.argv.slice(1).map(f => JSON.parse(fs.readFileSync(f, "utf8")));
    runs.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
    const r = runs[Math.floor((runs.length - 1) / 2)];
    const score = c => r.categories[c].score === null ? "–" : Math.round(r.categories[c].score * 100);
    const audit = a => (r.audits[a].displayValue || "–").replace(/\u00a0/g, " ");
    const failing = Object.values(r.categories).flatMap(c => c.auditRefs)
      .map(ref => r.audits[ref.id])
      .filter(a => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "manual")
      .map(a => a.id);
    console.log([score("performance"), score("accessibility"), score("best-practices"), score("seo"),
      audit("largest-contentful-paint"), audit("total-blocking-time"), audit("cumulative-layout-shift"),
      [...new Set(failing)].join(" ")].join("|"));' "${reports[@]}")
  IFS='|' read -r perf a11y bp seo lcp tbt cls failing <<<"$row"
  echo "   performance $perf, accessibility $a11y, best practices $bp, SEO $seo; LCP $lcp, TBT $tbt, CLS $cls"
  [[ -n "$failing" ]] && echo "   audits under 90: $failing"
  table+=$'\n'"| $label | \`$path\` | $perf | $a11y | $bp | $seo | $lcp | $tbt | $cls |"
done

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
load=$(cut -d' ' -f1-3 /proc/loadavg)
busy=""
# Lighthouse multiplies the CPU time it observes by four: on a busy machine TBT (and the score) grow.
if awk -v l="${load%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n) }'; then
  busy=$'\n'"The load average was above the core count: TBT and the performance scores are inflated; re-run on a quiet machine."
fi
summary="$table

Lighthouse $lh_version, mobile emulation (simulated throttling), $("$CHROME_PATH" --version 2>/dev/null | head -1) headless;
median of $runs runs per page by performance. Store: Release build, Production settings over http on loopback,
SQLite with the demo catalog. Machine: $(nproc) cores, $cpu, load average $load, $(date -u +%Y-%m-%d).
Full reports: bench/results/lighthouse/*.json.$busy"
echo
echo "$summary" | tee "$results/lighthouse.md"
