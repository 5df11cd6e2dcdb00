#!/usr/bin/env bash
# `npm test`: provisions the real stack, builds with tsc, checks generated files, runs unit and integration tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/stack.sh up
set -a
# shellcheck disable=SC1091
. .stack/env
set +a
npx tsc -p tsconfig.json
npx graphql-codegen --config codegen.yml --check >/dev/null 2>&1 || {
  echo "test/generated/graphql.ts is stale: run npm run codegen and commit it" >&2
  exit 1
}
# Pass file or directory names to run a subset: npm test -- dist/test/unit
if [ "$#" -gt 0 ]; then targets=("$@"); else targets=(dist/test/unit dist/test/integration); fi
exec node --test --test-concurrency="${TEST_CONCURRENCY:-2}" --test-timeout=600000 "${targets[@]}"
