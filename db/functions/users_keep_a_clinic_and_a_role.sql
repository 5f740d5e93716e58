-- The validators' "a user keeps at least one clinic and one role", as a second line: a statement that removes a
-- user's last membership or role fails at commit (triggers clinic_memberships_keep_one and user_roles_keep_one,
-- deferred, so an edit may remove and add in any order). Pinned by the user administration tests.
CREATE OR REPLACE FUNCTION users_keep_a_clinic_and_a_role() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM users WHERE id = OLD.user_id) THEN
        RETURN NULL; -- the user itself is gone
    END IF;
    IF TG_TABLE_NAME = 'clinic_memberships'
       AND NOT EXISTS (SELECT 1 FROM clinic_memberships WHERE user_id = OLD.user_id) THEN
        RAISE EXCEPTION 'user % would belong to no clinic: a user keeps at least one', OLD.user_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_users_keep_a_clinic';
    END IF;
    IF TG_TABLE_NAME = 'user_roles'
       AND NOT EXISTS (SELECT 1 FROM user_roles WHERE user_id = OLD.user_id) THEN
        RAISE EXCEPTION 'user % would have no role: a user keeps at least one', OLD.user_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_users_keep_a_role';
    END IF;
    RETURN NULL;
END;
$$;
