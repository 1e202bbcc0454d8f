#!/usr/bin/env bash
# The main job. For now: check the .NET SDK, install the pinned Claude Code CLI (tools/claude-code), build, apply
# migrations, import workflows/, run workflows/hello.json and print its result. Nothing keeps running afterwards
# unless --serve is given, which then starts the server in the foreground (Ctrl+C stops it).
# Usage: ./run.sh [--serve]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

serve=false
for arg in "$@"; do
  case "$arg" in
    --serve) serve=true ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

if ! command -v dotnet >/dev/null 2>&1; then
  echo "run.sh: the .NET SDK is not installed ('dotnet' not found). Install the .NET 10 SDK (https://dot.net), then run ./run.sh again." >&2
  exit 1
fi

echo "== .NET SDK $(dotnet --version)"
echo "== Claude Code CLI (tools/claude-code)"
tools/claude-code/ensure-installed.sh
echo "== Elsa Studio (tools/elsa-studio)"; tools/elsa-studio/ensure-installed.sh || echo "run.sh: Elsa Studio is not installed; /studio will say how to install it." >&2
echo "== Building src/Agent.Server"
./agent --help >/dev/null
echo "== Applying migrations and importing workflows/ (database: ${AGENT_Persistence__DatabasePath:-.data/agent.db})"
./agent workflows import workflows
echo "== Running workflows/hello.json"
./agent run workflows/hello.json

if [[ "$serve" == true ]]; then
  echo "== Serving (Ctrl+C to stop)"
  exec ./agent serve
fi
