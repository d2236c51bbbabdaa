#!/usr/bin/env bash
# Runs every test project and prints one closing line computed from the TRX results:
#   N passed, N failed[, N skipped]
# Usage: scripts/test.sh [--no-build] [extra dotnet test args]
set -uo pipefail
cd "$(dirname "$0")/.."

# Chromium and CJK fonts for the browser tests, python3 for the totals below: installed on a fresh machine,
# a fast no-op once present. Without them the end-to-end project (or the closing line) would fail.
scripts/install-deps.sh || { echo "test.sh: scripts/install-deps.sh failed; see above"; echo "0 passed, 1 failed"; exit 1; }

results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

build_arg=()
if [ "${1:-}" = "--no-build" ]; then
  build_arg=(--no-build)
  shift
else
  dotnet build Procurement.sln -c Release -warnaserror -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
  build_arg=(--no-build)
fi

status=0
for project in tests/Procurement.UnitTests tests/Procurement.ComponentTests tests/Procurement.IntegrationTests tests/Procurement.EndToEndTests; do
  name=$(basename "$project")
  echo "== $name"
  dotnet test "$project" -c Release "${build_arg[@]}" --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" "$@" || status=1
done

# Counters from every TRX file: the runner's own numbers, not a count of lines we printed.
read -r passed failed skipped < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
p = f = s = 0
files = glob.glob(sys.argv[1] + "/*.trx")
for path in files:
    c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    # Skipped tests are counted as total minus executed: the VSTest TRX writer leaves notExecuted at 0.
    s += int(c.get("total", 0)) - int(c.get("executed", 0))
if len(files) < 4:
    f += 4 - len(files)  # a project that produced no results counts as a failure
print(p, f, s)
PY
)
[ "$failed" -eq 0 ] || status=1
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit $status
