import { describe, expect, it } from "vitest";
import { certificateNumber, certificateNumberPrefix, certificateStanding, parseCertificateNumber, provinceInitials, recordCertificateSchema } from "./certificate-rules";

describe("certificate numbering", () => {
  it("writes OCOP-{province}-{year}-{NNNN}, four digits at least", () => {
    expect(certificateNumber("TN", 2026, 1)).toBe("OCOP-TN-2026-0001");
    expect(certificateNumber("TN", 2026, 123)).toBe("OCOP-TN-2026-0123");
    expect(certificateNumber("HCM", 2027, 12345)).toBe("OCOP-HCM-2027-12345");
    expect(certificateNumberPrefix("TN", 2026)).toBe("OCOP-TN-2026-");
  });

  it("refuses what cannot be numbered", () => {
    expect(() => certificateNumber("tn", 2026, 1)).toThrow(RangeError);
    expect(() => certificateNumber("TN", 2018, 1)).toThrow(RangeError);
    expect(() => certificateNumber("TN", 2026, 0)).toThrow(RangeError);
    expect(() => certificateNumber("TN", 2026, 1.5)).toThrow(RangeError);
  });

  it("takes a province's initials from its Vietnamese name", () => {
    expect(provinceInitials("Thái Nguyên")).toBe("TN");
    expect(provinceInitials("Tỉnh Thái Nguyên")).toBe("TN");
    expect(provinceInitials("Đắk Lắk")).toBe("DL");
    expect(provinceInitials("Thành phố Hồ Chí Minh")).toBe("HCM");
    expect(provinceInitials(null)).toBe("VN");
    expect(provinceInitials("")).toBe("VN");
  });
});

describe("reading a certificate number", () => {
  it("keeps printed numbers, trimmed", () => {
    expect(parseCertificateNumber(" OCOP-TN-2026-0001 ")).toBe("OCOP-TN-2026-0001");
    expect(parseCertificateNumber("01/QĐ-UBND")).toBe("01/QĐ-UBND");
    expect(parseCertificateNumber("QG-OCOP5-2024-017")).toBe("QG-OCOP5-2024-017");
  });

  it("refuses odd characters, empty and overlong values", () => {
    for (const bad of ["", "x", "<script>", "a'b", "OCOP;drop", "-abc", "a".repeat(61), undefined, null]) {
      expect(parseCertificateNumber(bad as string)).toBeNull();
    }
  });
});

describe("certificate standing", () => {
  const c = { status: "valid" as const, issuedOn: "2026-01-10", expiresOn: "2029-01-10" };
  it("is valid, expiring, expired or not yet valid by date, and suspended or revoked whatever the date", () => {
    expect(certificateStanding(c, "2027-01-01")).toBe("valid");
    expect(certificateStanding(c, "2028-12-01")).toBe("expiring");
    expect(certificateStanding(c, "2029-01-10")).toBe("expiring");
    expect(certificateStanding(c, "2029-01-11")).toBe("expired");
    expect(certificateStanding(c, "2026-01-09")).toBe("not_yet_valid");
    expect(certificateStanding({ ...c, status: "suspended" }, "2027-01-01")).toBe("suspended");
    expect(certificateStanding({ ...c, status: "revoked" }, "2030-01-01")).toBe("revoked");
  });
});

describe("recording an existing certificate", () => {
  const form = { number: "TN-OCOP-2025-0112", stars: "4", group: "beverage", score: "84", issuedOn: "2025-03-20", expiresOn: "" };
  it("defaults the expiry to 36 months after issue", () => {
    const parsed = recordCertificateSchema.safeParse(form);
    expect(parsed.success && parsed.data).toMatchObject({ number: "TN-OCOP-2025-0112", stars: 4, score: 84, expiresOn: "2028-03-20" });
  });

  it("refuses stars outside 3–5, a score that does not match the stars, a missing issue date and an expiry before issue", () => {
    expect(recordCertificateSchema.safeParse({ ...form, stars: "2" }).success).toBe(false);
    expect(recordCertificateSchema.safeParse({ ...form, score: "95" }).success).toBe(false);
    expect(recordCertificateSchema.safeParse({ ...form, issuedOn: "" }).success).toBe(false);
    expect(recordCertificateSchema.safeParse({ ...form, expiresOn: "2025-01-01" }).success).toBe(false);
    expect(recordCertificateSchema.safeParse({ ...form, number: "<b>" }).success).toBe(false);
    expect(recordCertificateSchema.safeParse({ ...form, group: "cars" }).success).toBe(false);
  });
});
