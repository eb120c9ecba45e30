import { describe, expect, it } from "vitest";
import { fieldErrors } from "~/lib/field-errors";
import { supportCorrectionSchema, supportEntrySchema, supportRepaymentSchema, transparencyFilterSchema } from "./schema";

const good = {
  programme: "new_rural",
  project: "Dự án liên kết chuỗi chè",
  kind: "value_chain",
  valueVnd: "150.000.000",
  givenOn: "2026-04-02",
  communeId: "12",
  beneficiary: "households",
  organisationId: "5b1d7c4e-0a51-4c1e-9f3a-1c2b3d4e5f60",
  householdCodes: "H01, H02;H03\nH01",
};

const errorsOf = (schema: { safeParse(v: unknown): { success: boolean; error?: unknown } }, value: unknown) => {
  const r = schema.safeParse(value) as { success: true } | { success: false; error: Parameters<typeof fieldErrors>[0] };
  return r.success ? {} : fieldErrors(r.error);
};

describe("support ledger forms", () => {
  it("reads a good entry: VND as typed, codes split and deduplicated, an unticked box as false", () => {
    const r = supportEntrySchema.parse(good);
    expect(r).toMatchObject({ valueVnd: 150_000_000, communeId: 12, householdCodes: ["H01", "H02", "H03"], revolving: false, note: null });
    expect(supportEntrySchema.parse({ ...good, revolving: "on" }).revolving).toBe(true);
  });

  it("refuses bad input with one message key per field", () => {
    expect(
      errorsOf(supportEntrySchema, { ...good, programme: "x", project: " ", kind: "gold", valueVnd: "1,5", givenOn: "2026-02-31", communeId: "-1", beneficiary: "", organisationId: "1" }),
    ).toEqual({
      programme: "sup.error.programme",
      project: "sup.error.project",
      kind: "sup.error.kind",
      valueVnd: "sup.error.value",
      givenOn: "sup.error.date",
      communeId: "sup.error.commune",
      beneficiary: "sup.error.beneficiary",
      organisationId: "sup.error.cooperative",
    });
    expect(errorsOf(supportEntrySchema, { ...good, valueVnd: "0" })).toEqual({ valueVnd: "sup.error.valuePositive" });
    expect(errorsOf(supportEntrySchema, { ...good, valueVnd: "-5.000" })).toEqual({ valueVnd: "sup.error.value" });
    expect(errorsOf(supportEntrySchema, { ...good, householdCodes: "H#01" })).toEqual({ householdCodes: "sup.error.householdCode" });
    expect(errorsOf(supportEntrySchema, { ...good, householdCodes: Array.from({ length: 501 }, (_, i) => `H${i}`).join(",") })).toEqual({ householdCodes: "sup.error.tooManyHouseholds" });
    expect(errorsOf(supportEntrySchema, { ...good, householdCodes: "" })).toEqual({ householdCodes: "sup.error.householdsRequired" });
    expect(errorsOf(supportEntrySchema, { ...good, beneficiary: "cooperative" })).toEqual({ householdCodes: "sup.error.householdsForCooperative" });
    expect(errorsOf(supportEntrySchema, { ...good, revolving: "yes" })).toEqual({ revolving: "sup.error.invalid" });
  });

  it("lets a correction withdraw an entry (value 0) but never without a reason", () => {
    const base = { programme: "new_rural", project: "P", kind: "cash", valueVnd: "0", givenOn: "2026-04-02", correctsId: good.organisationId };
    expect(supportCorrectionSchema.parse({ ...base, reason: "Ghi nhầm" }).valueVnd).toBe(0);
    expect(errorsOf(supportCorrectionSchema, { ...base, reason: "x" })).toEqual({ reason: "sup.error.reason" });
    expect(errorsOf(supportCorrectionSchema, { ...base, correctsId: "12", reason: "Ghi nhầm" })).toEqual({ correctsId: "sup.error.entry" });
  });

  it("takes only positive repayments", () => {
    expect(errorsOf(supportRepaymentSchema, { entryId: good.organisationId, amountVnd: "0", paidOn: "2026-05-01" })).toEqual({ amountVnd: "sup.error.valuePositive" });
    expect(supportRepaymentSchema.parse({ entryId: good.organisationId, amountVnd: "2.000.000", paidOn: "2026-05-01" }).amountVnd).toBe(2_000_000);
  });

  it("drops public filters it does not understand instead of failing", () => {
    expect(transparencyFilterSchema.parse({ province: "19", commune: "7", programme: "new_rural", year: "2026" })).toEqual({ province: "19", commune: 7, programme: "new_rural", year: 2026 });
    expect(transparencyFilterSchema.parse({ province: "x'--", commune: "abc", programme: "bribes", year: "1800" })).toEqual({});
  });
});
