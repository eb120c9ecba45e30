import { describe, expect, it } from "vitest";
import { organisationProfileSchema } from "./organisation-schema";
import { fieldErrors } from "~/lib/field-errors";

const base = { name: "HTX Chè Tân Cương Xanh", kind: "cooperative" };
const errors = (input: Record<string, unknown>) => {
  const r = organisationProfileSchema.safeParse(input);
  return r.success ? {} : fieldErrors(r.error);
};

describe("organisation profile form", () => {
  it("accepts a minimal profile, empty fields becoming null", () => {
    const p = organisationProfileSchema.parse({ ...base, address: "", phone: "" });
    expect(p.address).toBeNull();
    expect(p.bankBin).toBeNull();
  });
  it("accepts a complete bank account for VietQR", () => {
    const p = organisationProfileSchema.parse({ ...base, bankBin: "970405", bankAccountNumber: "8506205102416", bankAccountName: "HTX CHE TAN CUONG XANH" });
    expect(p.bankAccountNumber).toBe("8506205102416");
  });
  it("accepts a GLN with a valid check digit, empty as none", () => {
    expect(organisationProfileSchema.parse({ ...base, gln: " 8936000000011 " }).gln).toBe("8936000000011");
    expect(organisationProfileSchema.parse({ ...base, gln: "" }).gln).toBeNull();
  });
  it("rejects a GLN of the wrong length or with a wrong check digit", () => {
    expect(errors({ ...base, gln: "893600000001" })).toEqual({ gln: "validation.gln" });
    expect(errors({ ...base, gln: "89360000000AB" })).toEqual({ gln: "validation.gln" });
    expect(errors({ ...base, gln: "8936000000019" })).toEqual({ gln: "validation.glnCheckDigit" });
  });
  it("rejects partial or malformed bank details", () => {
    expect(errors({ ...base, bankBin: "970405" })).toEqual({
      bankAccountNumber: "validation.bankComplete",
      bankAccountName: "validation.bankComplete",
    });
    expect(errors({ ...base, bankBin: "97040", bankAccountNumber: "12ab", bankAccountName: "Hợp tác xã" })).toEqual({
      bankBin: "validation.bankBin",
      bankAccountNumber: "validation.bankAccount",
      bankAccountName: "validation.bankAccountName",
    });
  });
  it("rejects bad contact details and absurd numbers", () => {
    expect(errors({ ...base, name: "" })).toEqual({ name: "validation.required" });
    expect(errors({ ...base, email: "not-an-email" })).toEqual({ email: "validation.email" });
    expect(errors({ ...base, website: "javascript:alert(1)" })).toEqual({ website: "validation.website" });
    expect(errors({ ...base, phone: "call me" })).toEqual({ phone: "validation.phone" });
    expect(errors({ ...base, foundedYear: "1800" })).toEqual({ foundedYear: "validation.year" });
    expect(errors({ ...base, memberCount: "-4" })).toEqual({ memberCount: "validation.memberCount" });
    expect(errors({ ...base, kind: "department" })).toEqual({ kind: "validation.choice" });
  });
});
