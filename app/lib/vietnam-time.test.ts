import { describe, expect, it } from "vitest";
import { fromVietnamLocal, startOfVietnamDay, vietnamDate, vietnamToday } from "./vietnam-time";

describe("Vietnam time", () => {
  it("today turns at midnight in Vietnam, not in UTC", () => {
    expect(vietnamToday(new Date("2026-12-02T16:59:59Z"))).toBe("2026-12-02");
    expect(vietnamToday(new Date("2026-12-02T17:00:00Z"))).toBe("2026-12-03");
    expect(vietnamDate(new Date("2026-01-01T00:00:00Z"))).toBe("2026-01-01");
  });

  it("a Vietnamese day starts at 17:00 UTC the day before", () => {
    expect(startOfVietnamDay("2026-12-03").toISOString()).toBe("2026-12-02T17:00:00.000Z");
  });

  it("reads a wall-clock time and refuses impossible ones", () => {
    expect(fromVietnamLocal("2026-11-20T06:30")?.toISOString()).toBe("2026-11-19T23:30:00.000Z");
    expect(fromVietnamLocal("2026-02-30T06:30")).toBeNull();
    expect(fromVietnamLocal("2026-13-01T00:00")).toBeNull();
    expect(fromVietnamLocal("abc")).toBeNull();
  });
});
