using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Activities.Safety.Decisions.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "decision_records",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    cycle_id = table.Column<string>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", nullable: false),
                    subject = table.Column<string>(type: "TEXT", nullable: false),
                    target = table.Column<string>(type: "TEXT", nullable: false),
                    outcome = table.Column<string>(type: "TEXT", nullable: false),
                    reasons = table.Column<string>(type: "TEXT", nullable: false),
                    principles = table.Column<string>(type: "TEXT", nullable: false),
                    at = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_decision_records", x => x.id);
                    table.UniqueConstraint("AK_decision_records_cycle_id_kind_subject", x => new { x.cycle_id, x.kind, x.subject });
                });

            migrationBuilder.CreateTable(
                name: "security_scores",
                columns: table => new
                {
                    cycle_id = table.Column<string>(type: "TEXT", nullable: false),
                    target = table.Column<string>(type: "TEXT", nullable: false),
                    at = table.Column<string>(type: "TEXT", nullable: false),
                    score = table.Column<int>(type: "INTEGER", nullable: false),
                    partial = table.Column<int>(type: "INTEGER", nullable: false),
                    details = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_security_scores", x => x.cycle_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_decision_records_at",
                table: "decision_records",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_security_scores_target",
                table: "security_scores",
                columns: new[] { "target", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "decision_records");

            migrationBuilder.DropTable(
                name: "security_scores");
        }
    }
}
