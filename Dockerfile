# The agent as a container: `agent serve` on port 5080 with git, Node.js and the Claude Code CLI pinned in
# tools/claude-code. Build: docker build -t agent .   Run: see docker-compose.yml and docs/production/deploy.md.
# tests/Agent.Server.Tests/Deploy reads this file: it runs the `dotnet publish` line below, starts the published
# entrypoint and checks the ports, paths, user and volumes named here against the server and the manifests.

# --- 1. Build: publish src/Agent.Server (framework-dependent; the runtime image brings ASP.NET Core) -------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# capabilities.yaml: Agent.Activities links it into its output.
COPY global.json Directory.Build.props Directory.Packages.props capabilities.yaml ./
COPY src/ src/
RUN dotnet publish src/Agent.Server -c Release -o /app

# --- 2. Tools: the npm packages pinned by the lock files in tools/ (the same `npm ci` as test.sh and run.sh) -------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS tools
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY tools/claude-code/package.json tools/claude-code/package-lock.json tools/claude-code/
COPY tools/elsa-studio/package.json tools/elsa-studio/package-lock.json tools/elsa-studio/
COPY tools/dashboard/package.json tools/dashboard/package-lock.json tools/dashboard/
RUN npm ci --prefix tools/claude-code --omit=dev --no-audit --no-fund \
 && npm ci --prefix tools/elsa-studio --omit=dev --no-audit --no-fund \
 && npm ci --prefix tools/dashboard --omit=dev --no-audit --no-fund \
 && tools/claude-code/node_modules/.bin/claude --version

# --- 3. Runtime ----------------------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# git: the agent changes target repositories through git worktrees. nodejs: runs the Claude Code CLI. curl: HEALTHCHECK.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git nodejs ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
COPY --from=tools /app/tools ./tools
COPY workflows/ ./workflows/
COPY prompts/ ./prompts/
COPY capabilities.yaml ./

# The content root is /app (workflows, prompts, tools/claude-code, the Studio files); everything the agent writes goes
# to the volumes: databases and the STOP file under /data, target repositories and their worktrees under /workspaces,
# the Claude run log under /logs. Kestrel listens on every interface inside the container.
ENV AGENT_ROOT=/app \
    Agent__DataDirectory=/data \
    Claude__RunLogPath=/logs/claude-runs.db \
    Server__Urls=http://+:5080 \
    DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
RUN mkdir -p /data /workspaces /logs && chown -R 1654:1654 /data /workspaces /logs
VOLUME ["/data", "/workspaces", "/logs"]
EXPOSE 5080

# The non-root user the .NET images ship ("app", uid 1654); Kubernetes' runAsUser uses the same number.
USER 1654:1654
# Git refuses repositories owned by another user unless told; the workspaces volume may be created by another uid.
RUN git config --global --add safe.directory '*'

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:5080/health/live || exit 1

ENTRYPOINT ["dotnet", "/app/agent.dll"]
CMD ["serve"]
