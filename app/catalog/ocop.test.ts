import { describe, expect, it } from "vitest";
import { certificateState, defaultCertificateExpiry, starsForScore } from "./ocop";

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
