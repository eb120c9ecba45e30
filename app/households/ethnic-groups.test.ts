import { describe, expect, it } from "vitest";
import { ethnicGroups, findEthnicityCode, isEthnicityCode } from "./ethnic-groups";

describe("the 54 ethnic groups", () => {
  it("lists 54 groups with unique two-digit codes 01–54", () => {
    expect(ethnicGroups).toHaveLength(54);
    expect(new Set(ethnicGroups.map((g) => g.code)).size).toBe(54);
    expect(ethnicGroups.map((g) => g.code)).toEqual(Array.from({ length: 54 }, (_, i) => String(i + 1).padStart(2, "0")));
  });

  it("finds a group however the spreadsheet spells it", () => {
    expect(findEthnicityCode("Tày")).toBe("02");
    expect(findEthnicityCode("tay")).toBe("02");
    expect(findEthnicityCode("  NÙNG ")).toBe("07");
    expect(findEthnicityCode("H'Mông")).toBe("08");
    expect(findEthnicityCode("Dân tộc Dao")).toBe("09");
    expect(findEthnicityCode("Sán Dìu")).toBe("18");
    expect(findEthnicityCode("Khmer")).toBe("05");
    expect(findEthnicityCode("7")).toBe("07");
    expect(findEthnicityCode("54")).toBe("54");
  });

  it("rejects unknown names and codes", () => {
    expect(findEthnicityCode("")).toBeNull();
    expect(findEthnicityCode("Việt kiều")).toBeNull();
    expect(findEthnicityCode("55")).toBeNull();
    expect(findEthnicityCode("00")).toBeNull();
    expect(isEthnicityCode("99")).toBe(false);
    expect(isEthnicityCode("01")).toBe(true);
  });
});
