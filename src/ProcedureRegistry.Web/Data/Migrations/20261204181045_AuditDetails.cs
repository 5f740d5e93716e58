using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProcedureRegistry.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditDetails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "details",
                table: "audit_entries",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int[]>(
                name: "patient_ids",
                table: "audit_entries",
                type: "integer[]",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_patient_ids",
                table: "audit_entries",
                column: "patient_ids")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_audit_entries_patient_ids",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "details",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "patient_ids",
                table: "audit_entries");
        }
    }
}
