using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace ProcedureRegistry.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class FollowUps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "died_on",
                table: "patients",
                type: "date",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "follow_up_protocol_points",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    label = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    days_after = table.Column<int>(type: "integer", nullable: false),
                    window_days_before = table.Column<int>(type: "integer", nullable: false),
                    window_days_after = table.Column<int>(type: "integer", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_follow_up_protocol_points", x => x.id);
                    table.CheckConstraint("ck_follow_up_protocol_points_days_after", "days_after BETWEEN 1 AND 1095");
                    table.CheckConstraint("ck_follow_up_protocol_points_kind", "kind IN ('DiagnosticBlock', 'SteroidInjection', 'RfDenervation')");
                    table.CheckConstraint("ck_follow_up_protocol_points_label", "length(btrim(label)) >= 1");
                    table.CheckConstraint("ck_follow_up_protocol_points_window", "window_days_before BETWEEN 0 AND 90 AND window_days_after BETWEEN 1 AND 90");
                });

            migrationBuilder.CreateTable(
                name: "follow_ups",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    clinic_id = table.Column<int>(type: "integer", nullable: false),
                    patient_id = table.Column<int>(type: "integer", nullable: false),
                    procedure_id = table.Column<int>(type: "integer", nullable: false),
                    protocol_point_id = table.Column<int>(type: "integer", nullable: true),
                    label = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    days_after = table.Column<int>(type: "integer", nullable: false),
                    window_days_before = table.Column<int>(type: "integer", nullable: false),
                    window_days_after = table.Column<int>(type: "integer", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    opens_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    closes_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    cancel_reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    answered_via = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    answered_by_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    pain = table.Column<int>(type: "integer", nullable: true),
                    relief_percent = table.Column<int>(type: "integer", nullable: true),
                    pgic = table.Column<int>(type: "integer", nullable: true),
                    other_treatment = table.Column<bool>(type: "boolean", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_follow_ups", x => x.id);
                    table.CheckConstraint("ck_follow_ups_answer", "(status = 'Answered') = (answered_at IS NOT NULL) AND (answered_at IS NULL) = (pain IS NULL) AND (pain IS NULL) = (relief_percent IS NULL) AND (pain IS NULL) = (pgic IS NULL) AND (pain IS NULL) = (other_treatment IS NULL) AND (pain IS NULL) = (answered_via IS NULL)");
                    table.CheckConstraint("ck_follow_ups_answered_via", "answered_via IS NULL OR answered_via IN ('Patient', 'Phone')");
                    table.CheckConstraint("ck_follow_ups_cancel_reason", "(status = 'Cancelled') = (cancel_reason IS NOT NULL)");
                    table.CheckConstraint("ck_follow_ups_pain", "pain IS NULL OR pain BETWEEN 0 AND 10");
                    table.CheckConstraint("ck_follow_ups_pgic", "pgic IS NULL OR pgic BETWEEN 1 AND 7");
                    table.CheckConstraint("ck_follow_ups_relief", "relief_percent IS NULL OR relief_percent BETWEEN 0 AND 100");
                    table.CheckConstraint("ck_follow_ups_status", "status IN ('Scheduled', 'Answered', 'Missed', 'Cancelled')");
                    table.CheckConstraint("ck_follow_ups_window", "opens_at < closes_at AND opens_at <= due_at AND due_at <= closes_at");
                    table.ForeignKey(
                        name: "fk_follow_ups_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_follow_ups_follow_up_protocol_points_protocol_point_id",
                        column: x => x.protocol_point_id,
                        principalTable: "follow_up_protocol_points",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_follow_ups_patients_patient_id",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_follow_ups_procedures_procedure_id",
                        column: x => x.procedure_id,
                        principalTable: "procedures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "reminder_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    follow_up_id = table.Column<long>(type: "bigint", nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    channel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    send_after = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    tries = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    skip_reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    claimed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    claimed_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    token_hash = table.Column<byte[]>(type: "bytea", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    requested_by_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reminder_messages", x => x.id);
                    table.CheckConstraint("ck_reminder_messages_attempt", "attempt >= 1");
                    table.CheckConstraint("ck_reminder_messages_channel", "channel IS NULL OR channel IN ('None', 'Email', 'Sms')");
                    table.CheckConstraint("ck_reminder_messages_sent", "(status = 'Sent') = (sent_at IS NOT NULL)");
                    table.CheckConstraint("ck_reminder_messages_status", "status IN ('Pending', 'Sent', 'Failed', 'Skipped')");
                    table.CheckConstraint("ck_reminder_messages_tries", "tries >= 0");
                    table.ForeignKey(
                        name: "fk_reminder_messages_follow_ups_follow_up_id",
                        column: x => x.follow_up_id,
                        principalTable: "follow_ups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "follow_up_protocol_points",
                columns: new[] { "id", "active", "days_after", "kind", "label", "window_days_after", "window_days_before" },
                values: new object[,]
                {
                    { 1, true, 7, "DiagnosticBlock", "1 week", 7, 7 },
                    { 2, true, 14, "SteroidInjection", "2 weeks", 7, 7 },
                    { 3, true, 42, "SteroidInjection", "6 weeks", 7, 7 },
                    { 4, true, 91, "SteroidInjection", "3 months", 14, 14 },
                    { 5, true, 30, "RfDenervation", "1 month", 7, 7 },
                    { 6, true, 91, "RfDenervation", "3 months", 14, 14 },
                    { 7, true, 182, "RfDenervation", "6 months", 14, 14 },
                    { 8, true, 365, "RfDenervation", "12 months", 14, 14 }
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_patients_died_on",
                table: "patients",
                sql: "died_on IS NULL OR (died_on >= date_of_birth AND died_on <= CURRENT_DATE)");

            // The seeded rows took ids 1 to 8 explicitly; new points are numbered after them.
            migrationBuilder.Sql("ALTER TABLE follow_up_protocol_points ALTER COLUMN id RESTART WITH 100;");

            migrationBuilder.CreateIndex(
                name: "ix_follow_up_protocol_points_kind_label",
                table: "follow_up_protocol_points",
                columns: new[] { "kind", "label" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_follow_ups_clinic_id_status_due_at",
                table: "follow_ups",
                columns: new[] { "clinic_id", "status", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_follow_ups_patient_id",
                table: "follow_ups",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_follow_ups_procedure_id_label",
                table: "follow_ups",
                columns: new[] { "procedure_id", "label" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_follow_ups_protocol_point_id",
                table: "follow_ups",
                column: "protocol_point_id");

            migrationBuilder.CreateIndex(
                name: "ix_follow_ups_scheduled_closes_at",
                table: "follow_ups",
                column: "closes_at",
                filter: "status = 'Scheduled'");

            migrationBuilder.CreateIndex(
                name: "ix_follow_ups_scheduled_opens_at",
                table: "follow_ups",
                column: "opens_at",
                filter: "status = 'Scheduled'");

            migrationBuilder.CreateIndex(
                name: "ix_reminder_messages_follow_up_id_attempt",
                table: "reminder_messages",
                columns: new[] { "follow_up_id", "attempt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_reminder_messages_pending_send_after",
                table: "reminder_messages",
                column: "send_after",
                filter: "status = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "ix_reminder_messages_token_hash",
                table: "reminder_messages",
                column: "token_hash",
                unique: true,
                filter: "token_hash IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reminder_messages");

            migrationBuilder.DropTable(
                name: "follow_ups");

            migrationBuilder.DropTable(
                name: "follow_up_protocol_points");

            migrationBuilder.DropCheckConstraint(
                name: "ck_patients_died_on",
                table: "patients");

            migrationBuilder.DropColumn(
                name: "died_on",
                table: "patients");
        }
    }
}
