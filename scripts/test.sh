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
npx eslint . --max-warnings 0
npx prettier --check . >/dev/null || { echo "formatting differs: run npm run format" >&2; exit 1; }
npx graphql-codegen --config codegen.yml --check >/dev/null 2>&1 || {
  echo "test/generated/graphql.ts is stale: run npm run codegen and commit it" >&2
  exit 1
}
# Pass file or directory names to run a subset: npm test -- dist/test/unit
if [ "$#" -gt 0 ]; then
  exec node --test --test-concurrency="${TEST_CONCURRENCY:-2}" --test-timeout=600000 "$@"
fi
# The fault tests stop and start stack services, which would break tests running beside them; the scale-out
# tests run a gateway and worker processes that train on both cores and time trials out on purpose. Both run
# alone, one file at a time, after everything else.
mapfile -t main < <(find dist/test/unit dist/test/integration -name '*.test.js' ! -name 'faults*.test.js' \
  ! -name '*-scale.test.js' | sort)
# The scale-out tests first: they want an MLflow that has been up a while, not one a fault test just restarted.
mapfile -t faults < <(find dist/test/integration -name '*-scale.test.js' | sort;
  find dist/test/integration -name 'faults*.test.js' | sort)
status=0
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
node --test --test-concurrency="${TEST_CONCURRENCY:-2}" --test-timeout=600000 "${main[@]}" | tee -a "$log" || status=$?
if [ "${#faults[@]}" -gt 0 ]; then
  node --test --test-concurrency=1 --test-timeout=900000 "${faults[@]}" | tee -a "$log" || status=$?
fi
# Two runner invocations print two summaries: close with one line for both.
passed=$(awk '/^# pass /{s+=$3} END{print s+0}' "$log")
failed=$(awk '/^# fail /{s+=$3} END{print s+0}' "$log")
echo "${passed} passed, ${failed} failed"
if [ "$failed" -gt 0 ] && [ "$status" -eq 0 ]; then status=1; fi
exit "$status"
