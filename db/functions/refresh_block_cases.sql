-- block_cases: the outcome report's criterion-4 case pairing for the patients whose ids are given, recomputed by
-- the triggers in db/triggers/block_cases_*.sql so a report reads one row per candidate case instead of pairing
-- 300,000 procedures again. One row per target (segment, side) of every not voided single or first-of-pair
-- diagnostic block, with:
-- - the block's clinic, patient, time and operator (the report's filters pick among these rows, then take the
--   first per patient x segment x side);
-- - its peak relief (as BlockRules.Analyse: indeterminate without a score in the early window), agent,
--   pre-procedure pain and diary_last_minutes (procedure_facts), from which the report computes how long relief at
--   its threshold lasted;
-- - the same of its confirmatory partner (the earliest not voided confirmatory block naming it, at the same segment
--   and side), and the peak relief of its placebo (saline) partner;
-- - the first not voided therapy at the same segment and side after it: of either kind (therapy_id, therapy_kind),
--   and of each kind (rf_id, steroid_id), for a report restricted to one therapy.
-- Everything here is derived from procedures, procedure_targets and procedure_facts, each of whose writes refreshes
-- the rows of the patients it touches (procedure_facts only for diagnostic blocks, whose diary it holds). A
-- patient's procedures are one clinic's (the app logs them in the patient's clinic and pairs blocks only within a
-- patient). Pinned by BlockCasesTests.
CREATE OR REPLACE FUNCTION refresh_block_cases(ids integer[]) RETURNS void
LANGUAGE plpgsql SET enable_nestloop = on AS $$
BEGIN
-- As refresh_procedure_facts: a few patients (a logged or corrected procedure) by index lookups with the plan
-- PL/pgSQL caches; thousands (an import, a bulk load) by hash joins, planned anew. The statement is the same in
-- both branches.
IF cardinality(ids) > 1000 THEN
    SET LOCAL enable_nestloop = off;
    DELETE FROM block_cases WHERE patient_id = ANY(ids);
    EXECUTE $sql$
    WITH patients AS (SELECT DISTINCT id FROM unnest($1) AS u(id)),
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
    $sql$ USING ids;
ELSE
    -- One refresh of a patient at a time: a transaction that logs another procedure of the same patient waits here
    -- until the first commits, and the statements below, each with a snapshot of its own (READ COMMITTED), then see
    -- that procedure too. NO KEY: foreign-key checks of rows that reference the patient are not blocked.
    PERFORM 1 FROM patients WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
    DELETE FROM block_cases WHERE patient_id = ANY(ids);
    WITH patients AS (SELECT DISTINCT id FROM unnest(ids) AS u(id)),
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
    LEFT JOIN by_kind th ON th.first_id = f.id AND th.segment = f.segment AND th.side = f.side;
END IF;
END $$;
