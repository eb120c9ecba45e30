import { describe, expect, it } from "vitest";
import { msUntilVietnamHour } from "./maintenance.server";

describe("the nightly upkeep's clock (Vietnam, UTC+7, no daylight saving)", () => {
  it("waits until the next 03:00 in Vietnam", () => {
    // 01:00 in Vietnam.
    expect(msUntilVietnamHour(new Date("2026-11-26T18:00:00Z"), 3)).toBe(2 * 3_600_000);
    expect(msUntilVietnamHour(new Date("2026-11-26T19:59:59Z"), 3)).toBe(1_000);
    // Just past 03:00: nearly a day.
    expect(msUntilVietnamHour(new Date("2026-11-26T20:00:01Z"), 3)).toBe(86_400_000 - 1_000);
    // Noon in Vietnam, across the UTC date line.
    expect(msUntilVietnamHour(new Date("2026-11-27T05:00:00Z"), 3)).toBe(15 * 3_600_000);
  });

  it("waits a whole day at the hour itself, and takes midnight as hour 0", () => {
    expect(msUntilVietnamHour(new Date("2026-11-26T20:00:00Z"), 3)).toBe(86_400_000);
    // 23:30 in Vietnam: midnight is half an hour away.
    expect(msUntilVietnamHour(new Date("2026-11-26T16:30:00Z"), 0)).toBe(30 * 60_000);
  });

  it("refuses hours that are not 0-23", () => {
    for (const hour of [-1, 24, 2.5, Number.NaN]) expect(() => msUntilVietnamHour(new Date(), hour)).toThrow(RangeError);
  });
});
