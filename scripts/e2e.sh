#!/usr/bin/env bash
# Only the Playwright journeys (Debian's chromium), screenshots to artifacts/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
dotnet test tests/Procurement.EndToEndTests --nologo --logger "console;verbosity=normal" "$@"
