-- A blinded protocol's drawn kits, the kits given to blocks and the emergency unblindings are never changed or
-- removed (clinical-reference §9: allocations are never edited or deleted), whatever connection or role asks
-- (the blinded_kits_*, kit_allocations_* and block_unblindings_* triggers). Pinned by BlindedProtocolTests.
CREATE OR REPLACE FUNCTION blinding_rows_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
