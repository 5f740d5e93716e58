-- procedure_facts: diary scores inserted (one statement, any number of rows) refresh their procedures' facts.
-- Rule and test: docs/database-rules.md.
CREATE OR REPLACE FUNCTION procedure_facts_diary_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM refresh_procedure_facts(ARRAY(SELECT DISTINCT procedure_id FROM new_rows)); RETURN NULL; END
$$;
CREATE OR REPLACE TRIGGER procedure_facts_diary_inserted AFTER INSERT ON block_diary_scores
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION procedure_facts_diary_inserted();
