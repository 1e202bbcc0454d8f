using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Activities.CycleStore.Migrations
{
    /// <inheritdoc />
    public partial class InitialCycleSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "GapAttempts",
                columns: table => new
                {
                    TargetPath = table.Column<string>(type: "TEXT", nullable: false),
                    GapKey = table.Column<string>(type: "TEXT", nullable: false),
                    Failures = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", nullable: true),
                    LastFailedAtUtcTicks = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GapAttempts", x => new { x.TargetPath, x.GapKey });
                });

            migrationBuilder.CreateTable(
                name: "Snapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TargetPath = table.Column<string>(type: "TEXT", nullable: false),
                    CommitId = table.Column<string>(type: "TEXT", nullable: true),
                    TakenAtUtcTicks = table.Column<long>(type: "INTEGER", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Snapshots", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Snapshots_TargetPath_TakenAtUtcTicks",
                table: "Snapshots",
                columns: new[] { "TargetPath", "TakenAtUtcTicks" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GapAttempts");

            migrationBuilder.DropTable(
                name: "Snapshots");
        }
    }
}
