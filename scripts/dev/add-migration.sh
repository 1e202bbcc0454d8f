#!/usr/bin/env bash
# Adds an EF Core migration to src/Agent.Activities, whose contexts are CycleDbContext, KnowledgeDbContext, CapabilityDbContext and
# CoordinationDbContext and the other raw-SQL stores' schema contexts (ApprovalsDbContext, GuardsDbContext, AuditDbContext …)
# (SQLite) and their PostgreSQL twins PostgresCycleDbContext, PostgresKnowledgeDbContext and PostgresCapabilityDbContext.
# A model change needs a migration for both: run the script once per context of the pair.
#   scripts/dev/add-migration.sh KnowledgeDbContext AddSomething && scripts/dev/add-migration.sh PostgresKnowledgeDbContext AddSomething
# The project does not reference Microsoft.EntityFrameworkCore.Design at run time: Design pins Roslyn 5.0, which clashes
# with the Roslyn the docs measurer and the gates use. For the one `dotnet ef` call this script references Design with the
# Roslyn workspaces lifted to the central version, then restores both files, whatever happens.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
context=${1:?usage: $0 [Postgres]CycleDbContext|[Postgres]KnowledgeDbContext|[Postgres]CapabilityDbContext|[Postgres]CoordinationDbContext MigrationName}
name=${2:?usage: $0 [Postgres]CycleDbContext|[Postgres]KnowledgeDbContext|[Postgres]CapabilityDbContext|[Postgres]CoordinationDbContext MigrationName}
case "$context" in
  CycleDbContext) dir=CycleStore/Migrations; ns=Agent.Activities.CycleStore.Migrations ;;
  KnowledgeDbContext) dir=Learning/Persistence/Migrations; ns=Agent.Activities.Learning.Persistence.Migrations ;;
  CapabilityDbContext) dir=Discovery/Persistence/Migrations; ns=Agent.Activities.Discovery.Persistence.Migrations ;;
  PostgresCycleDbContext) dir=CycleStore/PostgreSql/Migrations; ns=Agent.Activities.CycleStore.PostgreSql.Migrations ;;
  PostgresKnowledgeDbContext) dir=Learning/Persistence/PostgreSql/Migrations; ns=Agent.Activities.Learning.Persistence.PostgreSql.Migrations ;;
  PostgresCapabilityDbContext) dir=Discovery/Persistence/PostgreSql/Migrations; ns=Agent.Activities.Discovery.Persistence.PostgreSql.Migrations ;;
  CoordinationDbContext) dir=Coordination/Persistence/Migrations; ns=Agent.Activities.Coordination.Persistence.Migrations ;;
  PostgresCoordinationDbContext) dir=Coordination/Persistence/PostgreSql/Migrations; ns=Agent.Activities.Coordination.Persistence.PostgreSql.Migrations ;;
  # The Claude jobs and run log share a folder, so each keeps its migrations in its own subfolder.
  ClaudeJobsDbContext|ClaudeRunLogDbContext|PostgresClaudeJobsDbContext|PostgresClaudeRunLogDbContext)
    sub=$([[ $context == *Jobs* ]] && echo Jobs || echo RunLog); pg=$([[ $context == Postgres* ]] && echo PostgreSql/ || true)
    dir=Claude/${pg}Migrations/$sub; ns=Agent.Activities.Claude.${pg:+PostgreSql.}Migrations.$sub ;;
  *)
    # Any other store context (approvals, guards, schedule, decisions, audit, budget, research, integration …): its
    # migrations sit in Migrations/ next to the file declaring it (PostgreSql/Migrations for a Postgres… twin).
    file=$(grep -rlE --include='*.cs' "class $context\b" src/Agent.Activities | grep -v /Migrations/ | head -1 || true)
    if [ -z "$file" ]; then echo "unknown context '$context': give a DbContext class of src/Agent.Activities, e.g. CycleDbContext or its Postgres… twin" >&2; exit 2; fi
    dir=$(dirname "${file#src/Agent.Activities/}")/Migrations
    ns=$(grep -m1 -oE '^namespace [A-Za-z0-9_.]+' "$file" | cut -d' ' -f2).Migrations ;;
esac
project=src/Agent.Activities/Agent.Activities.csproj
backup=$(mktemp -d)
cp "$project" Directory.Packages.props "$backup/"
trap 'cp "$backup/Agent.Activities.csproj" "$project"; cp "$backup/Directory.Packages.props" Directory.Packages.props; rm -rf "$backup"' EXIT
roslyn=$(grep -o 'Microsoft.CodeAnalysis.CSharp" Version="[^"]*"' Directory.Packages.props | grep -o '[0-9][^"]*')
anchor="    <PackageVersion Include=\"Microsoft.CodeAnalysis.CSharp\" Version=\"$roslyn\" />"
sed -i "s|^$anchor\$|$anchor\n    <PackageVersion Include=\"Microsoft.CodeAnalysis.CSharp.Workspaces\" Version=\"$roslyn\" />\n    <PackageVersion Include=\"Microsoft.CodeAnalysis.Workspaces.Common\" Version=\"$roslyn\" />\n    <PackageVersion Include=\"Microsoft.CodeAnalysis.Workspaces.MSBuild\" Version=\"$roslyn\" />|" Directory.Packages.props
sed -i 's|<RootNamespace>Agent.Activities</RootNamespace>|<RootNamespace>Agent.Activities</RootNamespace><WarningsNotAsErrors>NU1603;NU1608</WarningsNotAsErrors>|' "$project"
sed -i 's|    <PackageReference Include="Quartz" />|    <PackageReference Include="Quartz" />\n    <PackageReference Include="Microsoft.EntityFrameworkCore.Design" PrivateAssets="all" />\n    <PackageReference Include="Microsoft.CodeAnalysis.CSharp.Workspaces" />\n    <PackageReference Include="Microsoft.CodeAnalysis.Workspaces.Common" />\n    <PackageReference Include="Microsoft.CodeAnalysis.Workspaces.MSBuild" />|' "$project"
dotnet tool restore >/dev/null
dotnet build src/Agent.Activities -nologo -v quiet -clp:NoSummary
(cd src/Agent.Activities && dotnet ef migrations add "$name" --no-build --context "$context" --output-dir "$dir" --namespace "$ns")
# dotnet ef places a new context's first model snapshot by its namespace (Agent/Activities/…): move it next to its migrations.
if [ -d src/Agent.Activities/Agent/Activities ]; then
  (cd src/Agent.Activities/Agent/Activities && find . -name '*.cs' -exec sh -c 'mkdir -p "../../$(dirname "$1")" && mv "$1" "../../$1"' _ {} \;)
  rm -rf src/Agent.Activities/Agent
fi
