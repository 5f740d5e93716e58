-- block_cases: procedure targets (segment, side) inserted refresh their patients' cases.
-- Rule and test: docs/database-rules.md.
CREATE OR REPLACE FUNCTION block_cases_targets_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM refresh_block_cases(ARRAY(SELECT DISTINCT p.patient_id FROM new_rows t JOIN procedures p ON p.id = t.procedure_id)); RETURN NULL; END
$$;
CREATE OR REPLACE TRIGGER block_cases_targets_inserted AFTER INSERT ON procedure_targets
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION block_cases_targets_inserted();
