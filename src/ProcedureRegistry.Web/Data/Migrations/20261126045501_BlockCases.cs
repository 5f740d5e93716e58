using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProcedureRegistry.Web.Data.Migrations
{
    /// <summary>
    /// block_cases: the outcome report's criterion-4 case pairing, kept per patient by statement-level triggers so a
    /// report reads one row per candidate case instead of pairing 300,000 procedures again (the pairing was 1.3–2.5 s
    /// of a 3.5–4 s report at 100,000 patients). One row per target (segment, side) of every not voided single or
    /// first-of-pair diagnostic block, with:
    /// - the block's clinic, patient, time and operator (the report's filters pick among these rows, then takes the
    ///   first per patient × segment × side, as before);
    /// - its peak relief, agent, pre-procedure pain and diary_last_minutes (procedure_facts), from which the report
    ///   computes how long relief at its threshold lasted;
    /// - the same of its confirmatory partner (the earliest not voided confirmatory block naming it, at the same
    ///   segment and side), and the peak relief of its placebo (saline) partner;
    /// - the first not voided therapy at the same segment and side after it: of either kind (therapy_id, therapy_kind),
    ///   and of each kind (rf_id, steroid_id), for a report restricted to one therapy.
    /// Everything here is derived from procedures, procedure_targets and procedure_facts, each of whose writes
    /// refreshes the rows of the patients it touches (procedure_facts only for diagnostic blocks, whose diary it
    /// holds). A patient's procedures are one clinic's (the app logs them in the patient's clinic and pairs blocks only
    /// within a patient).
    /// </summary>
    public partial class BlockCases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
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
                """);
            // The refresh statement, once with the patient ids as a parameter ($1), once as the PL/pgSQL variable.
            const string refresh = """
                WITH patients AS (SELECT DISTINCT id FROM unnest(@ids) AS u(id)),
                blocks AS MATERIALIZED (
                    SELECT p.id, p.clinic_id, p.patient_id, p.performed_at, p.operator_name, p.agent, p.pre_pain, p.sequence, p.partner_procedure_id,
                           t.segment, t.side, pf.diary_last_minutes AS last_minutes,
                           CASE WHEN p.pre_pain > 0 AND pf.diary_early THEN round((p.pre_pain - pf.diary_min_pain) * 100.0 / p.pre_pain, 1) END AS peak
                    FROM procedures p
                    JOIN patients ON patients.id = p.patient_id
                    JOIN procedure_targets t ON t.procedure_id = p.id
                    LEFT JOIN procedure_facts pf ON pf.procedure_id = p.id
                    WHERE p.kind = 'DiagnosticBlock' AND p.voided_at IS NULL
                ),
                firsts AS MATERIALIZED (SELECT * FROM blocks WHERE sequence IN ('Single', 'FirstOfComparativePair')),
                confirms AS (
                    SELECT DISTINCT ON (partner_procedure_id, segment, side) *
                    FROM blocks WHERE sequence = 'Confirmatory' AND partner_procedure_id IS NOT NULL
                    ORDER BY partner_procedure_id, segment, side, performed_at, id
                ),
                placebos AS (
                    SELECT DISTINCT ON (partner_procedure_id, segment, side) *
                    FROM blocks WHERE sequence = 'PlaceboControlled' AND partner_procedure_id IS NOT NULL
                    ORDER BY partner_procedure_id, segment, side, performed_at, id
                ),
                therapies AS (
                    SELECT DISTINCT ON (f.id, f.segment, f.side, p.kind) f.id AS first_id, f.segment, f.side, p.kind, p.id, p.performed_at
                    FROM firsts f
                    JOIN procedures p ON p.patient_id = f.patient_id AND p.performed_at > f.performed_at
                    JOIN procedure_targets t ON t.procedure_id = p.id AND t.segment = f.segment AND t.side = f.side
                    WHERE p.kind IN ('RfDenervation', 'SteroidInjection') AND p.voided_at IS NULL
                    ORDER BY f.id, f.segment, f.side, p.kind, p.performed_at, p.id
                ),
                by_kind AS (
                    SELECT first_id, segment, side,
                           min(id) FILTER (WHERE kind = 'RfDenervation') AS rf_id,
                           min(id) FILTER (WHERE kind = 'SteroidInjection') AS steroid_id,
                           (array_agg(id ORDER BY performed_at, id))[1] AS therapy_id,
                           (array_agg(kind ORDER BY performed_at, id))[1] AS therapy_kind
                    FROM therapies GROUP BY first_id, segment, side
                )
                INSERT INTO block_cases (block_id, segment, side, clinic_id, patient_id, performed_at, operator_name,
                    first_peak, first_agent, first_pre_pain, first_last_minutes,
                    confirm_id, confirm_peak, confirm_agent, confirm_pre_pain, confirm_last_minutes,
                    placebo_id, placebo_peak, therapy_id, therapy_kind, rf_id, steroid_id)
                SELECT f.id, f.segment, f.side, f.clinic_id, f.patient_id, f.performed_at, f.operator_name,
                       f.peak, f.agent, f.pre_pain, f.last_minutes,
                       c.id, c.peak, c.agent, c.pre_pain, c.last_minutes,
                       pl.id, pl.peak, th.therapy_id, th.therapy_kind, th.rf_id, th.steroid_id
                FROM firsts f
                LEFT JOIN confirms c ON c.partner_procedure_id = f.id AND c.segment = f.segment AND c.side = f.side
                LEFT JOIN placebos pl ON pl.partner_procedure_id = f.id AND pl.segment = f.segment AND pl.side = f.side
                LEFT JOIN by_kind th ON th.first_id = f.id AND th.segment = f.segment AND th.side = f.side
                """;
            migrationBuilder.Sql($$"""
                CREATE FUNCTION refresh_block_cases(ids integer[]) RETURNS void
                LANGUAGE plpgsql SET enable_nestloop = on AS $$
                BEGIN
                -- As refresh_procedure_facts: a few patients (a logged or corrected procedure) by index lookups with
                -- the plan PL/pgSQL caches; thousands (an import, a bulk load) by hash joins, planned anew.
                IF cardinality(ids) > 1000 THEN
                    SET LOCAL enable_nestloop = off;
                    DELETE FROM block_cases WHERE patient_id = ANY(ids);
                    EXECUTE $sql$
                {{refresh.Replace("@ids", "$1")}}
                    $sql$ USING ids;
                ELSE
                    -- One refresh of a patient at a time: a transaction that logs another procedure of the same
                    -- patient waits here until the first commits, and the statements below, each with a snapshot of
                    -- its own (READ COMMITTED), then see that procedure too. NO KEY: foreign-key checks of rows that
                    -- reference the patient are not blocked.
                    PERFORM 1 FROM patients WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
                    DELETE FROM block_cases WHERE patient_id = ANY(ids);
                {{refresh.Replace("@ids", "ids")}};
                END IF;
                END $$;
                """);
            // Transition tables allow one event per trigger: three triggers per table.
            migrationBuilder.Sql("""
                CREATE FUNCTION block_cases_procedures_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM refresh_block_cases(ARRAY(SELECT DISTINCT patient_id FROM new_rows)); RETURN NULL; END $$;
                CREATE FUNCTION block_cases_procedures_updated() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM refresh_block_cases(ARRAY(SELECT patient_id FROM new_rows UNION SELECT patient_id FROM old_rows)); RETURN NULL; END $$;
                CREATE FUNCTION block_cases_procedures_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM refresh_block_cases(ARRAY(SELECT DISTINCT patient_id FROM old_rows)); RETURN NULL; END $$;
                CREATE TRIGGER block_cases_procedures_inserted AFTER INSERT ON procedures
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION block_cases_procedures_inserted();
                CREATE TRIGGER block_cases_procedures_updated AFTER UPDATE ON procedures
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION block_cases_procedures_updated();
                CREATE TRIGGER block_cases_procedures_deleted AFTER DELETE ON procedures
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION block_cases_procedures_deleted();

                CREATE FUNCTION block_cases_targets_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM refresh_block_cases(ARRAY(SELECT DISTINCT p.patient_id FROM new_rows t JOIN procedures p ON p.id = t.procedure_id)); RETURN NULL; END $$;
                CREATE FUNCTION block_cases_targets_updated() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM refresh_block_cases(ARRAY(SELECT p.patient_id FROM (SELECT procedure_id FROM new_rows UNION SELECT procedure_id FROM old_rows) t
                                                        JOIN procedures p ON p.id = t.procedure_id)); RETURN NULL; END $$;
                CREATE FUNCTION block_cases_targets_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM refresh_block_cases(ARRAY(SELECT DISTINCT p.patient_id FROM old_rows t JOIN procedures p ON p.id = t.procedure_id)); RETURN NULL; END $$;
                CREATE TRIGGER block_cases_targets_inserted AFTER INSERT ON procedure_targets
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION block_cases_targets_inserted();
                CREATE TRIGGER block_cases_targets_updated AFTER UPDATE ON procedure_targets
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION block_cases_targets_updated();
                CREATE TRIGGER block_cases_targets_deleted AFTER DELETE ON procedure_targets
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION block_cases_targets_deleted();

                -- Only the facts of diagnostic blocks (their diaries) reach block_cases; a therapy's answered follow-up does not.
                CREATE FUNCTION block_cases_facts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE ids integer[] := ARRAY(SELECT DISTINCT p.patient_id FROM new_rows f JOIN procedures p ON p.id = f.procedure_id WHERE p.kind = 'DiagnosticBlock');
                BEGIN IF cardinality(ids) > 0 THEN PERFORM refresh_block_cases(ids); END IF; RETURN NULL; END $$;
                CREATE FUNCTION block_cases_facts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE ids integer[] := ARRAY(SELECT p.patient_id FROM (SELECT procedure_id FROM new_rows UNION SELECT procedure_id FROM old_rows) f
                                               JOIN procedures p ON p.id = f.procedure_id WHERE p.kind = 'DiagnosticBlock');
                BEGIN IF cardinality(ids) > 0 THEN PERFORM refresh_block_cases(ids); END IF; RETURN NULL; END $$;
                CREATE FUNCTION block_cases_facts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE ids integer[] := ARRAY(SELECT DISTINCT p.patient_id FROM old_rows f JOIN procedures p ON p.id = f.procedure_id WHERE p.kind = 'DiagnosticBlock');
                BEGIN IF cardinality(ids) > 0 THEN PERFORM refresh_block_cases(ids); END IF; RETURN NULL; END $$;
                CREATE TRIGGER block_cases_facts_inserted AFTER INSERT ON procedure_facts
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION block_cases_facts_inserted();
                CREATE TRIGGER block_cases_facts_updated AFTER UPDATE ON procedure_facts
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION block_cases_facts_updated();
                CREATE TRIGGER block_cases_facts_deleted AFTER DELETE ON procedure_facts
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION block_cases_facts_deleted();
                """);
            // A DO block: the idempotent script runs each statement inside PL/pgSQL, where a bare SELECT is refused.
            migrationBuilder.Sql("""
                DO $$ BEGIN
                    PERFORM refresh_block_cases(ARRAY(SELECT DISTINCT patient_id FROM procedures WHERE kind = 'DiagnosticBlock'));
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER block_cases_procedures_inserted ON procedures;
                DROP TRIGGER block_cases_procedures_updated ON procedures;
                DROP TRIGGER block_cases_procedures_deleted ON procedures;
                DROP TRIGGER block_cases_targets_inserted ON procedure_targets;
                DROP TRIGGER block_cases_targets_updated ON procedure_targets;
                DROP TRIGGER block_cases_targets_deleted ON procedure_targets;
                DROP TRIGGER block_cases_facts_inserted ON procedure_facts;
                DROP TRIGGER block_cases_facts_updated ON procedure_facts;
                DROP TRIGGER block_cases_facts_deleted ON procedure_facts;
                DROP FUNCTION block_cases_procedures_inserted(), block_cases_procedures_updated(), block_cases_procedures_deleted(),
                    block_cases_targets_inserted(), block_cases_targets_updated(), block_cases_targets_deleted(),
                    block_cases_facts_inserted(), block_cases_facts_updated(), block_cases_facts_deleted();
                DROP FUNCTION refresh_block_cases(integer[]);
                DROP TABLE block_cases;
                """);
        }
    }
}
