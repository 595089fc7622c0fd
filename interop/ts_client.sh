#!/usr/bin/env bash
# Another language, end to end (part of check.sh): a TypeScript client that @hey-api/openapi-ts generates from
# the published Karat spec runs under node against the local server.
#   1. openapi-ts dist/karat/openapi.yaml -> interop/clients/karat/ (types, SDK functions, fetch client)
#   2. tsc -p interop/tsconfig.client.json compiles it with karat_client.ts into interop/build/
#   3. python -m mockserver on 127.0.0.1 (a free port, one accepted token), stopped when this script exits
#   4. node build/karat_client.js: searches across pages, lists a generated dataset's files across pages (its
#      rid read from the server's banner), reads a typed error
# Needs dist/ (python -m generator publish) and interop/node_modules (npm ci), which check.sh provides.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
PY="${PY:-.venv/bin/python}"
cd "$root"
bin="$here/node_modules/.bin"

echo "interop: openapi-ts dist/karat/openapi.yaml -> interop/clients/karat"
rm -rf "$here/clients" "$here/build"
"$bin/openapi-ts" --input dist/karat/openapi.yaml --output "$here/clients/karat" --silent --no-log-file
echo "interop: tsc -p interop/tsconfig.client.json"
"$bin/tsc" -p "$here/tsconfig.client.json"

work="$(mktemp -d)"
server=""
stop_server() {
  if [[ -n "$server" ]]; then kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap stop_server EXIT
token="interop-$RANDOM$RANDOM"
"$PY" -m mockserver --host 127.0.0.1 --port 0 --spec spec/karat.yaml --token "$token" --quiet >"$work/banner" 2>&1 &
server=$!
url=""
for _ in $(seq 100); do
  url="$(grep -o -m1 'http://127\.0\.0\.1:[0-9]*' "$work/banner" || true)"
  [[ -n "$url" ]] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
if [[ -z "$url" ]]; then
  echo "interop: the local server did not start:" >&2
  cat "$work/banner" >&2
  exit 1
fi
# A generated dataset (the banner lists them after the docs' one, which holds only a few files).
dataset="$(grep -o 'ri\.foundry\.main\.dataset\.[0-9a-f-]*' "$work/banner" | tail -n1 || true)"
echo "interop: node build/karat_client.js against $url"
KARAT_BASE_URL="$url" KARAT_TOKEN="$token" KARAT_DATASET_RID="$dataset" node "$here/build/karat_client.js"
