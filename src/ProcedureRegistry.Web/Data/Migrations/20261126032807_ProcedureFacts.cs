using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProcedureRegistry.Web.Data.Migrations
{
    /// <summary>
    /// procedure_facts: what the outcome report needs of each procedure's diary and answered follow-ups, kept by
    /// statement-level triggers on block_diary_scores and follow_ups, so that every writer (the app, the CSV import's
    /// COPY, the demo seed, plain SQL) keeps it right and a report reads one row per procedure instead of aggregating
    /// millions of scores. Derived only from the scores, never from the procedure row, so a corrected pre-procedure
    /// pain needs no refresh: the report combines the two.
    /// - diary_min_pain, diary_early (a score within 2 hours): peak relief = (pre − min) / pre, as BlockRules.
    /// - diary_last_minutes[k + 1]: the latest diary time with pain ≤ k (0 if none), k = 0…10; relief of at least t %
    ///   lasts to diary_last_minutes[pre × (100 − t) / 100 + 1] (integer division), for any threshold t.
    /// - answered_first_days_pain_above[k + 1]: the first answered follow-up (days after) with pain &gt; k, k = 0…10;
    ///   relief below 50 % is pain &gt; pre / 2, so the loss of relief is at answered_first_days_pain_above[pre / 2 + 1];
    ///   answered_first_days_relief_below_50 the same for a pre-procedure pain of 0 (the patient's reported relief);
    ///   answered_last_days the last answered follow-up.
    /// - near_pain, near_relief: the answered follow-up nearest 91 days, between 60 and 120
    ///   (ReportDataExtractor.FollowUpDays, FollowUpMinDays, FollowUpMaxDays).
    /// </summary>
    public partial class ProcedureFacts : Migration
    {
        private static string Each(string template) =>
            string.Join(", ", Enumerable.Range(0, 11).Select(k => template.Replace("{k}", k.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
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
                """);
            // The refresh statement, once with the ids as a parameter ($1), once as the PL/pgSQL variable.
            var refresh = $"""
                WITH changed AS (SELECT DISTINCT id FROM unnest(@ids) AS u(id)),
                diary AS (
                    SELECT s.procedure_id, min(s.pain) AS min_pain, bool_or(s.minutes_after <= 120) AS early,
                           ARRAY[{Each("coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= {k}), 0)")}] AS last_minutes
                    FROM block_diary_scores s JOIN changed c ON c.id = s.procedure_id
                    GROUP BY s.procedure_id
                ),
                answered AS (
                    SELECT f.procedure_id, max(f.days_after) AS last_days,
                           ARRAY[{Each("min(f.days_after) FILTER (WHERE f.pain > {k})")}] AS first_above,
                           min(f.days_after) FILTER (WHERE f.relief_percent < 50) AS first_relief_below_50
                    FROM follow_ups f JOIN changed c ON c.id = f.procedure_id
                    WHERE f.status = 'Answered'
                    GROUP BY f.procedure_id
                ),
                nearest AS (
                    SELECT DISTINCT ON (f.procedure_id) f.procedure_id, f.pain, f.relief_percent
                    FROM follow_ups f JOIN changed c ON c.id = f.procedure_id
                    WHERE f.status = 'Answered' AND f.days_after BETWEEN 60 AND 120
                    ORDER BY f.procedure_id, abs(f.days_after - 91), f.days_after
                )
                INSERT INTO procedure_facts AS pf (procedure_id, diary_min_pain, diary_early, diary_last_minutes, answered_last_days,
                    answered_first_days_pain_above, answered_first_days_relief_below_50, near_pain, near_relief)
                SELECT p.id, d.min_pain, d.early, d.last_minutes, a.last_days, a.first_above, a.first_relief_below_50, n.pain, n.relief_percent
                FROM procedures p
                JOIN changed c ON c.id = p.id
                LEFT JOIN diary d ON d.procedure_id = p.id
                LEFT JOIN answered a ON a.procedure_id = p.id
                LEFT JOIN nearest n ON n.procedure_id = p.id
                ON CONFLICT (procedure_id) DO UPDATE SET
                    diary_min_pain = excluded.diary_min_pain, diary_early = excluded.diary_early, diary_last_minutes = excluded.diary_last_minutes,
                    answered_last_days = excluded.answered_last_days, answered_first_days_pain_above = excluded.answered_first_days_pain_above,
                    answered_first_days_relief_below_50 = excluded.answered_first_days_relief_below_50,
                    near_pain = excluded.near_pain, near_relief = excluded.near_relief
                """;
            migrationBuilder.Sql($$"""
                CREATE FUNCTION refresh_procedure_facts(ids integer[]) RETURNS void
                LANGUAGE plpgsql SET enable_nestloop = on AS $$
                BEGIN
                -- A few procedures (a logged block, an answered follow-up): index lookups by nested loops, with the
                -- plan PL/pgSQL caches. Thousands (a CSV import, a bulk load): the planner still guesses 10 rows for
                -- unnest(), and nested loops over the per-procedure aggregates would be quadratic, so hash joins; the
                -- SET clause above restores the setting when the function returns, and EXECUTE plans anew under it.
                IF cardinality(ids) > 1000 THEN
                    SET LOCAL enable_nestloop = off;
                    EXECUTE $sql$
                {{refresh.Replace("@ids", "$1")}}
                    $sql$ USING ids;
                ELSE
                    -- One refresh of a procedure at a time: a transaction that answers another follow-up of the same
                    -- procedure waits here until the first commits, and the statement below, with a snapshot of its
                    -- own (READ COMMITTED), then sees that answer too. NO KEY: the foreign-key checks of diary and
                    -- follow-up inserts are not blocked.
                    PERFORM 1 FROM procedures WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
                {{refresh.Replace("@ids", "ids")}};
                END IF;
                END $$;
                """);
            // Transition tables allow one event per trigger: three triggers per table. Follow-ups count only when
            // answered, before or after the change (a reminder's planning or a missed window changes nothing here).
            migrationBuilder.Sql("""
                CREATE FUNCTION procedure_facts_diary_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM refresh_procedure_facts(ARRAY(SELECT DISTINCT procedure_id FROM new_rows)); RETURN NULL; END $$;
                CREATE FUNCTION procedure_facts_diary_updated() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM refresh_procedure_facts(ARRAY(SELECT procedure_id FROM new_rows UNION SELECT procedure_id FROM old_rows)); RETURN NULL; END $$;
                CREATE FUNCTION procedure_facts_diary_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM refresh_procedure_facts(ARRAY(SELECT DISTINCT procedure_id FROM old_rows)); RETURN NULL; END $$;
                CREATE TRIGGER procedure_facts_diary_inserted AFTER INSERT ON block_diary_scores
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION procedure_facts_diary_inserted();
                CREATE TRIGGER procedure_facts_diary_updated AFTER UPDATE ON block_diary_scores
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION procedure_facts_diary_updated();
                CREATE TRIGGER procedure_facts_diary_deleted AFTER DELETE ON block_diary_scores
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION procedure_facts_diary_deleted();

                CREATE FUNCTION procedure_facts_follow_ups_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE ids integer[] := ARRAY(SELECT DISTINCT procedure_id FROM new_rows WHERE status = 'Answered');
                BEGIN IF cardinality(ids) > 0 THEN PERFORM refresh_procedure_facts(ids); END IF; RETURN NULL; END $$;
                CREATE FUNCTION procedure_facts_follow_ups_updated() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE ids integer[] := ARRAY(SELECT procedure_id FROM new_rows WHERE status = 'Answered'
                                               UNION SELECT procedure_id FROM old_rows WHERE status = 'Answered');
                BEGIN IF cardinality(ids) > 0 THEN PERFORM refresh_procedure_facts(ids); END IF; RETURN NULL; END $$;
                CREATE FUNCTION procedure_facts_follow_ups_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE ids integer[] := ARRAY(SELECT DISTINCT procedure_id FROM old_rows WHERE status = 'Answered');
                BEGIN IF cardinality(ids) > 0 THEN PERFORM refresh_procedure_facts(ids); END IF; RETURN NULL; END $$;
                CREATE TRIGGER procedure_facts_follow_ups_inserted AFTER INSERT ON follow_ups
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION procedure_facts_follow_ups_inserted();
                CREATE TRIGGER procedure_facts_follow_ups_updated AFTER UPDATE ON follow_ups
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION procedure_facts_follow_ups_updated();
                CREATE TRIGGER procedure_facts_follow_ups_deleted AFTER DELETE ON follow_ups
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION procedure_facts_follow_ups_deleted();

                """);
            // A DO block: the idempotent script runs each statement inside PL/pgSQL, where a bare SELECT is refused.
            migrationBuilder.Sql("""
                DO $$ BEGIN
                    PERFORM refresh_procedure_facts(ARRAY(SELECT procedure_id FROM block_diary_scores UNION SELECT procedure_id FROM follow_ups WHERE status = 'Answered'));
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER procedure_facts_diary_inserted ON block_diary_scores;
                DROP TRIGGER procedure_facts_diary_updated ON block_diary_scores;
                DROP TRIGGER procedure_facts_diary_deleted ON block_diary_scores;
                DROP TRIGGER procedure_facts_follow_ups_inserted ON follow_ups;
                DROP TRIGGER procedure_facts_follow_ups_updated ON follow_ups;
                DROP TRIGGER procedure_facts_follow_ups_deleted ON follow_ups;
                DROP FUNCTION procedure_facts_diary_inserted(), procedure_facts_diary_updated(), procedure_facts_diary_deleted(),
                    procedure_facts_follow_ups_inserted(), procedure_facts_follow_ups_updated(), procedure_facts_follow_ups_deleted();
                DROP FUNCTION refresh_procedure_facts(integer[]);
                DROP TABLE procedure_facts;
                """);
        }
    }
}
