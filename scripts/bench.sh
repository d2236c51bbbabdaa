#!/usr/bin/env bash
# Benchmarks: cold start to ready with the demo seed, login and admin-list throughput against a real app
# process on 127.0.0.1. Writes artifacts/bench/results.json as [{ name, value, unit, baseline, ratio }].
# Usage: scripts/bench.sh [--quick]      (micro benchmarks: dotnet run -c Release --project tests/Procurement.Benchmarks -- micro)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Procurement.Web -c Release -nologo -v quiet
dotnet build tests/Procurement.Benchmarks -c Release -nologo -v quiet
mkdir -p artifacts/bench
dotnet tests/Procurement.Benchmarks/bin/Release/net10.0/Procurement.Benchmarks.dll \
  --app "$PWD/src/Procurement.Web/bin/Release/net10.0/Procurement.Web.dll" --out artifacts/bench/results.json "$@"
