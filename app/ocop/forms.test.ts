import { describe, expect, it } from "vitest";
import { parseInput } from "~/lib/field-errors";
import { businessPlanSchema, formComplete, formValues, productIdeaSchema } from "./forms";

const idea = {
  productName: "Chè móc câu Tân Cương",
  rawMaterials: "Búp chè",
  rawMaterialSource: "Vùng chè của hộ thành viên",
  productionScale: "20 tấn",
  targetMarket: "Hà Nội",
  distinctiveness: "Sao suốt thủ công",
};
const plan = { members: "42", workers: "0", capacityPerYear: "20 tấn", revenueLastYearVnd: "1.250.000.000", salesChannels: "Cửa hàng", investmentPlan: "", threeYearPlan: "Mở rộng" };

describe("dossier forms", () => {
  it("read a complete product idea and business plan, VND as an integer, blanks as null", () => {
    expect(productIdeaSchema.parse(idea)).toEqual(idea);
    expect(businessPlanSchema.parse(plan)).toEqual({ ...plan, members: 42, workers: 0, revenueLastYearVnd: 1_250_000_000, investmentPlan: null });
    expect(businessPlanSchema.parse({ ...plan, revenueLastYearVnd: "" }).revenueLastYearVnd).toBeNull();
  });

  it("refuse missing, malformed and overlong fields with a message per field", () => {
    const r = parseInput(productIdeaSchema, { ...idea, productName: "  ", distinctiveness: "x".repeat(2001) });
    expect(r).toMatchObject({ ok: false, reason: "invalid_input", fieldErrors: { productName: "validation.required", distinctiveness: "validation.textTooLong" } });
    const p = parseInput(businessPlanSchema, { ...plan, members: "", workers: "-3", revenueLastYearVnd: "12,5 triệu" });
    expect(p).toMatchObject({ ok: false, fieldErrors: { members: "validation.required", workers: "ocopApp.v.count", revenueLastYearVnd: "ocopApp.v.vnd" } });
    expect(parseInput(businessPlanSchema, { ...plan, workers: "100001" })).toMatchObject({ ok: false, fieldErrors: { workers: "ocopApp.v.count" } });
    expect(parseInput(businessPlanSchema, { ...plan, revenueLastYearVnd: "-1000" })).toMatchObject({ ok: false, fieldErrors: { revenueLastYearVnd: "ocopApp.v.vnd" } });
  });

  it("give stored forms back as strings and know when they are complete", () => {
    const stored = businessPlanSchema.parse(plan);
    expect(formValues(stored)).toMatchObject({ members: "42", revenueLastYearVnd: "1250000000" });
    expect(formValues(null)).toEqual({});
    expect(formValues({ a: { nested: 1 }, b: "x" })).toEqual({ b: "x" });
    expect(formComplete("businessPlan", stored)).toBe(true);
    expect(formComplete("productIdea", {})).toBe(false);
    expect(formComplete("productIdea", idea)).toBe(true);
  });
});
