using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Agent.Activities.Discovery.Integration.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "integration");

            migrationBuilder.CreateTable(
                name: "integration_attempts",
                schema: "integration",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    server_name = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    name = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    target = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    outcome = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    reason = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    approval_id = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    created_at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    updated_at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    json = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    rowid = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_integration_attempts", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "integration_attempts_created",
                schema: "integration",
                table: "integration_attempts",
                column: "created_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "integration_attempts",
                schema: "integration");
        }
    }
}
