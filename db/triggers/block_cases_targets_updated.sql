-- block_cases: procedure targets (segment, side) updated refresh their patients' cases.
-- Rule and test: docs/database-rules.md.
CREATE OR REPLACE FUNCTION block_cases_targets_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM refresh_block_cases(ARRAY(SELECT p.patient_id FROM (SELECT procedure_id FROM new_rows UNION SELECT procedure_id FROM old_rows) t
                                        JOIN procedures p ON p.id = t.procedure_id)); RETURN NULL; END
$$;
CREATE OR REPLACE TRIGGER block_cases_targets_updated AFTER UPDATE ON procedure_targets
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION block_cases_targets_updated();
