#!/usr/bin/env bash
# Installs the Elsa Studio custom elements (npm @elsa-workflows/elsa-studio-wasm) pinned in tools/elsa-studio/package-lock.json
# into tools/elsa-studio/node_modules, unless that exact version is already there. 'agent serve' serves them under /studio.
# Used by ./test.sh and ./run.sh; safe to run any number of times. Exit codes: 0 installed (or already was), 1 npm missing or
# the install failed.
set -uo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
package="$dir/node_modules/@elsa-workflows/elsa-studio-wasm"

# The pinned version is the one in package.json; reading it with grep keeps this check free of node.
pinned=$(grep -o '"@elsa-workflows/elsa-studio-wasm": *"[^"]*"' "$dir/package.json" | grep -o '[0-9][^"]*')
installed=""
[[ -f "$package/package.json" ]] && installed=$(grep -o '"version": *"[^"]*"' "$package/package.json" | head -n 1 | grep -o '[0-9][^"]*')
if [[ -d "$package/_framework" && "$installed" == "$pinned" ]]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "elsa-studio: npm is not installed, so Elsa Studio ($pinned) cannot be installed into tools/elsa-studio." >&2
  echo "elsa-studio: install Node.js with npm (e.g. 'apt-get install nodejs npm'), then run 'npm ci --prefix tools/elsa-studio' or this script again." >&2
  exit 1
fi
echo "elsa-studio: installing @elsa-workflows/elsa-studio-wasm $pinned into tools/elsa-studio (npm ci)"
if ! npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error; then
  echo "elsa-studio: 'npm ci --prefix tools/elsa-studio' failed (see above)." >&2
  exit 1
fi
if [[ ! -f "$package/_framework/blazor.webassembly.js" ]]; then
  echo "elsa-studio: installed, but $package/_framework/blazor.webassembly.js is missing; the package layout changed." >&2
  exit 1
fi
