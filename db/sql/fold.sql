-- Text folding for search (used by products.search_vector and the catalogue entries).
-- Vietnamese-aware text folding for search: diacritics removed, đ → d, lower case.
-- Written out with translate() so it is IMMUTABLE, needs no extension (unaccent is not on every
-- server nor in PGlite) and behaves the same under any collation. app/market/search-text.ts holds
-- the same rule for query strings; a test checks that the two agree.
CREATE OR REPLACE FUNCTION ocop_fold(input text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT translate(normalize(input, NFC),
    'àÀáÁạẠảẢãÃâÂầẦấẤậẬẩẨẫẪăĂằẰắẮặẶẳẲẵẴèÈéÉẹẸẻẺẽẼêÊềỀếẾệỆểỂễỄìÌíÍịỊỉỈĩĨòÒóÓọỌỏỎõÕôÔồỒốỐộỘổỔỗỖơƠờỜớỚợỢởỞỡỠùÙúÚụỤủỦũŨưƯừỪứỨựỰửỬữỮỳỲýÝỵỴỷỶỹỸđĐABCDEFGHIJKLMNOPQRSTUVWXYZ',
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeeeeeeeiiiiiiiiiioooooooooooooooooooooooooooooooooouuuuuuuuuuuuuuuuuuuuuuyyyyyyyyyyddabcdefghijklmnopqrstuvwxyz')
$$;
