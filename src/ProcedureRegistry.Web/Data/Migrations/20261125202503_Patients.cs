using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ProcedureRegistry.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Patients : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "patients",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    clinic_id = table.Column<int>(type: "integer", nullable: false),
                    mrn = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    family_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    given_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    date_of_birth = table.Column<DateOnly>(type: "date", nullable: false),
                    sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    reminder_consent = table.Column<bool>(type: "boolean", nullable: false),
                    consent_recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    preferred_channel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    mrn_key = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    family_name_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    given_name_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_patients", x => x.id);
                    table.CheckConstraint("ck_patients_channel", "preferred_channel IN ('None', 'Email', 'Sms')");
                    table.CheckConstraint("ck_patients_channel_needs_consent", "preferred_channel = 'None' OR reminder_consent");
                    table.CheckConstraint("ck_patients_date_of_birth_range", "date_of_birth >= DATE '1900-01-01' AND date_of_birth <= CURRENT_DATE");
                    table.CheckConstraint("ck_patients_email_channel_needs_email", "preferred_channel <> 'Email' OR email IS NOT NULL");
                    table.CheckConstraint("ck_patients_mrn_format", "mrn ~ '^[A-Za-z0-9./-]{1,32}$'");
                    table.CheckConstraint("ck_patients_names_not_blank", "length(btrim(family_name)) >= 1 AND length(btrim(given_name)) >= 1");
                    table.CheckConstraint("ck_patients_sex", "sex IN ('Female', 'Male', 'Other', 'Unknown')");
                    table.CheckConstraint("ck_patients_sms_channel_needs_phone", "preferred_channel <> 'Sms' OR phone IS NOT NULL");
                    table.ForeignKey(
                        name: "fk_patients_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "patient_revisions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    patient_id = table.Column<int>(type: "integer", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    previous_details = table.Column<string>(type: "jsonb", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    changed_by_user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    changed_by_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_patient_revisions", x => x.id);
                    table.CheckConstraint("ck_patient_revisions_reason", "length(btrim(reason)) >= 3");
                    table.ForeignKey(
                        name: "fk_patient_revisions_patients_patient_id",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_patient_revisions_patient_id_number",
                table: "patient_revisions",
                columns: new[] { "patient_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_patients_clinic_id_date_of_birth",
                table: "patients",
                columns: new[] { "clinic_id", "date_of_birth" });

            migrationBuilder.CreateIndex(
                name: "ix_patients_clinic_id_family_name_key",
                table: "patients",
                columns: new[] { "clinic_id", "family_name_key" })
                .Annotation("Npgsql:IndexOperators", new[] { "int4_ops", "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_patients_clinic_id_given_name_key",
                table: "patients",
                columns: new[] { "clinic_id", "given_name_key" })
                .Annotation("Npgsql:IndexOperators", new[] { "int4_ops", "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_patients_clinic_id_mrn",
                table: "patients",
                columns: new[] { "clinic_id", "mrn" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_patients_clinic_id_mrn_key",
                table: "patients",
                columns: new[] { "clinic_id", "mrn_key" })
                .Annotation("Npgsql:IndexOperators", new[] { "int4_ops", "text_pattern_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "patient_revisions");

            migrationBuilder.DropTable(
                name: "patients");
        }
    }
}
