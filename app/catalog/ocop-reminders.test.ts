import { describe, expect, it } from "vitest";
import { dueExpiryReminder, monthsBefore } from "./ocop-reminders";

describe("monthsBefore", () => {
  it.each([
    ["2027-03-31", 1, "2027-02-28"],
    ["2028-03-31", 1, "2028-02-29"],
    ["2027-08-31", 6, "2027-02-28"],
    ["2027-05-31", 3, "2027-02-28"],
    ["2027-01-15", 1, "2026-12-15"],
    ["2027-02-28", 6, "2026-08-28"],
    ["2027-12-31", 6, "2027-06-30"],
  ])("%s minus %i months is %s", (day, months, expected) => {
    expect(monthsBefore(day, months)).toBe(expected);
  });

  it("refuses what is not a calendar date", () => {
    expect(() => monthsBefore("2027-02-30", 1)).toThrow(RangeError);
    expect(() => monthsBefore("31/03/2027", 1)).toThrow(RangeError);
  });
});

describe("dueExpiryReminder", () => {
  const expiresOn = "2027-03-31";
  it.each([
    ["2026-09-30", 6, 182],
    ["2026-12-30", 6, 91],
    ["2026-12-31", 3, 90],
    ["2027-02-27", 3, 32],
    ["2027-02-28", 1, 31],
    ["2027-03-31", 1, 0],
  ])("on %s the %i-month reminder is due (%i days left)", (today, thresholdMonths, daysLeft) => {
    expect(dueExpiryReminder(expiresOn, today)).toEqual({ thresholdMonths, daysLeft });
  });

  it("is not due more than six months ahead, nor after expiry", () => {
    expect(dueExpiryReminder(expiresOn, "2026-09-29")).toBeNull();
    expect(dueExpiryReminder(expiresOn, "2025-01-01")).toBeNull();
    expect(dueExpiryReminder(expiresOn, "2027-04-01")).toBeNull();
  });

  it("takes the last day of a shorter month at the end-of-month edges", () => {
    // Valid through 31/08/2027: six months before is 28/02/2027 (no 31/02).
    expect(dueExpiryReminder("2027-08-31", "2027-02-27")).toBeNull();
    expect(dueExpiryReminder("2027-08-31", "2027-02-28")?.thresholdMonths).toBe(6);
    // In a leap year the month before 31/03 ends on 29/02.
    expect(dueExpiryReminder("2028-03-31", "2028-02-28")?.thresholdMonths).toBe(3);
    expect(dueExpiryReminder("2028-03-31", "2028-02-29")?.thresholdMonths).toBe(1);
  });

  it("refuses what is not a date", () => {
    expect(() => dueExpiryReminder("2027-02-30", "2027-01-01")).toThrow(RangeError);
    expect(() => dueExpiryReminder(expiresOn, "31/03/2027")).toThrow(RangeError);
    expect(() => dueExpiryReminder("", "2027-01-01")).toThrow(RangeError);
  });
});
