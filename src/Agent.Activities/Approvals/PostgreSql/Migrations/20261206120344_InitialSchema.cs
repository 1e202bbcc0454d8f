using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Activities.Approvals.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "approvals");

            migrationBuilder.CreateTable(
                name: "approval_decisions",
                schema: "approvals",
                columns: table => new
                {
                    approval_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    instance_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    decision = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    decided_by = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    comment = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    decided_at = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_approval_decisions", x => x.approval_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_approval_decisions_instance",
                schema: "approvals",
                table: "approval_decisions",
                column: "instance_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "approval_decisions",
                schema: "approvals");
        }
    }
}
