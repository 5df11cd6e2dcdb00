#!/usr/bin/env bash
# CPU profile of the gateway under single-row predict load (issue 15): starts dist/src/index.js under
# `node --cpu-prof`, drives it with autocannon (10 connections, 1-row predict or the V2 lane), stops it, and prints
# where the time went by package and by function (bench/cpu-profile-summary.js).
# Usage: bash bench/profile-predict.sh <model reference> [graphql|v2] [seconds]
# ROWS=1000 profiles 1,000-row requests (the row repeated) instead of single rows.
# (after `npx tsc -p .` and `npm run stack:up`; the model must exist, e.g. the one `node dist/bench/predict.js`
# trains and prints.)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
model="$1"
lane="${2:-graphql}"
seconds="${3:-8}"
out="${PROFILE_DIR:-/tmp/gateway-cpu-profile}"
port="${PROFILE_PORT:-5815}"
mkdir -p "$out"
rm -f "$out"/*.cpuprofile "$out/body.json"
set -a
# shellcheck disable=SC1091
. .stack/env
set +a
# The node flags npm start runs the gateway with (package.json), read as the benchmarks read them.
read -r -a flags <<<"$(node -p 'require("./dist/bench/lib").gatewayNodeFlags().join(" ")')"
# No per-caller rate limits (production turns them on; one load generator is one caller), as bench/lib.ts.
PORT="$port" HOST=127.0.0.1 LOG_LEVEL=warn NODE_ENV=production AUTH_DISABLED=true \
  RATE_LIMIT_PER_MINUTE=0 RATE_LIMIT_COST_PER_MINUTE=0 \
  node --cpu-prof --cpu-prof-dir="$out" "${flags[@]}" dist/src/index.js &
gw=$!
# Never leave the profiled gateway running when a step below fails or the script is interrupted.
trap 'kill -TERM "$gw" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
row='{"island":"Biscoe","bill_length_mm":46.1,"bill_depth_mm":13.2,"flipper_length_mm":211,"body_mass_g":4500,"sex":"female","year":2007}'
rows="${ROWS:-1}"
if [ "$lane" = v2 ]; then
  enc="$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$model")"
  url="http://127.0.0.1:$port/v2/models/$enc/infer"
  body="$(node -e 'const r=JSON.parse(process.argv[1]);process.stdout.write(JSON.stringify({inputs:Object.entries(r).map(([name,v])=>({name,shape:[1],datatype:typeof v==="number"?"FP64":"BYTES",data:Array(Number(process.argv[2])).fill(v)})).map(t=>({...t,shape:[t.data.length]}))}))' "$row" "$rows")"
else
  url="http://127.0.0.1:$port/graphql"
  body="$(node -e 'process.stdout.write(JSON.stringify({query:"mutation P($model: String!, $inputs: [JSONObject!]!) { predict(model: $model, inputs: $inputs) { modelVersion { version } predictions { label } } }",variables:{model:process.argv[1],inputs:Array(Number(process.argv[3])).fill(JSON.parse(process.argv[2]))}}))' "$model" "$row" "$rows")"
fi
# The body goes through a file: a 1,000-row body is longer than one command-line argument may be (128 KiB).
printf '%s' "$body" >"$out/body.json"
npx autocannon -c 10 -d "${WARMUP:-2}" -m POST -H content-type=application/json -i "$out/body.json" "$url" >/dev/null 2>&1
npx autocannon -c 10 -d "$seconds" -m POST -H content-type=application/json -i "$out/body.json" "$url" 2>&1 |
  grep -E "Req/Sec|requests in|non 2xx"
kill -TERM "$gw"
wait "$gw" || true
node dist/bench/cpu-profile-summary.js "$(ls -S "$out"/*.cpuprofile | head -1)"
