import { describe, expect, it } from "vitest";
import { dueExpiryReminder } from "./ocop-reminders";

describe("dueExpiryReminder", () => {
  const expiresOn = "2027-03-31";
  it.each([
    ["2026-12-31", 90, 90],
    ["2027-01-01", 90, 89],
    ["2027-03-01", 30, 30],
    ["2027-03-06", 30, 25],
    ["2027-03-24", 7, 7],
    ["2027-03-30", 7, 1],
    ["2027-03-31", 7, 0],
  ])("on %s the %i-day reminder is due (%i days left)", (today, thresholdDays, daysLeft) => {
    expect(dueExpiryReminder(expiresOn, today)).toEqual({ thresholdDays, daysLeft });
  });

  it("has nothing due more than 90 days ahead or once the certificate has expired", () => {
    expect(dueExpiryReminder(expiresOn, "2026-12-30")).toBeNull();
    expect(dueExpiryReminder(expiresOn, "2025-01-01")).toBeNull();
    expect(dueExpiryReminder(expiresOn, "2027-04-01")).toBeNull();
  });

  it("refuses dates that are not calendar dates", () => {
    expect(() => dueExpiryReminder("2027-02-30", "2027-01-01")).toThrow(RangeError);
    expect(() => dueExpiryReminder(expiresOn, "31/03/2027")).toThrow(RangeError);
    expect(() => dueExpiryReminder("", "2027-01-01")).toThrow(RangeError);
  });
});
