import { describe, expect, it } from "vitest";
import { testSheet } from "../../tests/setup/ocop-fixtures";
import { criteriaSheetSchema, sheetProblems } from "./rules";

describe("the OCOP test fixture sheet", () => {
  it("parses and passes the publishing checks (parts 40/25/35)", () => {
    const sheet = criteriaSheetSchema.parse(testSheet);
    expect(sheetProblems(sheet)).toEqual([]);
  });
});
