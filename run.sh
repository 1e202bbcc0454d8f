#!/usr/bin/env bash
# The main job: installs what it needs (the pinned Claude Code CLI in tools/claude-code), builds, then runs
# `agent cycle`: starts the server (SQLite under .data/), makes a fresh sample target repository from samples/,
# runs one full improvement cycle on it and prints the progress, the summary and the KPIs. Offline by default: the
# real Claude CLI talks to the scripted model server, whose rehearsal makes real, correct edits. With ANTHROPIC_API_KEY
# set (or --live) the same cycle uses the real API. Afterwards the server keeps serving with the nightly schedule
# active; --once exits after the cycle.
# Usage: ./run.sh [--once] [--live] [--target PATH | --sample NAME] [--script FILE] [--urls URLS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  esac
done

if ! command -v dotnet >/dev/null 2>&1; then
  echo "run.sh: the .NET SDK is not installed ('dotnet' not found). Install the .NET 10 SDK (https://dot.net), then run ./run.sh again." >&2
  exit 1
fi
if ! command -v git >/dev/null 2>&1; then
  echo "run.sh: git is not installed; the agent changes repositories only through git. Install it (apt-get install git), then run ./run.sh again." >&2
  exit 1
fi

echo "== .NET SDK $(dotnet --version)"
echo "== Claude Code CLI (tools/claude-code)"
tools/claude-code/ensure-installed.sh
echo "== Elsa Studio (tools/elsa-studio)"; tools/elsa-studio/ensure-installed.sh || echo "run.sh: Elsa Studio is not installed; /studio will say how to install it." >&2
echo "== Chart.js (tools/dashboard)"; tools/dashboard/ensure-installed.sh || echo "run.sh: Chart.js is not installed; /dashboard will say how to install it." >&2
echo "== Building src/Agent.Server"
./agent --help >/dev/null
exec ./agent cycle "$@"
