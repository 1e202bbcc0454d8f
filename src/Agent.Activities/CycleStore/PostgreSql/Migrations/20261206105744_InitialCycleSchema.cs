using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Agent.Activities.CycleStore.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class InitialCycleSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "cycle");

            migrationBuilder.CreateTable(
                name: "Snapshots",
                schema: "cycle",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TargetPath = table.Column<string>(type: "text", nullable: false),
                    CommitId = table.Column<string>(type: "text", nullable: true),
                    TakenAtUtcTicks = table.Column<long>(type: "bigint", nullable: false),
                    Json = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Snapshots", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Snapshots_TargetPath_TakenAtUtcTicks",
                schema: "cycle",
                table: "Snapshots",
                columns: new[] { "TargetPath", "TakenAtUtcTicks" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Snapshots",
                schema: "cycle");
        }
    }
}
