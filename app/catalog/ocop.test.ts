import { describe, expect, it } from "vitest";
import { certificateState, defaultCertificateExpiry, ocopStanding, starsShownOn, starsForScore } from "./ocop";

describe("OCOP certificate validity", () => {
  it("defaults to 36 months after issue", () => {
    expect(defaultCertificateExpiry("2024-03-15")).toBe("2027-03-15");
  });
  it("rolls the 29th of February back to the last day of the month", () => {
    expect(defaultCertificateExpiry("2024-02-29")).toBe("2027-02-28");
  });
  it("rejects impossible dates", () => {
    expect(() => defaultCertificateExpiry("2024-02-30")).toThrow(RangeError);
    expect(() => defaultCertificateExpiry("15/03/2024")).toThrow(RangeError);
  });
  it("is valid, then expiring in the last 90 days, then expired after the expiry date", () => {
    expect(certificateState("2027-03-15", "2026-11-25").state).toBe("valid");
    expect(certificateState("2027-02-23", "2026-11-25")).toEqual({ state: "expiring", daysLeft: 90 });
    expect(certificateState("2026-11-25", "2026-11-25")).toEqual({ state: "expiring", daysLeft: 0 });
    expect(certificateState("2026-11-24", "2026-11-25")).toEqual({ state: "expired", daysLeft: -1 });
  });
});

describe("stars from score", () => {
  it("follows the bands of Decision 148", () => {
    expect(starsForScore(49)).toBeNull();
    expect(starsForScore(50)).toBe(3);
    expect(starsForScore(69)).toBe(3);
    expect(starsForScore(70)).toBe(4);
    expect(starsForScore(89)).toBe(4);
    expect(starsForScore(90)).toBe(5);
    expect(starsForScore(100)).toBe(5);
  });
  it("rejects scores outside 0–100 or not whole", () => {
    expect(() => starsForScore(101)).toThrow(RangeError);
    expect(() => starsForScore(-1)).toThrow(RangeError);
    expect(() => starsForScore(72.5)).toThrow(RangeError);
  });
});

describe("stars only while a certificate is valid", () => {
  const tea = { ocopStars: 3, ocopIssuedOn: "2023-06-16", ocopExpiresOn: "2026-06-15" };
  it("claims the stars through the expiry day and not the day after", () => {
    expect(starsShownOn(tea, "2026-06-15")).toBe(3);
    expect(ocopStanding(tea, "2026-06-15")).toEqual({ kind: "certified", stars: 3, state: "expiring", daysLeft: 0 });
    expect(starsShownOn(tea, "2026-06-16")).toBeNull();
    expect(ocopStanding(tea, "2026-12-03")).toEqual({ kind: "expired", recordedStars: 3, expiredOn: "2026-06-15" });
  });
  it("claims nothing before the issue day", () => {
    expect(ocopStanding(tea, "2023-06-15")).toEqual({ kind: "not-yet-valid", recordedStars: 3, validFrom: "2023-06-16" });
    expect(starsShownOn(tea, "2023-06-16")).toBe(3);
  });
  it("claims nothing from an incomplete or impossible record", () => {
    expect(ocopStanding({ ocopStars: null, ocopIssuedOn: null, ocopExpiresOn: null }, "2026-01-01")).toEqual({ kind: "none" });
    expect(ocopStanding({ ...tea, ocopExpiresOn: null }, "2026-01-01")).toEqual({ kind: "none" });
    expect(ocopStanding({ ...tea, ocopStars: 6 }, "2026-01-01")).toEqual({ kind: "none" });
    expect(ocopStanding({ ...tea, ocopStars: 2 }, "2026-01-01")).toEqual({ kind: "none" });
  });
  it("refuses a day that is not a date", () => {
    expect(() => starsShownOn(tea, "2026-13-01")).toThrow(RangeError);
  });
});
