#!/usr/bin/env bash
# Installs the Claude Code CLI pinned in tools/claude-code/package-lock.json into tools/claude-code/node_modules,
# unless that exact version is already there. Used by ./test.sh and ./run.sh; safe to run any number of times.
# Exit codes: 0 installed (or already was), 1 npm missing or the install failed.
set -uo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$dir/node_modules/.bin/claude"
installed_manifest="$dir/node_modules/@anthropic-ai/claude-code/package.json"

# The pinned version is the one in package.json; reading it with grep keeps this check free of node.
pinned=$(grep -o '"@anthropic-ai/claude-code": *"[^"]*"' "$dir/package.json" | grep -o '[0-9][^"]*')
installed=""
[[ -f "$installed_manifest" ]] && installed=$(grep -o '"version": *"[^"]*"' "$installed_manifest" | head -n 1 | grep -o '[0-9][^"]*')
if [[ -x "$bin" && "$installed" == "$pinned" ]]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "claude-code: npm is not installed, so the Claude Code CLI ($pinned) cannot be installed into tools/claude-code." >&2
  echo "claude-code: install Node.js 18+ with npm (e.g. 'apt-get install nodejs npm'), then run 'npm ci --prefix tools/claude-code' or this script again." >&2
  exit 1
fi
echo "claude-code: installing @anthropic-ai/claude-code $pinned into tools/claude-code (npm ci)"
if ! npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error; then
  echo "claude-code: 'npm ci --prefix tools/claude-code' failed (see above)." >&2
  exit 1
fi
if ! "$bin" --version >/dev/null 2>&1; then
  echo "claude-code: installed, but '$bin --version' does not run." >&2
  exit 1
fi
