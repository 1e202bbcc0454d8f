#!/usr/bin/env bash
# Installs the MCP servers pinned in tools/mcp-servers/package-lock.json into tools/mcp-servers/node_modules, unless
# those exact versions are already there. The capability discovery tests and benchmark scan them. Used by ./test.sh;
# safe to run any number of times. All three run on Node 20.
# Exit codes: 0 installed (or already was), 1 npm missing or the install failed.
set -uo pipefail
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
servers=(everything filesystem memory)

installed_all=1
for server in "${servers[@]}"; do
  pinned=$(grep -o "\"@modelcontextprotocol/server-$server\": *\"[^\"]*\"" "$dir/package.json" | grep -o '[0-9][^"]*')
  manifest="$dir/node_modules/@modelcontextprotocol/server-$server/package.json"
  installed=""
  [[ -f "$manifest" ]] && installed=$(grep -o '"version": *"[^"]*"' "$manifest" | head -n 1 | grep -o '[0-9][^"]*')
  if [[ ! -x "$dir/node_modules/.bin/mcp-server-$server" || "$installed" != "$pinned" ]]; then installed_all=0; fi
done
[[ $installed_all == 1 ]] && exit 0

if ! command -v npm >/dev/null 2>&1; then
  echo "mcp-servers: npm is not installed, so the MCP servers the discovery tests scan cannot be installed into tools/mcp-servers." >&2
  echo "mcp-servers: install Node.js 20+ with npm, then run 'npm ci --prefix tools/mcp-servers' or this script again." >&2
  exit 1
fi
echo "mcp-servers: installing ${servers[*]} into tools/mcp-servers (npm ci)"
if ! npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error; then
  echo "mcp-servers: 'npm ci --prefix tools/mcp-servers' failed (see above)." >&2
  exit 1
fi
