-- procedure_facts: diary scores deleted (one statement, any number of rows) refresh their procedures' facts.
-- Rule and test: docs/database-rules.md.
CREATE OR REPLACE FUNCTION procedure_facts_diary_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM refresh_procedure_facts(ARRAY(SELECT DISTINCT procedure_id FROM old_rows)); RETURN NULL; END
$$;
CREATE OR REPLACE TRIGGER procedure_facts_diary_deleted AFTER DELETE ON block_diary_scores
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION procedure_facts_diary_deleted();
