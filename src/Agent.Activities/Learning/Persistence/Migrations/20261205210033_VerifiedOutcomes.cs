using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Activities.Learning.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class VerifiedOutcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "commitId",
                table: "solutions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "quarantineReason",
                table: "solutions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "quarantinedAt",
                table: "solutions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "repository",
                table: "solutions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "gapClosed",
                table: "experiences",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "mergedCommit",
                table: "experiences",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "repository",
                table: "experiences",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "incidents",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    repository = table.Column<string>(type: "TEXT", nullable: true),
                    cycleId = table.Column<string>(type: "TEXT", nullable: true),
                    instanceId = table.Column<string>(type: "TEXT", nullable: true),
                    gap = table.Column<string>(type: "TEXT", nullable: true),
                    message = table.Column<string>(type: "TEXT", nullable: false),
                    key = table.Column<string>(type: "TEXT", nullable: true),
                    occurredAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_key",
                table: "incidents",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incidents_occurredAt",
                table: "incidents",
                column: "occurredAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "incidents");

            migrationBuilder.DropColumn(
                name: "commitId",
                table: "solutions");

            migrationBuilder.DropColumn(
                name: "quarantineReason",
                table: "solutions");

            migrationBuilder.DropColumn(
                name: "quarantinedAt",
                table: "solutions");

            migrationBuilder.DropColumn(
                name: "repository",
                table: "solutions");

            migrationBuilder.DropColumn(
                name: "gapClosed",
                table: "experiences");

            migrationBuilder.DropColumn(
                name: "mergedCommit",
                table: "experiences");

            migrationBuilder.DropColumn(
                name: "repository",
                table: "experiences");
        }
    }
}
