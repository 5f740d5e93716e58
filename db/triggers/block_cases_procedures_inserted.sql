-- block_cases: procedures inserted (logged, imported, corrected, voided) refresh their patients' cases.
-- Rule and test: docs/database-rules.md.
CREATE OR REPLACE FUNCTION block_cases_procedures_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM refresh_block_cases(ARRAY(SELECT DISTINCT patient_id FROM new_rows)); RETURN NULL; END
$$;
CREATE OR REPLACE TRIGGER block_cases_procedures_inserted AFTER INSERT ON procedures
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION block_cases_procedures_inserted();
