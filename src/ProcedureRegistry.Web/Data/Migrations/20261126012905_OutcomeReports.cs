using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ProcedureRegistry.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutcomeReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "reports",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    requested_by_user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    requested_by_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    clinic_ids = table.Column<int[]>(type: "integer[]", nullable: false),
                    filters = table.Column<string>(type: "jsonb", nullable: false),
                    status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    progress_percent = table.Column<int>(type: "integer", nullable: false),
                    step = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    pdf = table.Column<byte[]>(type: "bytea", nullable: true),
                    json = table.Column<string>(type: "text", nullable: true),
                    csv = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reports", x => x.id);
                    table.CheckConstraint("ck_reports_clinics", "cardinality(clinic_ids) >= 1");
                    table.CheckConstraint("ck_reports_failed_error", "(status = 'Failed') = (error IS NOT NULL)");
                    table.CheckConstraint("ck_reports_finished", "(status IN ('Succeeded', 'Failed')) = (finished_at IS NOT NULL)");
                    table.CheckConstraint("ck_reports_progress", "progress_percent BETWEEN 0 AND 100");
                    table.CheckConstraint("ck_reports_status", "status IN ('Queued', 'Running', 'Succeeded', 'Failed')");
                    table.CheckConstraint("ck_reports_succeeded_documents", "status <> 'Succeeded' OR (pdf IS NOT NULL AND json IS NOT NULL AND csv IS NOT NULL AND progress_percent = 100)");
                });

            migrationBuilder.CreateIndex(
                name: "ix_reports_requested_at",
                table: "reports",
                column: "requested_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reports");
        }
    }
}
