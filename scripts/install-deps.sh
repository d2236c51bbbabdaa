#!/usr/bin/env bash
# System packages the tests need: Debian's Chromium for the Playwright end-to-end tests (never a downloaded
# browser), CJK fonts so Chinese renders in screenshots, fontconfig (fc-list, to see the fonts) and python3
# (scripts/test.sh totals the TRX results with it). Idempotent; skips apt when everything is present, so
# scripts/test.sh and .ci/run both call it and the second call is a fast no-op.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if command -v fc-list >/dev/null 2>&1; then
  # Not grep -q: it would stop reading early, fc-list would die of SIGPIPE, and pipefail would call the fonts missing.
  fc-list : family 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)
else
  need+=(fontconfig fonts-noto-cjk)
fi
if [ ${#need[@]} -eq 0 ]; then
  echo "install-deps: chromium, CJK fonts and python3 already present"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-deps: need ${need[*]}; run as root or install sudo" >&2; exit 1; }
  SUDO="sudo"
fi
echo "install-deps: installing ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
