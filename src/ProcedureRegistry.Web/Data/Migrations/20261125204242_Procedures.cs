using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ProcedureRegistry.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Procedures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "procedures",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    clinic_id = table.Column<int>(type: "integer", nullable: false),
                    patient_id = table.Column<int>(type: "integer", nullable: false),
                    assessment_id = table.Column<int>(type: "integer", nullable: true),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    performed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    operator_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    guidance = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    consent_recorded = table.Column<bool>(type: "boolean", nullable: false),
                    complication = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    complication_other = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    pre_pain = table.Column<int>(type: "integer", nullable: false),
                    notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    technique = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    agent = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    concentration_percent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    volume_ml_per_target = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    sequence = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    partner_procedure_id = table.Column<int>(type: "integer", nullable: true),
                    tenderness_abolished = table.Column<bool>(type: "boolean", nullable: true),
                    steroid = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    steroid_dose_mg = table.Column<decimal>(type: "numeric(6,2)", precision: 6, scale: 2, nullable: true),
                    rf_mode = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    temperature_c = table.Column<decimal>(type: "numeric(4,1)", precision: 4, scale: 1, nullable: true),
                    lesion_seconds = table.Column<int>(type: "integer", nullable: true),
                    lesions_per_nerve = table.Column<int>(type: "integer", nullable: true),
                    electrode_gauge = table.Column<int>(type: "integer", nullable: true),
                    active_tip_mm = table.Column<decimal>(type: "numeric(4,1)", precision: 4, scale: 1, nullable: true),
                    sensory_stimulation_tested = table.Column<bool>(type: "boolean", nullable: true),
                    motor_stimulation_tested = table.Column<bool>(type: "boolean", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by_user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    voided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    voided_by_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    void_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_procedures", x => x.id);
                    table.CheckConstraint("ck_procedures_active_tip", "active_tip_mm IS NULL OR active_tip_mm BETWEEN 2 AND 20");
                    table.CheckConstraint("ck_procedures_agent", "agent IS NULL OR agent IN ('Lidocaine', 'Bupivacaine', 'Ropivacaine', 'Saline')");
                    table.CheckConstraint("ck_procedures_block_fields", "kind <> 'DiagnosticBlock' OR (technique IS NOT NULL AND agent IS NOT NULL AND volume_ml_per_target IS NOT NULL AND sequence IS NOT NULL AND steroid IS NULL AND rf_mode IS NULL)");
                    table.CheckConstraint("ck_procedures_complication", "complication IN ('None', 'Vasovagal', 'BleedingHaematoma', 'Infection', 'DuralPuncture', 'NeuritisDysaesthesia', 'IncreasedPain', 'Other')");
                    table.CheckConstraint("ck_procedures_complication_other", "complication <> 'Other' OR length(btrim(complication_other)) > 0");
                    table.CheckConstraint("ck_procedures_concentration", "concentration_percent IS NULL OR (concentration_percent > 0 AND concentration_percent <= 10)");
                    table.CheckConstraint("ck_procedures_electrode_gauge", "electrode_gauge IS NULL OR electrode_gauge BETWEEN 16 AND 22");
                    table.CheckConstraint("ck_procedures_guidance", "guidance IN ('Fluoroscopy', 'Ct', 'Ultrasound')");
                    table.CheckConstraint("ck_procedures_kind", "kind IN ('DiagnosticBlock', 'SteroidInjection', 'RfDenervation')");
                    table.CheckConstraint("ck_procedures_lesion_seconds", "lesion_seconds IS NULL OR lesion_seconds BETWEEN 10 AND 300");
                    table.CheckConstraint("ck_procedures_lesions_per_nerve", "lesions_per_nerve IS NULL OR lesions_per_nerve BETWEEN 1 AND 10");
                    table.CheckConstraint("ck_procedures_performed_at", "performed_at >= TIMESTAMPTZ '1990-01-01 00:00:00+00'");
                    table.CheckConstraint("ck_procedures_pre_pain", "pre_pain BETWEEN 0 AND 10");
                    table.CheckConstraint("ck_procedures_rf_fields", "kind <> 'RfDenervation' OR (rf_mode IS NOT NULL AND temperature_c IS NOT NULL AND lesion_seconds IS NOT NULL AND lesions_per_nerve IS NOT NULL AND steroid IS NULL AND agent IS NULL AND sequence IS NULL)");
                    table.CheckConstraint("ck_procedures_rf_mode", "rf_mode IS NULL OR rf_mode IN ('ConventionalThermal', 'Pulsed', 'Cooled')");
                    table.CheckConstraint("ck_procedures_sequence", "sequence IS NULL OR sequence IN ('Single', 'FirstOfComparativePair', 'Confirmatory', 'PlaceboControlled')");
                    table.CheckConstraint("ck_procedures_steroid", "steroid IS NULL OR steroid IN ('Triamcinolone', 'Methylprednisolone', 'Dexamethasone', 'Betamethasone')");
                    table.CheckConstraint("ck_procedures_steroid_dose", "steroid_dose_mg IS NULL OR (steroid_dose_mg > 0 AND steroid_dose_mg <= 200)");
                    table.CheckConstraint("ck_procedures_steroid_fields", "kind <> 'SteroidInjection' OR (technique IS NOT NULL AND steroid IS NOT NULL AND steroid_dose_mg IS NOT NULL AND rf_mode IS NULL AND sequence IS NULL)");
                    table.CheckConstraint("ck_procedures_technique", "technique IS NULL OR technique IN ('IntraArticular', 'MedialBranch')");
                    table.CheckConstraint("ck_procedures_temperature", "temperature_c IS NULL OR temperature_c BETWEEN 40 AND 95");
                    table.CheckConstraint("ck_procedures_void", "(voided_at IS NULL) = (void_reason IS NULL)");
                    table.CheckConstraint("ck_procedures_volume", "volume_ml_per_target IS NULL OR (volume_ml_per_target > 0 AND volume_ml_per_target <= 5.0)");
                    table.ForeignKey(
                        name: "fk_procedures_assessments_assessment_id",
                        column: x => x.assessment_id,
                        principalTable: "assessments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_procedures_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_procedures_patients_patient_id",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_procedures_procedures_partner_procedure_id",
                        column: x => x.partner_procedure_id,
                        principalTable: "procedures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "block_diary_scores",
                columns: table => new
                {
                    minutes_after = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    procedure_id = table.Column<int>(type: "integer", nullable: false),
                    pain = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_block_diary_scores", x => new { x.procedure_id, x.minutes_after });
                    table.CheckConstraint("ck_block_diary_scores_minutes_after", "minutes_after BETWEEN 1 AND 10080");
                    table.CheckConstraint("ck_block_diary_scores_pain", "pain BETWEEN 0 AND 10");
                    table.ForeignKey(
                        name: "fk_block_diary_scores_procedures_procedure_id",
                        column: x => x.procedure_id,
                        principalTable: "procedures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "procedure_revisions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    procedure_id = table.Column<int>(type: "integer", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    what = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    previous = table.Column<string>(type: "jsonb", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    changed_by_user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    changed_by_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_procedure_revisions", x => x.id);
                    table.CheckConstraint("ck_procedure_revisions_reason", "length(btrim(reason)) >= 3");
                    table.ForeignKey(
                        name: "fk_procedure_revisions_procedures_procedure_id",
                        column: x => x.procedure_id,
                        principalTable: "procedures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "procedure_targets",
                columns: table => new
                {
                    segment = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    side = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    procedure_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_procedure_targets", x => new { x.procedure_id, x.segment, x.side });
                    table.CheckConstraint("ck_procedure_targets_segment", "segment IN ('C2-C3', 'C3-C4', 'C4-C5', 'C5-C6', 'C6-C7', 'C7-T1', 'T1-T2', 'T2-T3', 'T3-T4', 'T4-T5', 'T5-T6', 'T6-T7', 'T7-T8', 'T8-T9', 'T9-T10', 'T10-T11', 'T11-T12', 'T12-L1', 'L1-L2', 'L2-L3', 'L3-L4', 'L4-L5', 'L5-S1')");
                    table.CheckConstraint("ck_procedure_targets_side", "side IN ('Left', 'Right', 'Bilateral')");
                    table.ForeignKey(
                        name: "fk_procedure_targets_procedures_procedure_id",
                        column: x => x.procedure_id,
                        principalTable: "procedures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_procedure_revisions_procedure_id_number",
                table: "procedure_revisions",
                columns: new[] { "procedure_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_procedure_targets_segment",
                table: "procedure_targets",
                column: "segment");

            migrationBuilder.CreateIndex(
                name: "ix_procedures_assessment_id",
                table: "procedures",
                column: "assessment_id");

            migrationBuilder.CreateIndex(
                name: "ix_procedures_clinic_id_kind_performed_at",
                table: "procedures",
                columns: new[] { "clinic_id", "kind", "performed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_procedures_partner_procedure_id",
                table: "procedures",
                column: "partner_procedure_id");

            migrationBuilder.CreateIndex(
                name: "ix_procedures_patient_id_performed_at",
                table: "procedures",
                columns: new[] { "patient_id", "performed_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "block_diary_scores");

            migrationBuilder.DropTable(
                name: "procedure_revisions");

            migrationBuilder.DropTable(
                name: "procedure_targets");

            migrationBuilder.DropTable(
                name: "procedures");
        }
    }
}
