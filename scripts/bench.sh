#!/usr/bin/env bash
# `npm run bench [-- --quick]`: builds, brings the local stack up, runs every benchmark with its baselines in the
# same run (bench/run.ts) and writes bench/results/latest.md. Never part of `npm test`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started_at="$(date +%s%3N)"
npx tsc -p tsconfig.json
bash scripts/stack.sh up
set -a
# shellcheck disable=SC1091
. .stack/env
set +a
exec node dist/bench/run.js --started-at "$started_at" "$@"
