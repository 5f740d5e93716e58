-- procedure_facts: follow-ups updated; they count only when answered, before or after the change (a reminder's
-- planning or a missed window changes nothing here).
-- Rule and test: docs/database-rules.md.
CREATE OR REPLACE FUNCTION procedure_facts_follow_ups_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids integer[] := ARRAY(SELECT procedure_id FROM new_rows WHERE status = 'Answered'
                               UNION SELECT procedure_id FROM old_rows WHERE status = 'Answered');
BEGIN IF cardinality(ids) > 0 THEN PERFORM refresh_procedure_facts(ids); END IF; RETURN NULL; END
$$;
CREATE OR REPLACE TRIGGER procedure_facts_follow_ups_updated AFTER UPDATE ON follow_ups
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION procedure_facts_follow_ups_updated();
