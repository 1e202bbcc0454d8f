using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Agent.Activities.Safety.Audit.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "audit");

            migrationBuilder.CreateTable(
                name: "audit_log",
                schema: "audit",
                columns: table => new
                {
                    seq = table.Column<long>(type: "bigint", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    kind = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    actor = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    summary = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    data = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    prev_hash = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    hash = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_log", x => x.seq);
                    table.UniqueConstraint("AK_audit_log_id", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_outbox",
                schema: "audit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    event_id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    kind = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    url = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    format = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    body = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    status = table.Column<string>(type: "text", nullable: false, defaultValue: "pending", collation: "C"),
                    attempts = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    next_attempt_at = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    last_error = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    delivered_at = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    created_at = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_outbox", x => x.id);
                    table.UniqueConstraint("AK_webhook_outbox_event_id_url", x => new { x.event_id, x.url });
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_kind",
                schema: "audit",
                table: "audit_log",
                columns: new[] { "kind", "seq" });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_outbox_due",
                schema: "audit",
                table: "webhook_outbox",
                columns: new[] { "status", "next_attempt_at" });

            // Append-only, as on SQLite: a speed bump, not the protection (AuditVerifier recomputes the chain).
            migrationBuilder.Sql("""
                CREATE FUNCTION audit.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit.audit_log FOR EACH ROW EXECUTE FUNCTION audit.audit_log_append_only();
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit.audit_log FOR EACH ROW EXECUTE FUNCTION audit.audit_log_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_log_no_update ON audit.audit_log; DROP TRIGGER IF EXISTS audit_log_no_delete ON audit.audit_log; DROP FUNCTION IF EXISTS audit.audit_log_append_only();");
            migrationBuilder.DropTable(
                name: "audit_log",
                schema: "audit");

            migrationBuilder.DropTable(
                name: "webhook_outbox",
                schema: "audit");
        }
    }
}
