#!/usr/bin/env bash
# Installs Chart.js (npm chart.js) pinned in tools/dashboard/package-lock.json into tools/dashboard/node_modules, unless
# that exact version is already there. 'agent serve' serves its UMD build to the monitoring dashboard under /dashboard.
# Used by ./test.sh and ./run.sh; safe to run any number of times. Exit codes: 0 installed (or already was), 1 npm missing
# or the install failed.
set -uo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
package="$dir/node_modules/chart.js"

# The pinned version is the one in package.json; reading it with grep keeps this check free of node.
pinned=$(grep -o '"chart.js": *"[^"]*"' "$dir/package.json" | grep -o '[0-9][^"]*')
installed=""
[[ -f "$package/package.json" ]] && installed=$(grep -o '"version": *"[^"]*"' "$package/package.json" | head -n 1 | grep -o '[0-9][^"]*')
if [[ -f "$package/dist/chart.umd.min.js" && "$installed" == "$pinned" ]]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "dashboard: npm is not installed, so Chart.js ($pinned) cannot be installed into tools/dashboard." >&2
  echo "dashboard: install Node.js with npm (e.g. 'apt-get install nodejs npm'), then run 'npm ci --prefix tools/dashboard' or this script again." >&2
  exit 1
fi
echo "dashboard: installing chart.js $pinned into tools/dashboard (npm ci)"
if ! npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error; then
  echo "dashboard: 'npm ci --prefix tools/dashboard' failed (see above)." >&2
  exit 1
fi
if [[ ! -f "$package/dist/chart.umd.min.js" ]]; then
  echo "dashboard: installed, but $package/dist/chart.umd.min.js is missing; the package layout changed." >&2
  exit 1
fi
