-- block_cases: procedure_facts inserted; only the facts of diagnostic blocks (their diaries) reach block_cases, a
-- therapy's answered follow-up does not.
-- Rule and test: docs/database-rules.md.
CREATE OR REPLACE FUNCTION block_cases_facts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids integer[] := ARRAY(SELECT DISTINCT p.patient_id FROM new_rows f JOIN procedures p ON p.id = f.procedure_id WHERE p.kind = 'DiagnosticBlock');
BEGIN IF cardinality(ids) > 0 THEN PERFORM refresh_block_cases(ids); END IF; RETURN NULL; END
$$;
CREATE OR REPLACE TRIGGER block_cases_facts_inserted AFTER INSERT ON procedure_facts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION block_cases_facts_inserted();
