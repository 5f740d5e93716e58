-- block_cases: procedures deleted (logged, imported, corrected, voided) refresh their patients' cases.
-- Rule and test: docs/database-rules.md.
CREATE OR REPLACE FUNCTION block_cases_procedures_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM refresh_block_cases(ARRAY(SELECT DISTINCT patient_id FROM old_rows)); RETURN NULL; END
$$;
CREATE OR REPLACE TRIGGER block_cases_procedures_deleted AFTER DELETE ON procedures
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION block_cases_procedures_deleted();
