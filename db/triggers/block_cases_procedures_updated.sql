-- block_cases: procedures updated (logged, imported, corrected, voided) refresh their patients' cases.
-- Rule and test: docs/database-rules.md.
CREATE OR REPLACE FUNCTION block_cases_procedures_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM refresh_block_cases(ARRAY(SELECT patient_id FROM new_rows UNION SELECT patient_id FROM old_rows)); RETURN NULL; END
$$;
CREATE OR REPLACE TRIGGER block_cases_procedures_updated AFTER UPDATE ON procedures
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION block_cases_procedures_updated();
