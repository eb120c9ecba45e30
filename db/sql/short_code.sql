-- The app's short codes (/t/{code}): the default of batches.short_code.
-- Short codes of the app's own (/t/{code}): 13 Crockford base32 characters from 65 random bits of a v4 UUID
-- (the same alphabet as app/trace/gs1/serials.server.ts). Existing batches get one when the column is added.
CREATE OR REPLACE FUNCTION ocop_short_code() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT string_agg(substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substring(b FROM i * 5 + 1 FOR 5)::int + 1, 1), '' ORDER BY i)
  FROM (SELECT ('x' || substr(h, 1, 12) || substr(h, 14, 3) || substr(h, 18, 3))::bit(72) AS b
        FROM (SELECT replace(gen_random_uuid()::text, '-', '') AS h) AS u) AS r,
       generate_series(0, 12) AS i
$$;
