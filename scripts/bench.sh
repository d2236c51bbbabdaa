#!/usr/bin/env bash
# Benchmarks: cold start to ready with the demo seed, login and admin-list throughput, sign-in to each role's first page against a real app
# process on 127.0.0.1. Writes artifacts/bench/results.json as [{ name, value, unit, baseline, ratio }].
# Usage: scripts/bench.sh [--quick] [--signin-only] [--gifts-only] [--report-only] [--no-signin] [--no-search] [--no-import] [--no-upload-limits] [--no-ordering] [--no-gifts] [--no-stock-check] [--no-payments] [--no-partners] [--no-ledger] [--no-report] [--no-invoices]
#   (--quick: shorter loads, and the partner reconciliation, the ledger and the union report at 100,000 rows/entries/order lines instead of 1,000,000, the invoice list at 20,000 invoices instead of 100,000)
#   (micro benchmarks: dotnet run -c Release --project tests/Procurement.Benchmarks -- micro)
set -euo pipefail
cd "$(dirname "$0")/.."
# The app is measured as production runs it: published, ReadyToRun-compiled (as infra/Dockerfile builds it).
app_dir=artifacts/bench/app
dotnet publish src/Procurement.Web -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$app_dir" -nologo -v quiet
dotnet build tests/Procurement.Benchmarks -c Release -nologo -v quiet
mkdir -p artifacts/bench
dotnet tests/Procurement.Benchmarks/bin/Release/net10.0/Procurement.Benchmarks.dll \
  --app "$PWD/$app_dir/Procurement.Web.dll" --out artifacts/bench/results.json "$@"
