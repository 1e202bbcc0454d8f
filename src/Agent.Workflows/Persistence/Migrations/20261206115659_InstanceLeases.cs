using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agent.Workflows.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InstanceLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "instance_leases",
                columns: table => new
                {
                    instanceId = table.Column<string>(type: "TEXT", nullable: false),
                    owner = table.Column<string>(type: "TEXT", nullable: false),
                    expiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_instance_leases", x => x.instanceId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_instance_leases_owner",
                table: "instance_leases",
                column: "owner");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "instance_leases");
        }
    }
}
