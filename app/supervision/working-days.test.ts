import { describe, expect, it } from "vitest";
import { addWorkingDays, caseDueOn, isWorkingDay, workingDaysBetween } from "./working-days";

describe("working days", () => {
  it("skips Saturdays and Sundays", () => {
    // 2026-12-04 is a Friday.
    expect(isWorkingDay("2026-12-04")).toBe(true);
    expect(isWorkingDay("2026-12-05")).toBe(false);
    expect(isWorkingDay("2026-12-06")).toBe(false);
    expect(addWorkingDays("2026-12-04", 1)).toBe("2026-12-07");
    expect(addWorkingDays("2026-12-05", 1)).toBe("2026-12-07");
    expect(addWorkingDays("2026-12-06", 1)).toBe("2026-12-07");
    expect(addWorkingDays("2026-12-07", 0)).toBe("2026-12-07");
  });

  it("gives 7 working days from receipt as the due date", () => {
    // Monday → the Wednesday of the next week; Friday → the Tuesday after next.
    expect(caseDueOn("2026-12-07")).toBe("2026-12-16");
    expect(caseDueOn("2026-12-04")).toBe("2026-12-15");
    // Across a month and a year end.
    expect(caseDueOn("2026-12-28")).toBe("2027-01-06");
  });

  it("counts working days between two dates, either way", () => {
    expect(workingDaysBetween("2026-12-04", "2026-12-07")).toBe(1);
    expect(workingDaysBetween("2026-12-07", "2026-12-16")).toBe(7);
    expect(workingDaysBetween("2026-12-16", "2026-12-07")).toBe(-7);
    expect(workingDaysBetween("2026-12-05", "2026-12-06")).toBe(0);
  });

  it("refuses what is not a date or a whole number of days", () => {
    expect(() => addWorkingDays("04/12/2026", 1)).toThrow(RangeError);
    expect(() => addWorkingDays("2026-12-04", -1)).toThrow(RangeError);
    expect(() => addWorkingDays("2026-12-04", 1.5)).toThrow(RangeError);
  });
});
