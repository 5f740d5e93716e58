-- procedure_facts: diary scores updated (one statement, any number of rows) refresh their procedures' facts.
-- Rule and test: docs/database-rules.md.
CREATE OR REPLACE FUNCTION procedure_facts_diary_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM refresh_procedure_facts(ARRAY(SELECT procedure_id FROM new_rows UNION SELECT procedure_id FROM old_rows)); RETURN NULL; END
$$;
CREATE OR REPLACE TRIGGER procedure_facts_diary_updated AFTER UPDATE ON block_diary_scores
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION procedure_facts_diary_updated();
