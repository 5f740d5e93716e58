using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProcedureRegistry.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class PatientEmailFormat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddCheckConstraint(
                name: "ck_patients_email_format",
                table: "patients",
                sql: "email IS NULL OR email ~ '^[^[:space:]@]{1,64}@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z][A-Za-z0-9-]{1,62}$'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_patients_email_format",
                table: "patients");
        }
    }
}
