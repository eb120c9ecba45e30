import { describe, expect, it } from "vitest";
import { fieldErrors } from "~/lib/field-errors";
import { assignFormSchema, normaliseReference, referenceFromBytes, referencePattern, reportFormSchema } from "./schema";

const errorsOf = (raw: Record<string, unknown>) => {
  const parsed = reportFormSchema.safeParse(raw);
  return parsed.success ? {} : fieldErrors(parsed.error);
};

describe("the report form", () => {
  it("takes an anonymous counterfeit report with a code and normalises what people type", () => {
    const parsed = reportFormSchema.parse({
      kind: "counterfeit",
      description: "  Gói chè giá rẻ bất thường trên mạng  ",
      placeBought: "Chợ Đồng Quang",
      code: "abcdefghjkmnp",
      contactPhone: "",
      contactEmail: "",
    });
    expect(parsed).toMatchObject({ kind: "counterfeit", description: "Gói chè giá rẻ bất thường trên mạng", code: "ABCDEFGHJKMNP", contactPhone: null, contactEmail: null });
  });

  it("says what is wrong with bad input", () => {
    expect(errorsOf({ kind: "spam", description: "x" })).toMatchObject({ kind: "rep.v.kind", description: "rep.v.descriptionShort" });
    expect(errorsOf({ kind: "quality", description: "y".repeat(2001) })).toEqual({ description: "rep.v.descriptionLong" });
    expect(errorsOf({ kind: "counterfeit", description: "Hàng nghi giả ngoài chợ" })).toEqual({ placeBought: "rep.v.placeRequired" });
    expect(errorsOf({ kind: "quality", description: "Chất lượng không đúng", code: "ILOU" })).toEqual({ code: "rep.v.code" });
    expect(errorsOf({ kind: "quality", description: "Chất lượng không đúng", contactPhone: "12345" })).toEqual({ contactPhone: "rep.v.phone" });
    expect(errorsOf({ kind: "quality", description: "Chất lượng không đúng", contactEmail: "not-an-address" })).toEqual({ contactEmail: "rep.v.email" });
    expect(errorsOf({ kind: "quality", description: "Chất lượng không đúng", order: "12" })).toEqual({ order: "rep.v.order" });
    expect(errorsOf({ kind: "wrong_information", description: "Thông tin sai trên trang", page: "https://evil.example/x" })).toEqual({ page: "rep.v.page" });
    expect(errorsOf({ kind: "quality", description: "Chất lượng không đúng", serial: "ABCDEFGHJKMNP" })).toEqual({ serial: "rep.v.serialWithoutCode" });
  });
});

describe("case references", () => {
  it("are 60 random bits in Crockford base32, forgiving how people type them", () => {
    const reference = referenceFromBytes(new Uint8Array([255, 255, 255, 255, 255, 255, 255, 255]));
    expect(reference).toBe("PA-ZZZZ-ZZZZ-ZZZZ");
    expect(referenceFromBytes(new Uint8Array(8))).toBe("PA-0000-0000-0000");
    expect(referencePattern.test(referenceFromBytes(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])))).toBe(true);
    expect(normaliseReference("pa 7k3m 9qxr 2t4v")).toBe("PA-7K3M-9QXR-2T4V");
    expect(normaliseReference("PA-OILO-0000-0000")).toBe("PA-0110-0000-0000");
    expect(normaliseReference("PA-7K3M-9QXR")).toBeNull();
    expect(normaliseReference("PA-UUUU-0000-0000")).toBeNull();
  });
});

describe("the assignment form", () => {
  it("needs the assignee its kind names", () => {
    expect(assignFormSchema.safeParse({ assigneeKind: "cooperative" }).success).toBe(false);
    expect(assignFormSchema.safeParse({ assigneeKind: "commune", communeId: "abc" }).success).toBe(false);
    expect(assignFormSchema.safeParse({ assigneeKind: "nobody" }).success).toBe(false);
    expect(assignFormSchema.parse({ assigneeKind: "commune", communeId: "12", note: "" })).toEqual({ assigneeKind: "commune", communeId: 12, note: null });
  });
});
