#!/usr/bin/env bash
# Installs Debian's chromium for the browser test when it is missing (idempotent); prints the binary's path.
set -euo pipefail
find_chromium() { command -v chromium || command -v chromium-browser || true; }
bin="$(find_chromium)"
if [ -z "$bin" ]; then
  if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
    echo "chromium is missing and this user cannot install it: apt-get install chromium" >&2
    exit 1
  fi
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  # A lock held by another engineer's apt run: wait for it rather than fail.
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium >&2
  bin="$(find_chromium)"
fi
[ -n "$bin" ] || { echo "chromium is still missing after apt-get install" >&2; exit 1; }
echo "$bin"
