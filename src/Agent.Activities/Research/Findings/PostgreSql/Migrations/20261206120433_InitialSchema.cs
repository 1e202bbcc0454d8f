using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Activities.Research.Findings.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "research");

            migrationBuilder.CreateTable(
                name: "research_cache",
                schema: "research",
                columns: table => new
                {
                    source = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    question = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    stored_at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    findings = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_research_cache", x => new { x.source, x.question });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "research_cache",
                schema: "research");
        }
    }
}
