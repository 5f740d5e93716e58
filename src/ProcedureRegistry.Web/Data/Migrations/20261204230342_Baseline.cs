using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace ProcedureRegistry.Web.Data.Migrations
{
    /// <summary>
    /// The schema at the first installation (the migrations of issues 1 to 10 squashed into one): the tables of the
    /// EF model, then what the model does not describe, all in SQL: the numbering of protocol points after the seeded
    /// ones, the two tables the report reads (procedure_facts and block_cases, kept by triggers), and every database
    /// function and trigger, each applied from its file under db/functions and db/triggers
    /// (<see cref="DatabaseRules.Apply"/>). A later change to a function or trigger edits its file and adds a
    /// migration that applies it again (the files replace what they define); docs/database-rules.md says what each keeps.
    /// </summary>
    public partial class Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    action = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    entity_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    patient_ids = table.Column<int[]>(type: "integer[]", nullable: true),
                    details = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    remote_ip = table.Column<string>(type: "character varying(45)", maxLength: 45, nullable: true),
                    trace_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                    table.CheckConstraint("ck_audit_entries_outcome", "outcome IN ('Succeeded', 'Invalid', 'NotFound', 'Forbidden', 'Conflict', 'Error')");
                });

            migrationBuilder.CreateTable(
                name: "clinics",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    require_two_factor = table.Column<bool>(type: "boolean", nullable: false, defaultValue: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clinics", x => x.id);
                    table.CheckConstraint("ck_clinics_code_format", "code ~ '^[A-Z0-9-]{2,20}$'");
                    table.CheckConstraint("ck_clinics_name_not_blank", "length(btrim(name)) >= 2");
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendly_name = table.Column<string>(type: "text", nullable: true),
                    xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

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
                    csv = table.Column<string>(type: "text", nullable: true),
                    html = table.Column<string>(type: "text", nullable: true)
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

            migrationBuilder.CreateTable(
                name: "roles",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    concurrency_stamp = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_roles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    display_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deactivated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    email_confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    password_hash = table.Column<string>(type: "text", nullable: true),
                    security_stamp = table.Column<string>(type: "text", nullable: true),
                    concurrency_stamp = table.Column<string>(type: "text", nullable: true),
                    phone_number = table.Column<string>(type: "text", nullable: true),
                    phone_number_confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    two_factor_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    lockout_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    lockout_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    access_failed_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                    table.CheckConstraint("ck_users_display_name_not_blank", "length(btrim(display_name)) >= 1");
                });

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
                    died_on = table.Column<DateOnly>(type: "date", nullable: true),
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
                    table.CheckConstraint("ck_patients_died_on", "died_on IS NULL OR (died_on >= date_of_birth AND died_on <= CURRENT_DATE)");
                    table.CheckConstraint("ck_patients_email_channel_needs_email", "preferred_channel <> 'Email' OR email IS NOT NULL");
                    table.CheckConstraint("ck_patients_email_format", "email IS NULL OR email ~ '^[^[:space:]@]{1,64}@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z][A-Za-z0-9-]{1,62}$'");
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
                name: "role_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    role_id = table.Column<string>(type: "text", nullable: false),
                    claim_type = table.Column<string>(type: "text", nullable: true),
                    claim_value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_role_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_role_claims_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "clinic_memberships",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "text", nullable: false),
                    clinic_id = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clinic_memberships", x => new { x.user_id, x.clinic_id });
                    table.ForeignKey(
                        name: "fk_clinic_memberships_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_clinic_memberships_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    claim_type = table.Column<string>(type: "text", nullable: true),
                    claim_value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_user_claims_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_logins",
                columns: table => new
                {
                    login_provider = table.Column<string>(type: "text", nullable: false),
                    provider_key = table.Column<string>(type: "text", nullable: false),
                    provider_display_name = table.Column<string>(type: "text", nullable: true),
                    user_id = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_logins", x => new { x.login_provider, x.provider_key });
                    table.ForeignKey(
                        name: "fk_user_logins_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_roles",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "text", nullable: false),
                    role_id = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_roles", x => new { x.user_id, x.role_id });
                    table.ForeignKey(
                        name: "fk_user_roles_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_user_roles_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_tokens",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "text", nullable: false),
                    login_provider = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_tokens", x => new { x.user_id, x.login_provider, x.name });
                    table.ForeignKey(
                        name: "fk_user_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

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

            migrationBuilder.CreateTable(
                name: "assessment_revisions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    assessment_id = table.Column<int>(type: "integer", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    previous = table.Column<string>(type: "jsonb", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    changed_by_user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    changed_by_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_assessment_revisions", x => x.id);
                    table.CheckConstraint("ck_assessment_revisions_reason", "length(btrim(reason)) >= 3");
                    table.ForeignKey(
                        name: "fk_assessment_revisions_assessments_assessment_id",
                        column: x => x.assessment_id,
                        principalTable: "assessments",
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
                    minutes_after = table.Column<int>(type: "integer", nullable: false),
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

            migrationBuilder.InsertData(
                table: "roles",
                columns: new[] { "id", "concurrency_stamp", "name", "normalized_name" },
                values: new object[,]
                {
                    { "role-admin", "seed-admin", "Admin", "ADMIN" },
                    { "role-analyst", "seed-analyst", "Analyst", "ANALYST" },
                    { "role-clinician", "seed-clinician", "Clinician", "CLINICIAN" },
                    { "role-coordinator", "seed-coordinator", "Coordinator", "COORDINATOR" }
                });

            migrationBuilder.CreateIndex(
                name: "ix_assessment_revisions_assessment_id_number",
                table: "assessment_revisions",
                columns: new[] { "assessment_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_assessments_clinic_id",
                table: "assessments",
                column: "clinic_id");

            migrationBuilder.CreateIndex(
                name: "ix_assessments_patient_id_assessed_on",
                table: "assessments",
                columns: new[] { "patient_id", "assessed_on" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_occurred_at",
                table: "audit_entries",
                column: "occurred_at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_patient_ids",
                table: "audit_entries",
                column: "patient_ids")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_user_id_occurred_at",
                table: "audit_entries",
                columns: new[] { "user_id", "occurred_at" });

            migrationBuilder.CreateIndex(
                name: "ix_clinic_memberships_clinic_id",
                table: "clinic_memberships",
                column: "clinic_id");

            migrationBuilder.CreateIndex(
                name: "ix_clinics_code",
                table: "clinics",
                column: "code",
                unique: true);

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

            migrationBuilder.CreateIndex(
                name: "ix_reports_requested_at",
                table: "reports",
                column: "requested_at");

            migrationBuilder.CreateIndex(
                name: "ix_role_claims_role_id",
                table: "role_claims",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "ix_roles_normalized_name",
                table: "roles",
                column: "normalized_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_user_claims_user_id",
                table: "user_claims",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_logins_user_id",
                table: "user_logins",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_roles_role_id",
                table: "user_roles",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "ix_users_normalized_email",
                table: "users",
                column: "normalized_email");

            migrationBuilder.CreateIndex(
                name: "ix_users_normalized_user_name",
                table: "users",
                column: "normalized_user_name",
                unique: true);

            // The seeded protocol points took ids 1 to 8 explicitly; new points are numbered after them.
            migrationBuilder.Sql("ALTER TABLE follow_up_protocol_points ALTER COLUMN id RESTART WITH 100;");
            migrationBuilder.Sql(ProcedureFactsTable);
            migrationBuilder.Sql(BlockCasesTable);
            foreach (var file in BaselineRuleFiles)
            {
                migrationBuilder.Sql(DatabaseRules.Apply(file));
            }
        }

        /// <summary>The database rules of the baseline, in the order they are applied: functions before the triggers that call them.</summary>
        public static readonly string[] BaselineRuleFiles =
        [
            "functions/audit_entries_append_only.sql",
            "functions/users_keep_a_clinic_and_a_role.sql",
            "functions/refresh_procedure_facts.sql",
            "functions/refresh_block_cases.sql",
            "triggers/audit_entries_no_update_or_delete.sql",
            "triggers/audit_entries_no_truncate.sql",
            "triggers/clinic_memberships_keep_one.sql",
            "triggers/user_roles_keep_one.sql",
            "triggers/procedure_facts_diary_inserted.sql",
            "triggers/procedure_facts_diary_updated.sql",
            "triggers/procedure_facts_diary_deleted.sql",
            "triggers/procedure_facts_follow_ups_inserted.sql",
            "triggers/procedure_facts_follow_ups_updated.sql",
            "triggers/procedure_facts_follow_ups_deleted.sql",
            "triggers/block_cases_procedures_inserted.sql",
            "triggers/block_cases_procedures_updated.sql",
            "triggers/block_cases_procedures_deleted.sql",
            "triggers/block_cases_targets_inserted.sql",
            "triggers/block_cases_targets_updated.sql",
            "triggers/block_cases_targets_deleted.sql",
            "triggers/block_cases_facts_inserted.sql",
            "triggers/block_cases_facts_updated.sql",
            "triggers/block_cases_facts_deleted.sql",
        ];

        // What the outcome report needs of each procedure's diary and answered follow-ups, one row per procedure
        // (db/functions/refresh_procedure_facts.sql says what each column holds).
        private const string ProcedureFactsTable = """
            CREATE TABLE procedure_facts (
                procedure_id integer PRIMARY KEY REFERENCES procedures (id) ON DELETE CASCADE,
                diary_min_pain integer,
                diary_early boolean,
                diary_last_minutes integer[] CHECK (cardinality(diary_last_minutes) = 11),
                answered_last_days integer,
                answered_first_days_pain_above integer[] CHECK (cardinality(answered_first_days_pain_above) = 11),
                answered_first_days_relief_below_50 integer,
                near_pain integer,
                near_relief integer
            );
            """;

        // The report's criterion-4 cases, one row per target of every single or first-of-pair block
        // (db/functions/refresh_block_cases.sql says what each column holds).
        private const string BlockCasesTable = """
            CREATE TABLE block_cases (
                block_id integer NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
                segment character varying(7) NOT NULL,
                side character varying(10) NOT NULL,
                clinic_id integer NOT NULL,
                patient_id integer NOT NULL,
                performed_at timestamp with time zone NOT NULL,
                operator_name character varying(256) NOT NULL,
                first_peak numeric,
                first_agent character varying(20) NOT NULL,
                first_pre_pain integer NOT NULL,
                first_last_minutes integer[],
                confirm_id integer,
                confirm_peak numeric,
                confirm_agent character varying(20),
                confirm_pre_pain integer,
                confirm_last_minutes integer[],
                placebo_id integer,
                placebo_peak numeric,
                therapy_id integer,
                therapy_kind character varying(20),
                rf_id integer,
                steroid_id integer,
                PRIMARY KEY (block_id, segment, side)
            );
            CREATE INDEX ix_block_cases_patient_id ON block_cases (patient_id);
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The triggers go with their tables; the functions and the two SQL tables are dropped here.
            migrationBuilder.Sql("""
                DROP TABLE block_cases;
                DROP TABLE procedure_facts;
                DROP FUNCTION refresh_block_cases(integer[]), refresh_procedure_facts(integer[]),
                    users_keep_a_clinic_and_a_role(), audit_entries_append_only(),
                    procedure_facts_diary_inserted(), procedure_facts_diary_updated(), procedure_facts_diary_deleted(),
                    procedure_facts_follow_ups_inserted(), procedure_facts_follow_ups_updated(), procedure_facts_follow_ups_deleted(),
                    block_cases_procedures_inserted(), block_cases_procedures_updated(), block_cases_procedures_deleted(),
                    block_cases_targets_inserted(), block_cases_targets_updated(), block_cases_targets_deleted(),
                    block_cases_facts_inserted(), block_cases_facts_updated(), block_cases_facts_deleted() CASCADE;
                """);
            migrationBuilder.DropTable(
                name: "assessment_revisions");

            migrationBuilder.DropTable(
                name: "assessment_suspected_segments");

            migrationBuilder.DropTable(
                name: "assessment_tender_segments");

            migrationBuilder.DropTable(
                name: "assessment_territories");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "block_diary_scores");

            migrationBuilder.DropTable(
                name: "clinic_memberships");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "patient_revisions");

            migrationBuilder.DropTable(
                name: "procedure_revisions");

            migrationBuilder.DropTable(
                name: "procedure_targets");

            migrationBuilder.DropTable(
                name: "reminder_messages");

            migrationBuilder.DropTable(
                name: "reports");

            migrationBuilder.DropTable(
                name: "role_claims");

            migrationBuilder.DropTable(
                name: "user_claims");

            migrationBuilder.DropTable(
                name: "user_logins");

            migrationBuilder.DropTable(
                name: "user_roles");

            migrationBuilder.DropTable(
                name: "user_tokens");

            migrationBuilder.DropTable(
                name: "follow_ups");

            migrationBuilder.DropTable(
                name: "roles");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "follow_up_protocol_points");

            migrationBuilder.DropTable(
                name: "procedures");

            migrationBuilder.DropTable(
                name: "assessments");

            migrationBuilder.DropTable(
                name: "patients");

            migrationBuilder.DropTable(
                name: "clinics");
        }
    }
}
