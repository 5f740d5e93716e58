using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ProcedureRegistry.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class BlindedControlledBlocks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "block_unblindings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    procedure_id = table.Column<int>(type: "integer", nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    unblinded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    unblinded_by_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_block_unblindings", x => x.id);
                    table.CheckConstraint("ck_block_unblindings_reason", "length(btrim(reason)) >= 1");
                    table.ForeignKey(
                        name: "fk_block_unblindings_procedures_procedure_id",
                        column: x => x.procedure_id,
                        principalTable: "procedures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "controlled_block_protocols",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    clinic_id = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    design = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    placebo_comparator = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    stratification = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    block_sizes = table.Column<int[]>(type: "integer[]", nullable: false),
                    kits_per_stratum = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    started_by_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_controlled_block_protocols", x => x.id);
                    table.CheckConstraint("ck_controlled_block_protocols_block_sizes", "cardinality(block_sizes) >= 1 AND block_sizes <@ ARRAY[2, 4, 6, 8, 10, 12]");
                    table.CheckConstraint("ck_controlled_block_protocols_design", "design IN ('ComparativeOrder', 'PlaceboControlled')");
                    table.CheckConstraint("ck_controlled_block_protocols_kits_per_stratum", "kits_per_stratum BETWEEN 1 AND 2000");
                    table.CheckConstraint("ck_controlled_block_protocols_name", "length(btrim(name)) >= 1");
                    table.CheckConstraint("ck_controlled_block_protocols_placebo_comparator", "placebo_comparator IN ('Lidocaine', 'Bupivacaine')");
                    table.CheckConstraint("ck_controlled_block_protocols_started", "(started_at IS NULL) = (started_by_name IS NULL)");
                    table.CheckConstraint("ck_controlled_block_protocols_stratification", "stratification IN ('None', 'SegmentGroup')");
                    table.ForeignKey(
                        name: "fk_controlled_block_protocols_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "blinded_kits",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    protocol_id = table.Column<int>(type: "integer", nullable: false),
                    stratum = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    permuted_block = table.Column<int>(type: "integer", nullable: false),
                    block_size = table.Column<int>(type: "integer", nullable: false),
                    arm = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    kit_code = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blinded_kits", x => x.id);
                    table.CheckConstraint("ck_blinded_kits_arm", "arm IN ('ShortActingFirst', 'LongActingFirst', 'Anesthetic', 'Saline')");
                    table.CheckConstraint("ck_blinded_kits_kit_code", "kit_code ~ '^[34679ACDEFGHJKMNPQRTUVWXY]{4}-[34679ACDEFGHJKMNPQRTUVWXY]{4}$'");
                    table.CheckConstraint("ck_blinded_kits_position", "position >= 1 AND permuted_block >= 1 AND block_size BETWEEN 2 AND 12");
                    table.CheckConstraint("ck_blinded_kits_stratum", "stratum IN ('All', 'ThoracolumbarJunction', 'LowerLumbar')");
                    table.ForeignKey(
                        name: "fk_blinded_kits_controlled_block_protocols_protocol_id",
                        column: x => x.protocol_id,
                        principalTable: "controlled_block_protocols",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "kit_allocations",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kit_id = table.Column<int>(type: "integer", nullable: false),
                    dose = table.Column<int>(type: "integer", nullable: false),
                    procedure_id = table.Column<int>(type: "integer", nullable: false),
                    allocated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    allocated_by_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_kit_allocations", x => x.id);
                    table.CheckConstraint("ck_kit_allocations_dose", "dose BETWEEN 1 AND 2");
                    table.ForeignKey(
                        name: "fk_kit_allocations_blinded_kits_kit_id",
                        column: x => x.kit_id,
                        principalTable: "blinded_kits",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_kit_allocations_procedures_procedure_id",
                        column: x => x.procedure_id,
                        principalTable: "procedures",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "roles",
                columns: new[] { "id", "concurrency_stamp", "name", "normalized_name" },
                values: new object[] { "role-preparer", "seed-preparer", "Preparer", "PREPARER" });

            migrationBuilder.CreateIndex(
                name: "ix_blinded_kits_kit_code",
                table: "blinded_kits",
                column: "kit_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_blinded_kits_protocol_id_stratum_position",
                table: "blinded_kits",
                columns: new[] { "protocol_id", "stratum", "position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_block_unblindings_procedure_id",
                table: "block_unblindings",
                column: "procedure_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_controlled_block_protocols_clinic_id_name",
                table: "controlled_block_protocols",
                columns: new[] { "clinic_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_kit_allocations_kit_id_dose",
                table: "kit_allocations",
                columns: new[] { "kit_id", "dose" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_kit_allocations_procedure_id",
                table: "kit_allocations",
                column: "procedure_id",
                unique: true);

            foreach (var file in RuleFiles)
            {
                migrationBuilder.Sql(DatabaseRules.Apply(file));
            }
        }

        /// <summary>
        /// The database rules this migration adds, in the order they are applied (functions before the triggers that
        /// call them): the blinded allocation tables are append-only. Their tables do not exist when the baseline's
        /// rules run, so they are applied here, after the tables, on every database this migration reaches.
        /// </summary>
        public static readonly string[] RuleFiles =
        [
            "functions/blinding_rows_append_only.sql",
            "triggers/blinded_kits_no_update_or_delete.sql",
            "triggers/blinded_kits_no_truncate.sql",
            "triggers/kit_allocations_no_update_or_delete.sql",
            "triggers/kit_allocations_no_truncate.sql",
            "triggers/block_unblindings_no_update_or_delete.sql",
            "triggers/block_unblindings_no_truncate.sql",
        ];

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Dropping the tables drops their triggers; the function goes with them.
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS blinding_rows_append_only();");
            migrationBuilder.DropTable(
                name: "block_unblindings");

            migrationBuilder.DropTable(
                name: "kit_allocations");

            migrationBuilder.DropTable(
                name: "blinded_kits");

            migrationBuilder.DropTable(
                name: "controlled_block_protocols");

            migrationBuilder.DeleteData(
                table: "roles",
                keyColumn: "id",
                keyValue: "role-preparer");
        }
    }
}
