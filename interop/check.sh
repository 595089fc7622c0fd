#!/usr/bin/env bash
# Interop proof (`make interop`, part of `make check`): the published specs work for another language's tools.
#   1. publish: dist/<service>/openapi.yaml, the bundled specs (python -m generator publish)
#   2. npm ci --prefix interop, only when node_modules is missing or package-lock.json changed
#   3. openapi-typescript generates TypeScript types of every published spec into interop/types/
#   4. tsc --noEmit type-checks interop/usage.ts, which uses the types of both services
#   5. Redocly CLI lints spec/*.yaml and the bundles with the recommended rules (interop/redocly.yaml): no errors
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
PY="${PY:-.venv/bin/python}"
cd "$root"

echo "interop: publish"
"$PY" -m generator publish

if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  echo "interop: needs node (>= 20.19) and npm on the PATH" >&2
  exit 1
fi
stamp="$here/node_modules/.package-lock.sha256"
lock_hash="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_hash" ]]; then
  echo "interop: npm ci --prefix interop"
  npm ci --prefix "$here" --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > "$stamp"
fi
bin="$here/node_modules/.bin"

specs=(dist/*/openapi.yaml)
rm -rf "$here/types"
mkdir -p "$here/types"
for spec in "${specs[@]}"; do
  service="$(basename "$(dirname "$spec")")"
  echo "interop: openapi-typescript $spec -> interop/types/$service.ts"
  "$bin/openapi-typescript" "$spec" --output "$here/types/$service.ts" --default-non-nullable false
done

echo "interop: tsc --noEmit -p interop/tsconfig.json"
"$bin/tsc" --noEmit -p "$here/tsconfig.json"

echo "interop: redocly lint spec/*.yaml ${specs[*]}"
status=0
report="$("$bin/redocly" lint --config "$here/redocly.yaml" --format=summary spec/*.yaml "${specs[@]}" 2>&1)" || status=$?
# Drop the boxed Node.js deprecation banner; keep every finding.
printf '%s\n' "$report" | grep -v -e '^ *[╔║╚]' -e '^ *$' || true
if (( status != 0 )); then
  "$bin/redocly" lint --config "$here/redocly.yaml" --format=codeframe spec/*.yaml "${specs[@]}" 2>&1 \
    | grep -v -e '^ *[╔║╚]' >&2 || true
  echo "interop: redocly lint found errors (exit status $status); the findings are above" >&2
  exit 1
fi
echo "interop: ok"
