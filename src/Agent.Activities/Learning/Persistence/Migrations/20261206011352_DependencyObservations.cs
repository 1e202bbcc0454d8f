using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Activities.Learning.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DependencyObservations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "dependency_observations",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    target = table.Column<string>(type: "TEXT", nullable: false),
                    ecosystem = table.Column<string>(type: "TEXT", nullable: false),
                    package = table.Column<string>(type: "TEXT", nullable: false),
                    current = table.Column<string>(type: "TEXT", nullable: true),
                    latest = table.Column<string>(type: "TEXT", nullable: true),
                    advisory = table.Column<string>(type: "TEXT", nullable: true),
                    observedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dependency_observations", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_dependency_observations_target_package_observedAt",
                table: "dependency_observations",
                columns: new[] { "target", "package", "observedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dependency_observations");
        }
    }
}
