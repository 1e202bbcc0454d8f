#!/usr/bin/env bash
# Runs every test of the solution and ends with the line "N passed, N failed".
# 1. installs what the tests need on a fresh Debian machine (idempotent; only what is missing), including the pinned
#    Claude Code CLI in tools/claude-code, the MCP servers in tools/mcp-servers,
# 2. builds the solution once (a build failure counts as "0 passed, 1 failed"),
# 3. runs all test projects with `dotnet test` (Microsoft.Testing.Platform, see global.json), writing TRX files,
# 4. counts the results from the TRX files. Exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results="$PWD/TestResults/test-sh"

finish() { # passed failed
  echo "$1 passed, $2 failed"
  [[ "$2" -eq 0 ]]
  exit $?
}

# --- 1. Install (idempotent) -------------------------------------------------------------------------------------
# Each entry: a command the tests use and the Debian package that provides it.
need=("find:findutils" "flock:util-linux" "prlimit:util-linux" "chromium:chromium" "kubectl:kubernetes-client" "promtool:prometheus")
missing=()
for entry in "${need[@]}"; do
  command -v "${entry%%:*}" >/dev/null 2>&1 || missing+=("${entry#*:}")
done
# PostgreSQL's server binaries live under /usr/lib/postgresql/<version>/bin, not on PATH.
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=("postgresql")
if [[ ${#missing[@]} -gt 0 ]]; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${missing[*]}"
    sudo_cmd=(); [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq && "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing ${missing[*]} and no apt-get to install them" >&2
  fi
fi
# The Claude Code CLI the tests drive, pinned in tools/claude-code (skipped when that version is installed). On failure
# the tests that need it fail with the locator's message on how to install it.
tools/claude-code/ensure-installed.sh || echo "test.sh: the Claude Code CLI is not installed; its tests will fail." >&2
tools/elsa-studio/ensure-installed.sh || echo "test.sh: Elsa Studio is not installed; the browser tests will fail." >&2
tools/dashboard/ensure-installed.sh || echo "test.sh: Chart.js is not installed; the dashboard browser tests will fail." >&2
tools/mcp-servers/ensure-installed.sh || echo "test.sh: the MCP servers of tools/mcp-servers are not installed; the capability discovery tests will fail." >&2
if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET SDK is not installed ('dotnet' not found). Install the .NET 10 SDK (https://dot.net), then run ./test.sh again." >&2
  finish 0 1
fi

# --- 2. Build once -----------------------------------------------------------------------------------------------
# --disable-build-servers: no compiler server or MSBuild node is left running on this shared machine.
echo "== Building the solution"
if ! dotnet build Agent.sln -nologo -v quiet -clp:NoSummary --disable-build-servers; then
  echo "test.sh: the build failed (errors above)." >&2
  finish 0 1
fi

# --- 3. Run all tests --------------------------------------------------------------------------------------------
rm -rf "$results"
mkdir -p "$results"
echo "== Running all tests"
dotnet test --solution Agent.sln --no-build --results-directory "$results" --report-trx
status=$?

# --- 4. Count ----------------------------------------------------------------------------------------------------
passed=0
failed=0
count() { # file attribute -> the attribute's value in the file's <Counters>, 0 when absent
  local value
  value=$(grep -o '<Counters [^>]*>' "$1" | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]\+' | head -n 1)
  echo "${value:-0}"
}
shopt -s nullglob globstar
trx_files=("$results"/**/*.trx)
for trx in "${trx_files[@]}"; do
  passed=$((passed + $(count "$trx" passed)))
  for attribute in failed error timeout aborted; do
    failed=$((failed + $(count "$trx" "$attribute")))
  done
done
if [[ ${#trx_files[@]} -eq 0 ]]; then
  echo "test.sh: no test results were written (dotnet test exit code $status)." >&2
  failed=$((failed > 0 ? failed : 1))
elif [[ $status -ne 0 && $failed -eq 0 ]]; then
  echo "test.sh: dotnet test failed (exit code $status) without a failing test; counting the run as one failure." >&2
  failed=1
fi
finish "$passed" "$failed"
