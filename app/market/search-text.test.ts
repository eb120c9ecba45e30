import { describe, expect, it } from "vitest";
import { foldSearchText, searchWords, toPrefixTsQuery } from "./search-text";

describe("foldSearchText", () => {
  it("removes Vietnamese diacritics and case", () => {
    expect(foldSearchText("Trà Tân Cương")).toBe("tra tan cuong");
    expect(foldSearchText("ĐỊNH HÓA")).toBe("dinh hoa");
    expect(foldSearchText("Mật ong rừng Ba Bể")).toBe("mat ong rung ba be");
  });

  it("folds decomposed (NFD) input like composed input", () => {
    const nfd = "Hồng không hạt Bắc Kạn".normalize("NFD");
    expect(nfd).not.toBe("Hồng không hạt Bắc Kạn");
    expect(foldSearchText(nfd)).toBe("hong khong hat bac kan");
  });

  it("leaves other characters as they are", () => {
    expect(foldSearchText("200 g – 5★")).toBe("200 g – 5★");
    expect(foldSearchText("")).toBe("");
  });
});

describe("toPrefixTsQuery", () => {
  it("requires every word and matches the last one as a prefix", () => {
    expect(toPrefixTsQuery("Trà Tân Cươ")).toBe("tra & tan & cuo:*");
    expect(searchWords("  mien dong-rieng ")).toEqual(["mien", "dong", "rieng"]);
  });

  it("cannot be turned into tsquery operators", () => {
    expect(toPrefixTsQuery("tra & !(cuong | x):* <-> 'y'")).toBe("tra & cuong & x & y:*");
    expect(toPrefixTsQuery(" &|!():*' ")).toBeNull();
    expect(toPrefixTsQuery("")).toBeNull();
  });

  it("keeps at most 8 words of at most 40 characters", () => {
    const q = toPrefixTsQuery(`${"a".repeat(60)} b c d e f g h i j`)!;
    expect(q.split(" & ")).toHaveLength(8);
    expect(q.startsWith(`${"a".repeat(40)} &`)).toBe(true);
  });
});
