#!/usr/bin/env bash
# The test command. Installs what the tests need when missing (Debian, as root), runs every test of
# the solution, and ends with one plain line: "N passed, N failed[, N skipped]".
# PostgreSQL: the test fixture starts a throwaway cluster on a random port and deletes it afterwards
# (or uses STOREFRONT_TEST_POSTGRES when set). Chromium: /usr/bin/chromium, driven by Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -n "${STOREFRONT_TEST_POSTGRES:-}" ] || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql-15)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]}..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing ${missing[*]}: tests that need them will skip (or fail when CI=true)." >&2
  fi
fi

results=TestResults
rm -rf "$results"
status=0
# One TRX per test project (Storefront.UnitTests, Storefront.Tests): the logger's default file names
# never collide, where a fixed LogFileName would let the second project overwrite the first's.
dotnet test Storefront.sln -c Release \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" || status=$?

python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(f"{sys.argv[1]}/**/*.trx", recursive=True):
    for r in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
        outcome = r.get("outcome")
        if outcome == "Passed":
            passed += 1
        elif outcome in ("NotExecuted", "Inconclusive"):
            skipped += 1
        else:
            failed += 1
            print(f"FAILED: {r.get('testName')}")
line = f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else "")
open(f"{sys.argv[1]}/summary.txt", "w").write(line + "\n")
PY
summary=$(cat "$results/summary.txt")
echo "$summary"
passed=${summary%% passed*}
failed=${summary#*passed, }; failed=${failed%% failed*}
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
