import { describe, expect, it } from "vitest";
import { messages } from "~/lib/i18n";
import { displayDetail } from "./detail-display";

describe("displayDetail", () => {
  it("shows lists as lists, dates as dates, yes/no and lab results as words", () => {
    expect(displayDetail("parameters", ["độ ẩm", "tro tổng"])).toEqual({ kind: "list", items: [{ kind: "text", text: "độ ẩm" }, { kind: "text", text: "tro tổng" }] });
    expect(displayDetail("sampledOn", "2026-10-03")).toEqual({ kind: "date", iso: "2026-10-03" });
    expect(displayDetail("at", "2026-10-03T07:00:00.000Z")).toEqual({ kind: "datetime", iso: "2026-10-03T07:00:00.000Z" });
    expect(displayDetail("labelled", true)).toEqual({ kind: "yesno", value: true });
    expect(displayDetail("result", "đạt")).toEqual({ kind: "result", value: "pass" });
    expect(displayDetail("result", "Không đạt")).toEqual({ kind: "result", value: "fail" });
    expect(displayDetail("pickers", 12)).toEqual({ kind: "number", value: 12 });
  });

  it("keeps odd values readable instead of JSON", () => {
    expect(displayDetail("notes", "2026-13-45")).toEqual({ kind: "text", text: "2026-13-45" });
    expect(displayDetail("notes", null)).toEqual({ kind: "text", text: "" });
    expect(displayDetail("extra", { a: 1, b: ["x", "y"] })).toEqual({ kind: "list", items: [{ kind: "text", text: "a: 1" }, { kind: "text", text: "b: x, y" }] });
    expect(displayDetail("result", "chờ kết quả")).toEqual({ kind: "text", text: "chờ kết quả" });
  });

  it("every detail the demo records has a label in both languages", () => {
    const keys = ["action", "check", "density", "drying", "durationHours", "flora", "grade", "grower", "hives", "labelled", "lot", "materials", "moistureAfter", "moistureAtHarvest", "notice", "paddy", "part", "pickers", "ratio", "reason", "scope", "site", "supplier", "water", "weighedAt", "yield", "sampledOn", "parameters", "sampling", "parameter", "measured", "limit", "deliveryReference", "lotQuantityAfter", "process", "equipment", "lab", "reportNumber", "standard", "result", "packaging", "conditions", "carrier", "destination", "variety", "method", "dose", "product", "target", "preHarvestIntervalDays"];
    for (const key of keys) {
      expect(messages.vi, key).toHaveProperty([`detail.${key}`]);
      expect(messages.en, key).toHaveProperty([`detail.${key}`]);
    }
  });
});
