using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ProcedureRegistry.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Assessments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "assessments",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    clinic_id = table.Column<int>(type: "integer", nullable: false),
                    patient_id = table.Column<int>(type: "integer", nullable: false),
                    assessed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    clinician_user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    clinician_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    radiates_below_knee = table.Column<bool>(type: "boolean", nullable: false),
                    spontaneous_pain_at_level = table.Column<bool>(type: "boolean", nullable: false),
                    level_veiled = table.Column<bool>(type: "boolean", nullable: false),
                    imaging = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    imaging_findings = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    imaging_suggested_segment = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: true),
                    baseline_pain = table.Column<int>(type: "integer", nullable: false),
                    oswestry_index = table.Column<int>(type: "integer", nullable: true),
                    notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assessments", x => x.id);
                    table.CheckConstraint("ck_assessments_assessed_on", "assessed_on >= DATE '1900-01-01'");
                    table.CheckConstraint("ck_assessments_baseline_pain", "baseline_pain BETWEEN 0 AND 10");
                    table.CheckConstraint("ck_assessments_imaging", "imaging IN ('None', 'Radiograph', 'Mri', 'Ct', 'Myelography')");
                    table.CheckConstraint("ck_assessments_imaging_suggested_segment", "imaging_suggested_segment IS NULL OR imaging_suggested_segment IN ('C2-C3', 'C3-C4', 'C4-C5', 'C5-C6', 'C6-C7', 'C7-T1', 'T1-T2', 'T2-T3', 'T3-T4', 'T4-T5', 'T5-T6', 'T6-T7', 'T7-T8', 'T8-T9', 'T9-T10', 'T10-T11', 'T11-T12', 'T12-L1', 'L1-L2', 'L2-L3', 'L3-L4', 'L4-L5', 'L5-S1')");
                    table.CheckConstraint("ck_assessments_no_imaging_no_findings", "imaging <> 'None' OR (imaging_findings IS NULL AND imaging_suggested_segment IS NULL)");
                    table.CheckConstraint("ck_assessments_oswestry_index", "oswestry_index IS NULL OR oswestry_index BETWEEN 0 AND 100");
                    table.ForeignKey(
                        name: "fk_assessments_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_assessments_patients_patient_id",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "assessment_suspected_segments",
                columns: table => new
                {
                    segment = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    side = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    assessment_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assessment_suspected_segments", x => new { x.assessment_id, x.segment, x.side });
                    table.CheckConstraint("ck_assessment_suspected_segments_segment", "segment IN ('C2-C3', 'C3-C4', 'C4-C5', 'C5-C6', 'C6-C7', 'C7-T1', 'T1-T2', 'T2-T3', 'T3-T4', 'T4-T5', 'T5-T6', 'T6-T7', 'T7-T8', 'T8-T9', 'T9-T10', 'T10-T11', 'T11-T12', 'T12-L1', 'L1-L2', 'L2-L3', 'L3-L4', 'L4-L5', 'L5-S1')");
                    table.CheckConstraint("ck_assessment_suspected_segments_side", "side IN ('Left', 'Right', 'Bilateral')");
                    table.ForeignKey(
                        name: "fk_assessment_suspected_segments_assessments_assessment_id",
                        column: x => x.assessment_id,
                        principalTable: "assessments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assessment_tender_segments",
                columns: table => new
                {
                    segment = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    side = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    assessment_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assessment_tender_segments", x => new { x.assessment_id, x.segment, x.side });
                    table.CheckConstraint("ck_assessment_tender_segments_segment", "segment IN ('C2-C3', 'C3-C4', 'C4-C5', 'C5-C6', 'C6-C7', 'C7-T1', 'T1-T2', 'T2-T3', 'T3-T4', 'T4-T5', 'T5-T6', 'T6-T7', 'T7-T8', 'T8-T9', 'T9-T10', 'T10-T11', 'T11-T12', 'T12-L1', 'L1-L2', 'L2-L3', 'L3-L4', 'L4-L5', 'L5-S1')");
                    table.CheckConstraint("ck_assessment_tender_segments_side", "side IN ('Left', 'Right', 'Bilateral')");
                    table.ForeignKey(
                        name: "fk_assessment_tender_segments_assessments_assessment_id",
                        column: x => x.assessment_id,
                        principalTable: "assessments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "assessment_territories",
                columns: table => new
                {
                    territory = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    assessment_id = table.Column<int>(type: "integer", nullable: false),
                    side = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    skin_signs = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assessment_territories", x => new { x.assessment_id, x.territory });
                    table.CheckConstraint("ck_assessment_territories_side", "side IN ('Left', 'Right', 'Bilateral')");
                    table.CheckConstraint("ck_assessment_territories_skin_signs", "skin_signs BETWEEN 0 AND 31");
                    table.CheckConstraint("ck_assessment_territories_territory", "territory IN ('Anterior', 'Posterior', 'Lateral')");
                    table.ForeignKey(
                        name: "fk_assessment_territories_assessments_assessment_id",
                        column: x => x.assessment_id,
                        principalTable: "assessments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_assessments_clinic_id",
                table: "assessments",
                column: "clinic_id");

            migrationBuilder.CreateIndex(
                name: "ix_assessments_patient_id_assessed_on",
                table: "assessments",
                columns: new[] { "patient_id", "assessed_on" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "assessment_suspected_segments");

            migrationBuilder.DropTable(
                name: "assessment_tender_segments");

            migrationBuilder.DropTable(
                name: "assessment_territories");

            migrationBuilder.DropTable(
                name: "assessments");
        }
    }
}
