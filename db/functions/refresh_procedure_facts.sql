-- procedure_facts: what the outcome report needs of one procedure's diary and answered follow-ups, recomputed
-- for the procedures whose ids are given (the triggers in db/triggers/procedure_facts_*.sql call it), so that every
-- writer (the app, the CSV import's COPY, the demo seed, plain SQL) keeps it right and a report reads one row per
-- procedure instead of aggregating millions of scores. Derived only from the scores, never from the procedure row,
-- so a corrected pre-procedure pain needs no refresh: the report combines the two.
-- - diary_min_pain, diary_early (a score within :diary_early_minutes minutes, BlockRules.EarlyWindow): peak relief
--   = (pre - min) / pre, as BlockRules.Analyse.
-- - diary_last_minutes[k + 1]: the latest diary time with pain <= k (0 if none), k = 0..10; relief of at least t %
--   lasts to diary_last_minutes[pre * (100 - t) / 100 + 1] (integer division), for any threshold t.
-- - answered_first_days_pain_above[k + 1]: the first answered follow-up (days after) with pain > k, k = 0..10;
--   relief below 50 % is pain > pre / 2, so the loss of relief is at answered_first_days_pain_above[pre / 2 + 1];
--   answered_first_days_relief_below_50 the same for a pre-procedure pain of 0 (the patient's reported relief);
--   answered_last_days the last answered follow-up.
-- - near_pain, near_relief: the answered follow-up nearest :reading_days days, between :reading_min_days and
--   :reading_max_days (Domain: ThreeMonthReading), the earlier of two equally near.
-- A name after a colon is one of the Domain's constants, put in when a migration applies this file
-- (src/ProcedureRegistry.Web/Data/DatabaseRules.cs).
-- Pinned by QualityFigureExtractionTests (Procedure_facts_*) and DatabaseRulesTests.
CREATE OR REPLACE FUNCTION refresh_procedure_facts(ids integer[]) RETURNS void
LANGUAGE plpgsql SET enable_nestloop = on AS $$
BEGIN
-- A few procedures (a logged block, an answered follow-up): index lookups by nested loops, with the plan PL/pgSQL
-- caches. Thousands (a CSV import, a bulk load): the planner still guesses 10 rows for unnest(), and nested loops
-- over the per-procedure aggregates would be quadratic, so hash joins; the SET clause above restores the setting
-- when the function returns, and EXECUTE plans anew under it. The statement is the same in both branches.
IF cardinality(ids) > 1000 THEN
    SET LOCAL enable_nestloop = off;
    EXECUTE $sql$
    WITH changed AS (SELECT DISTINCT id FROM unnest($1) AS u(id)),
    diary AS (
        SELECT s.procedure_id, min(s.pain) AS min_pain, bool_or(s.minutes_after <= :diary_early_minutes) AS early,
               ARRAY[
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 0), 0),
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 1), 0),
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 2), 0),
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 3), 0),
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 4), 0),
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 5), 0),
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 6), 0),
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 7), 0),
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 8), 0),
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 9), 0),
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 10), 0)] AS last_minutes
        FROM block_diary_scores s JOIN changed c ON c.id = s.procedure_id
        GROUP BY s.procedure_id
    ),
    answered AS (
        SELECT f.procedure_id, max(f.days_after) AS last_days,
               ARRAY[
                   min(f.days_after) FILTER (WHERE f.pain > 0),
                   min(f.days_after) FILTER (WHERE f.pain > 1),
                   min(f.days_after) FILTER (WHERE f.pain > 2),
                   min(f.days_after) FILTER (WHERE f.pain > 3),
                   min(f.days_after) FILTER (WHERE f.pain > 4),
                   min(f.days_after) FILTER (WHERE f.pain > 5),
                   min(f.days_after) FILTER (WHERE f.pain > 6),
                   min(f.days_after) FILTER (WHERE f.pain > 7),
                   min(f.days_after) FILTER (WHERE f.pain > 8),
                   min(f.days_after) FILTER (WHERE f.pain > 9),
                   min(f.days_after) FILTER (WHERE f.pain > 10)] AS first_above,
               min(f.days_after) FILTER (WHERE f.relief_percent < 50) AS first_relief_below_50
        FROM follow_ups f JOIN changed c ON c.id = f.procedure_id
        WHERE f.status = 'Answered'
        GROUP BY f.procedure_id
    ),
    nearest AS (
        SELECT DISTINCT ON (f.procedure_id) f.procedure_id, f.pain, f.relief_percent
        FROM follow_ups f JOIN changed c ON c.id = f.procedure_id
        WHERE f.status = 'Answered' AND f.days_after BETWEEN :reading_min_days AND :reading_max_days
        ORDER BY f.procedure_id, abs(f.days_after - :reading_days), f.days_after
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
    $sql$ USING ids;
ELSE
    -- One refresh of a procedure at a time: a transaction that answers another follow-up of the same procedure
    -- waits here until the first commits, and the statement below, with a snapshot of its own (READ COMMITTED),
    -- then sees that answer too. NO KEY: the foreign-key checks of diary and follow-up inserts are not blocked.
    PERFORM 1 FROM procedures WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
    WITH changed AS (SELECT DISTINCT id FROM unnest(ids) AS u(id)),
    diary AS (
        SELECT s.procedure_id, min(s.pain) AS min_pain, bool_or(s.minutes_after <= :diary_early_minutes) AS early,
               ARRAY[
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 0), 0),
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 1), 0),
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 2), 0),
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 3), 0),
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 4), 0),
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 5), 0),
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 6), 0),
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 7), 0),
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 8), 0),
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 9), 0),
                   coalesce(max(s.minutes_after) FILTER (WHERE s.pain <= 10), 0)] AS last_minutes
        FROM block_diary_scores s JOIN changed c ON c.id = s.procedure_id
        GROUP BY s.procedure_id
    ),
    answered AS (
        SELECT f.procedure_id, max(f.days_after) AS last_days,
               ARRAY[
                   min(f.days_after) FILTER (WHERE f.pain > 0),
                   min(f.days_after) FILTER (WHERE f.pain > 1),
                   min(f.days_after) FILTER (WHERE f.pain > 2),
                   min(f.days_after) FILTER (WHERE f.pain > 3),
                   min(f.days_after) FILTER (WHERE f.pain > 4),
                   min(f.days_after) FILTER (WHERE f.pain > 5),
                   min(f.days_after) FILTER (WHERE f.pain > 6),
                   min(f.days_after) FILTER (WHERE f.pain > 7),
                   min(f.days_after) FILTER (WHERE f.pain > 8),
                   min(f.days_after) FILTER (WHERE f.pain > 9),
                   min(f.days_after) FILTER (WHERE f.pain > 10)] AS first_above,
               min(f.days_after) FILTER (WHERE f.relief_percent < 50) AS first_relief_below_50
        FROM follow_ups f JOIN changed c ON c.id = f.procedure_id
        WHERE f.status = 'Answered'
        GROUP BY f.procedure_id
    ),
    nearest AS (
        SELECT DISTINCT ON (f.procedure_id) f.procedure_id, f.pain, f.relief_percent
        FROM follow_ups f JOIN changed c ON c.id = f.procedure_id
        WHERE f.status = 'Answered' AND f.days_after BETWEEN :reading_min_days AND :reading_max_days
        ORDER BY f.procedure_id, abs(f.days_after - :reading_days), f.days_after
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
        near_pain = excluded.near_pain, near_relief = excluded.near_relief;
END IF;
END $$;
