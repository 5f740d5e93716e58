-- A user keeps at least one clinic and one role (db/functions/users_keep_a_clinic_and_a_role.sql), checked at commit.
-- A constraint trigger has no CREATE OR REPLACE: dropped and created again, so the file can be applied again.
DROP TRIGGER IF EXISTS clinic_memberships_keep_one ON clinic_memberships;
CREATE CONSTRAINT TRIGGER clinic_memberships_keep_one AFTER DELETE OR UPDATE OF user_id ON clinic_memberships
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION users_keep_a_clinic_and_a_role();
